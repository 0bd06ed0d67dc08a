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
  })
  .meta({ id: 'Stay' });

const lookupFields = {
  confirmation: z.string().trim().min(1).max(32).describe('Confirmation number, as on the booking email'),
  lastName: z.string().trim().min(1).max(100).describe('Last name of the guest on the booking'),
  property: z.string().trim().min(1).max(32).optional().describe('Property code, when the guest knows it'),
};

export const lookupBody = z.strictObject(lookupFields);
export const lookupQuery = z.object(lookupFields);

export const lookupResponse = z.object({ token: z.string(), expiresAt: z.iso.datetime(), stay: staySchema });

export const staffStaysQuery = z.object({
  date: isoDate.optional().describe("Day to list, YYYY-MM-DD; defaults to today in the property's time zone"),
  status: z.enum(['arrivals', 'in_house', 'departures']).optional(),
});
