import type { ConciergeContext, ConciergeFact, ConciergePlace, ConciergeTool } from './concierge.port.js';

/** Test fixtures shared by the contract suite and the providers' tests: a hotel, its places, the tools of services.md §5.6. */

const strict = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

/** The categories of `create_service_request` (services.md §5.6). */
export const serviceRequestCategories = ['housekeeping', 'maintenance', 'amenity', 'wake_up_call', 'luggage', 'other'];

export const conciergeTools = {
  createServiceRequest: {
    name: 'create_service_request',
    description: "Asks housekeeping or maintenance for something for the guest's room (towels, pillows, a repair).",
    parameters: strict({
      category: { type: 'string', enum: serviceRequestCategories },
      details: { type: 'string', description: 'What the guest asked for, in their words.' },
      room: nullable('string'),
      requested_time: nullable('string', { format: 'date-time' }),
      priority: { type: 'string', enum: ['normal', 'urgent'] },
    }),
  },
  requestLateCheckout: {
    name: 'request_late_checkout',
    description: 'Asks the front desk for a later check-out on the departure day.',
    parameters: strict({ requested_time: { type: 'string', format: 'date-time' } }),
  },
  getFolio: { name: 'get_folio', description: "The guest's bill so far: balance and items.", parameters: strict({}) },
  getSpaAvailability: {
    name: 'get_spa_availability',
    description: 'Free spa appointments on a day.',
    parameters: strict({ date: { type: 'string', format: 'date' }, service_id: nullable('string') }),
  },
  bookSpa: {
    name: 'book_spa',
    description: 'Books a spa appointment the guest chose (the guest confirms before it is made).',
    parameters: strict({ service_id: { type: 'string' }, start: { type: 'string', format: 'date-time' }, notes: nullable('string') }),
  },
  handoffToHuman: {
    name: 'handoff_to_human',
    description: 'Hands the conversation to a member of staff.',
    parameters: strict({
      reason: { type: 'string', enum: ['complaint', 'billing', 'safety', 'unsupported', 'guest_request', 'low_confidence'] },
      summary: { type: 'string' },
      urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
    }),
  },
} satisfies Record<string, ConciergeTool>;

export const allConciergeTools: ConciergeTool[] = Object.values(conciergeTools);

const fact = (id: string, topic: string, text: string): ConciergeFact => ({ id, topic, text });

/** The demo harbour hotel's information in English, with a few facts an admin added. */
export const englishFacts: ConciergeFact[] = [
  fact('wifi-network', 'Wi-Fi network', 'HarbourGuest'),
  fact('wifi-password', 'Wi-Fi password', 'seaview2024'),
  fact('check-in', 'Check-in', 'From 15:00'),
  fact('check-out', 'Check-out', 'By 11:00'),
  fact('breakfast', 'Breakfast', '07:00-10:30, ground floor'),
  fact('restaurant', 'Restaurant', 'Lunch 12:30-15:00, dinner 19:00-22:30'),
  fact('spa', 'Spa', 'Open daily 09:00-20:00 on the 2nd floor; massages by appointment'),
  fact('parking', 'Parking', 'Public car park Rua do Porto, 200 m, EUR 18 a day'),
  fact('address', 'Address', 'Rua do Porto 12, 1200-100 Lisboa, Portugal'),
  fact('phone', 'Reception phone', '+351 21 000 0000'),
  fact('emergency', 'Emergency numbers', '112 (emergencies); night reception: dial 9'),
  fact('pool', 'Pool', 'Rooftop pool, 08:00-20:00, towels at the pool bar'),
  fact('pets', 'Pets', 'Dogs up to 10 kg are welcome, EUR 15 a night'),
  fact('transport', 'Airport transfer', 'Taxi to the airport takes about 25 minutes (about EUR 20); reception books it'),
  fact('laundry', 'Laundry', 'Same-day laundry service when handed in by 09:00'),
];

/** The same hotel for a German guest: German texts where the hotel wrote them, English where it did not. */
export const germanFacts: ConciergeFact[] = [
  fact('wifi-network', 'WLAN-Name', 'HarbourGuest'),
  fact('wifi-password', 'WLAN-Passwort', 'seaview2024'),
  fact('check-in', 'Check-in', 'Ab 15:00'),
  fact('check-out', 'Check-out', 'Bis 11:00'),
  fact('breakfast', 'Frühstück', '07:00-10:30, Erdgeschoss'),
  fact('restaurant', 'Restaurant', 'Mittagessen 12:30-15:00, Abendessen 19:00-22:30'),
  fact('spa', 'Spa', 'Täglich 09:00-20:00 im 2. Stock geöffnet; Massagen nach Vereinbarung'),
  fact('parking', 'Parken', 'Öffentliches Parkhaus Rua do Porto, 200 m, 18 EUR pro Tag'),
  fact('address', 'Address', 'Rua do Porto 12, 1200-100 Lisboa, Portugal'),
  fact('phone', 'Telefon der Rezeption', '+351 21 000 0000'),
  fact('emergency', 'Notrufnummern', '112 (Notruf); Nachtrezeption: Taste 9'),
  fact('pool', 'Pool', 'Pool auf dem Dach, 08:00-20:00, Handtücher an der Poolbar'),
  fact('pets', 'Pets', 'Dogs up to 10 kg are welcome, EUR 15 a night'),
  fact('transport', 'Flughafentransfer', 'Ein Taxi zum Flughafen braucht etwa 25 Minuten (ca. 20 EUR); die Rezeption bestellt es'),
  fact('laundry', 'Wäscheservice', 'Wäsche am selben Tag, wenn sie bis 09:00 abgegeben wird'),
];

export const places: ConciergePlace[] = [
  { id: 'tasca', name: 'Tasca do Porto', category: 'restaurant', description: 'Grilled fish and Portuguese home cooking.', hours: '12:00-23:00', distanceMeters: 150 },
  { id: 'aurora', name: 'Café Aurora', category: 'café', description: 'Pastéis de nata and coffee.', hours: '08:00-19:00', distanceMeters: 300 },
  { id: 'fado', name: 'Museu do Fado', category: 'museum', description: "The story of Lisbon's music.", hours: '10:00-18:00, closed Mondays', distanceMeters: 800 },
  { id: 'miradouro', name: 'Bar Miradouro', category: 'bar', description: 'Cocktails with a view over the river.', hours: '17:00-01:00', distanceMeters: 450 },
];

export function conciergeContext(language: 'en' | 'de' = 'en'): ConciergeContext {
  return {
    hotelName: 'Harbour View Hotel',
    timeZone: 'Europe/Lisbon',
    now: '2026-05-12T10:15:00+01:00',
    facts: language === 'de' ? germanFacts : englishFacts,
    places,
    guest: { firstName: 'Anna', language, room: '204', arrivalDate: '2026-05-11', departureDate: '2026-05-14' },
  };
}
