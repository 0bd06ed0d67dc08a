import { z } from 'zod';
import { stayStatus } from '../../db/drizzle/schema.js';
import { GUEST_LANGUAGES } from '../../lib/languages.js';

export const isoDate = z.iso.date();

export const guestLanguage = z.enum(GUEST_LANGUAGES).describe('ISO 639-1 code of a language the guest app speaks');

const addressSchema = z
  .object({
    lines: z.array(z.string()),
    city: z.string().optional(),
    postalCode: z.string().optional(),
    region: z.string().optional(),
    countryCode: z.string().optional(),
  })
  .meta({ id: 'Address' });

export const staySchema = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    confirmationNumber: z.string(),
    arrivalDate: isoDate,
    departureDate: isoDate,
    room: z.string().nullable(),
    status: z.enum(stayStatus.enumValues),
    lateCheckOut: z.string().nullable().describe("Late check-out granted on the departure day (hotel time, HH:MM); null: the hotel's check-out time"),
    adults: z.number().int(),
    children: z.number().int(),
    property: z.object({ code: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() }),
    guest: z.object({
      firstName: z.string().nullable(),
      lastName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      address: addressSchema.nullable(),
      language: guestLanguage.nullable().describe("From the PMS when it records one, then as the guest chose it; guest messages use it"),
    }),
    syncedAt: z.date().nullable().describe('When the PMS last confirmed this stay'),
    stale: z.boolean().describe('True when the PMS could not be reached and this is our last known copy'),
  })
  .meta({ id: 'Stay' });

export const folioSchema = z
  .object({
    currency: z.string().length(3),
    lines: z.array(
      z.object({
        id: z.string(),
        date: isoDate,
        description: z.string(),
        amountMinor: z.number().int().describe('Positive, in minor units; `kind` gives the direction'),
        kind: z.enum(['charge', 'payment']),
      }),
    ),
    balanceMinor: z.number().int().describe('Charges minus payments, in minor units'),
    complete: z.boolean().describe('False when the PMS only gave a balance'),
  })
  .meta({ id: 'Folio' });

/** E.164: a plus, a country code, and at most 15 digits in all. */
export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Enter the phone number in international format: a plus, the country code and the number.');

/** An optional part of an address: blank means "none", so a form may send every field it has. */
const addressPart = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} can be at most ${max} characters long.`)
    .optional()
    .transform((value) => value || undefined);

export const contactUpdateBody = z
  .strictObject({
    email: z.email('Enter an email address such as name@example.com.').max(254).optional(),
    phone: e164.optional(),
    address: z
      .strictObject({
        lines: z
          .array(z.string().trim().max(120, 'A street address line can be at most 120 characters long.'))
          .max(3, 'Give at most 3 street address lines.')
          .optional()
          .transform((lines) => lines?.filter(Boolean) ?? []),
        city: addressPart(80, 'city'),
        postalCode: addressPart(20, 'postal code'),
        region: addressPart(80, 'region'),
        countryCode: z
          .string()
          .trim()
          .regex(/^([A-Za-z]{2})?$/, 'Enter the country as its two-letter code, e.g. PT.')
          .optional()
          .transform((code) => code?.toUpperCase() || undefined),
      })
      .describe('Replaces the saved address; blank parts are left out')
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one of email, phone, address.',
  });

export const guestLanguageBody = z.strictObject({ language: guestLanguage });

export const stayParams = z.object({
  propertyId: z.string().min(1).max(64).describe('Property id or code'),
  stayId: z.uuid(),
});

const roomNumber = z.string().trim().min(1).max(16);

export const checkInBody = z.strictObject({ room: roomNumber.optional() });

export const roomMoveBody = z.strictObject({ room: roomNumber.describe('The room to move to, from the room list (GET …/rooms)') });

export const lateCheckOutBody = z.strictObject({
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as HH:MM, e.g. 14:00.')
    .describe("The new departure time on the departure day (hotel time, HH:MM), later than the current one"),
});

export const checkInRooms = z
  .object({
    source: z.enum(['pms', 'property']).describe("`pms`: the PMS's own room search; `property`: the room list the admin keeps (empty when none is kept)"),
    rooms: z.array(
      z.object({
        room: z.string(),
        roomType: z.string().nullable().describe("The PMS's room type code, where it gives one"),
        ready: z.boolean().nullable().describe('Cleaned and ready for the guest; null when not known (the property list)'),
      }),
    ),
  })
  .meta({ id: 'CheckInRooms' });

const lookupFields = {
  confirmation: z.string().trim().min(1).max(32).describe('Confirmation number, as on the booking email'),
  lastName: z.string().trim().min(1).max(100).describe('Last name of the guest on the booking'),
  property: z.string().trim().min(1).max(32).optional().describe('Property code, when the guest knows it'),
};

export const lookupBody = z.strictObject(lookupFields);
export const lookupQuery = z.object(lookupFields);

export const lookupResponse = z.object({ token: z.string(), expiresAt: z.iso.datetime(), stay: staySchema });

export const signInLinkSentResponse = z
  .object({ signInLinkSent: z.literal(true), message: z.string() })
  .describe('Past the failure limits: the same answer whatever the details; the guest on a matching booking gets a sign-in link')
  .meta({ id: 'SignInLinkSent' });

export const signInLinkBody = z.strictObject({
  code: z.string().trim().min(1).max(128).describe('The code from a sign-in link (the part after #)'),
});

export const revokedGuestAccess = z.object({
  sessions: z.number().int().describe('Guest sessions ended'),
  links: z.number().int().describe('Sign-in links withdrawn'),
});

const stayLists = ['arrivals', 'in_house', 'departures'] as const;

export const staffStaysQuery = z.object({
  date: isoDate.optional().describe("Day to list, YYYY-MM-DD; defaults to today in the property's time zone"),
  status: z.enum(stayLists).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('Search instead of listing: guest name (accents and case do not matter), or the start of a confirmation number or room; any date, nearest to `date` first, at most 50'),
});

export const staffStaysResponse = z.object({
  date: isoDate,
  counts: z.object({ arrivals: z.number().int(), in_house: z.number().int(), departures: z.number().int() }).describe('How many stays each list of the day holds'),
  stays: z.array(staySchema.omit({ stale: true })),
});
