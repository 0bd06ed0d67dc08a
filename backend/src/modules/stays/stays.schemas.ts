import { z } from 'zod';
import { stayStatus } from '../../db/drizzle/schema.js';

export const isoDate = z.iso.date();

export const staySchema = z
  .object({
    id: z.uuid(),
    propertyId: z.uuid(),
    confirmationNumber: z.string(),
    arrivalDate: isoDate,
    departureDate: isoDate,
    room: z.string().nullable(),
    status: z.enum(stayStatus.enumValues),
    adults: z.number().int(),
    children: z.number().int(),
    property: z.object({ code: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() }),
    guest: z.object({
      firstName: z.string().nullable(),
      lastName: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
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
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Use international format, e.g. +351912345678');

export const contactUpdateBody = z
  .strictObject({
    email: z.email().max(254).optional(),
    phone: e164.optional(),
    address: z
      .strictObject({
        lines: z.array(z.string().trim().min(1).max(120)).min(1).max(3),
        city: z.string().trim().min(1).max(80).optional(),
        postalCode: z.string().trim().min(1).max(20).optional(),
        region: z.string().trim().min(1).max(80).optional(),
        countryCode: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. PT').optional(),
      })
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one of email, phone, address.',
  });

export const stayParams = z.object({
  propertyId: z.string().min(1).max(64).describe('Property id or code'),
  stayId: z.uuid(),
});

export const checkInBody = z.strictObject({ room: z.string().trim().min(1).max(16).optional() });

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
