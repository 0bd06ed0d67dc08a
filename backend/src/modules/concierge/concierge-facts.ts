import type { ConciergeFact, ConciergePlace } from '../../integrations/concierge/concierge.port.js';
import type { GuestLanguage } from '../../lib/languages.js';
import { HOTEL_INFORMATION_FIELDS, parseHotelFacts, resolveHotelInformation, type HotelInformationField } from '../properties/hotel-information.js';

/** What each field is about, as the model reads it. */
const TOPICS: Record<HotelInformationField, string> = {
  wifiNetwork: 'Wi-Fi network',
  wifiPassword: 'Wi-Fi password',
  checkIn: 'Check-in',
  checkOut: 'Check-out',
  breakfast: 'Breakfast',
  restaurant: 'Restaurant',
  spa: 'Spa',
  parking: 'Parking',
  address: 'Address',
  phone: 'Reception phone',
  mapUrl: 'Map link',
  emergency: 'Emergency numbers',
};

/**
 * The hotel's facts in the guest's language (a field missing there in the default language), one
 * per field given. The Wi-Fi password is among them: guests see it in the app, and it is the
 * question a concierge hears most.
 */
export function conciergeFacts(hotelFacts: unknown, language: GuestLanguage, defaultLanguage: GuestLanguage): ConciergeFact[] {
  const resolved = resolveHotelInformation(parseHotelFacts(hotelFacts).information, language, defaultLanguage);
  return HOTEL_INFORMATION_FIELDS.flatMap((field) => {
    const text = resolved[field];
    return text ? [{ id: `fact:${field}`, topic: TOPICS[field], text }] : [];
  });
}

export function conciergePlace(row: { id: string; name: string; category: string; description: string; hours: string | null; distanceMeters: number | null }): ConciergePlace {
  return { id: `place:${row.id}`, name: row.name, category: row.category, description: row.description, hours: row.hours, distanceMeters: row.distanceMeters };
}
