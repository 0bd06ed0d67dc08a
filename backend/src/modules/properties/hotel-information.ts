import { z } from 'zod';
import { GUEST_LANGUAGES, type GuestLanguage } from '../../lib/languages.js';

/**
 * The hotel's facts for guests, kept in `properties.hotel_facts`: the one place the guest app's
 * hotel information and the AI concierge answer from. Texts are per language; a field missing in
 * a language falls back to the property's default language.
 */
export const HOTEL_INFORMATION_FIELDS = [
  'wifiNetwork',
  'wifiPassword',
  'checkIn',
  'checkOut',
  'breakfast',
  'restaurant',
  'spa',
  'parking',
  'address',
  'phone',
  'mapUrl',
  'emergency',
] as const;

export type HotelInformationField = (typeof HOTEL_INFORMATION_FIELDS)[number];

const text = (max: number, what: string) => z.string().trim().max(max, `${what} can be at most ${max} characters long.`);

/** The facts in one language; every field optional, blank means "not given". */
export const hotelInformationText = z
  .strictObject({
    wifiNetwork: text(64, 'The Wi-Fi name').describe('Wi-Fi network name'),
    wifiPassword: text(64, 'The Wi-Fi password').describe('Wi-Fi password (shown to signed-in guests only)'),
    checkIn: text(200, 'Check-in').describe('Check-in time, e.g. "from 15:00"'),
    checkOut: text(200, 'Check-out').describe('Check-out time, e.g. "by 11:00"'),
    breakfast: text(300, 'Breakfast').describe('Breakfast times and place'),
    restaurant: text(300, 'Restaurant hours').describe('Restaurant opening hours'),
    spa: text(300, 'Spa hours').describe('Spa opening hours'),
    parking: text(300, 'Parking').describe('Parking: where, how much'),
    address: text(300, 'The address').describe("The hotel's address"),
    phone: text(40, 'The phone number').describe('Reception phone number'),
    mapUrl: z
      .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'Enter the map link as a web address starting with https://.' }).max(500)])
      .describe('A link to the hotel on a map'),
    emergency: text(300, 'Emergency numbers').describe('Emergency numbers, e.g. "112; night reception 9"'),
  })
  .partial()
  .meta({ id: 'HotelInformationText' });

export type HotelInformationText = z.infer<typeof hotelInformationText>;

export const hotelInformationByLanguage = z
  .strictObject(Object.fromEntries(GUEST_LANGUAGES.map((language) => [language, hotelInformationText.optional()])) as Record<GuestLanguage, z.ZodOptional<typeof hotelInformationText>>)
  .describe('The facts per language (en, de, fr, es, pt, it); a field left out falls back to the default language');

export type HotelInformationByLanguage = z.infer<typeof hotelInformationByLanguage>;

/** What `properties.hotel_facts` holds. */
export interface HotelFacts {
  /** ISO 3166-1 alpha-2: phone and address examples in the guest app follow it. */
  country?: string;
  /** The hotel's logo, shown on the guest app's lookup page. */
  logoUrl?: string;
  information?: HotelInformationByLanguage;
  /**
   * The hotel's room numbers, which the front desk picks from at check-in when the PMS cannot list
   * its rooms. Kept here until rooms get a table of their own (see the staff-admin report).
   */
  rooms?: string[];
}

/** A room number as the desk and the PMS write it: `204`, `12B`, `Suite-3`. */
export const roomNumber = z
  .string()
  .trim()
  .min(1, 'Enter the room number.')
  .max(16, 'A room number can be at most 16 characters long.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'A room number is letters and digits, with spaces, dots, dashes or underscores between them.');

const storedFacts = z.object({
  country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  logoUrl: z.string().optional().catch(undefined),
  information: hotelInformationByLanguage.optional().catch(undefined),
  rooms: z.array(z.string()).optional().catch(undefined),
});

/** Reads the stored jsonb leniently: a part that does not fit (an older shape) counts as not given. */
export function parseHotelFacts(stored: unknown): HotelFacts {
  const parsed = storedFacts.safeParse(stored ?? {});
  if (!parsed.success) return {};
  const { country, logoUrl, information, rooms } = parsed.data;
  return { ...(country && { country }), ...(logoUrl && { logoUrl }), ...(information && { information }), ...(rooms && { rooms }) };
}

/** Every field in `language`, else in the default language, else null. */
export function resolveHotelInformation(
  information: HotelInformationByLanguage | undefined,
  language: GuestLanguage,
  defaultLanguage: GuestLanguage,
): Record<HotelInformationField, string | null> {
  const pick = (field: HotelInformationField) => information?.[language]?.[field] || information?.[defaultLanguage]?.[field] || null;
  return Object.fromEntries(HOTEL_INFORMATION_FIELDS.map((field) => [field, pick(field)])) as Record<HotelInformationField, string | null>;
}
