import { z } from 'zod';
import { spaBookingStatus } from '../../db/drizzle/schema.js';
import { propertyParams } from '../../http/schemas.js';
import { stayParams } from '../stays/stays.schemas.js';

const isoDate = z.iso.date().describe('YYYY-MM-DD, in the hotel\'s time zone');
const offsetDateTime = z.iso.datetime({ offset: true });
const therapist = z.object({ id: z.string(), name: z.string() });
const vendorId = z.string().trim().min(1).max(100);

export const catalogQuery = z.object({ language: z.string().regex(/^[a-z]{2,3}$/, 'A BCP 47 primary tag, e.g. en').optional().describe("Default: the guest's language") });

export const spaCatalogSchema = z
  .object({
    enabled: z.boolean().describe('False where the hotel has no spa system: the app shows no spa'),
    therapists: z.boolean().describe('Slots name therapists the guest may choose'),
    treatments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        category: z.string(),
        durationMinutes: z.number().int(),
        price: z.object({ amount: z.number().int().describe('Minor units'), currency: z.string() }),
      }),
    ),
  })
  .meta({ id: 'SpaCatalog' });

export const availabilityQuery = z.object({ treatmentId: vendorId, date: isoDate });

const slotSchema = z.object({ startsAt: offsetDateTime, endsAt: offsetDateTime, therapist: therapist.nullable() });

export const availabilitySchema = z.object({ treatmentId: z.string(), date: z.string(), slots: z.array(slotSchema) }).meta({ id: 'SpaAvailability' });

export const spaBookBody = z.strictObject({
  treatmentId: vendorId,
  startsAt: offsetDateTime.describe('A start time from the availability, with its offset'),
  therapistId: vendorId.optional().describe('Omitted: any therapist'),
  payment: z.enum(['room']).describe('`room`: charged to the room bill (card payment is not offered yet)'),
  notes: z.string().trim().min(1).max(500).optional().describe('For the therapist: pressure, allergies'),
});

export const spaBookingSchema = z
  .object({
    id: z.uuid(),
    stayId: z.uuid(),
    reference: z.string().describe('Ours (`spa_bk_<uuid>`), the spa system\'s idempotency key'),
    status: z
      .enum(spaBookingStatus.enumValues)
      .describe('`pending`: the spa system has not answered yet (send the same request again); `failed`: refused (`failureReason`); then as the spa system says'),
    treatmentId: z.string(),
    treatmentName: z.string(),
    startsAt: offsetDateTime,
    endsAt: offsetDateTime,
    therapist: therapist.nullable(),
    priceMinor: z.number().int(),
    currency: z.string(),
    payment: z.enum(['room', 'card']),
    chargeStatus: z.enum(['pending', 'posted', 'failed']).nullable().describe('The room charge on the folio: `pending` while the hotel system has not taken it (retried)'),
    notes: z.string().nullable(),
    failureReason: z.string().nullable(),
    cancellable: z.boolean(),
    cancellationFeeMinor: z.number().int().describe('What cancelling now keeps of the price (inside the cancellation window)'),
    createdBy: z.enum(['guest', 'staff']),
    createdAt: z.date(),
  })
  .meta({ id: 'SpaBooking' });

export const spaBookingsSchema = z.object({ bookings: z.array(spaBookingSchema) }).meta({ id: 'SpaBookings' });

export const guestBookingParams = z.object({ bookingId: z.uuid() });
export const staffBookingParams = propertyParams.extend({ bookingId: z.uuid() });
export const staffStayParams = stayParams;
export const scheduleQuery = z.object({ date: isoDate });

export const spaScheduleSchema = z
  .object({
    date: z.string(),
    timeZone: z.string(),
    providerError: z.string().nullable().describe("The spa system did not answer: only bookings made here are shown"),
    bookings: z
      .array(
        z.object({
          id: z.uuid().nullable().describe('Null for a booking made in the spa system itself'),
          stayId: z.uuid().nullable(),
          reference: z.string().nullable(),
          source: z.enum(['innkeeper', 'spa_system']),
          providerBookingId: z.string().nullable(),
          status: z.enum(spaBookingStatus.enumValues),
          treatmentId: z.string(),
          treatmentName: z.string(),
          startsAt: offsetDateTime,
          endsAt: offsetDateTime,
          therapist: therapist.nullable(),
          guest: z.object({ name: z.string(), room: z.string().nullable(), confirmationNumber: z.string().nullable() }),
          payment: z.enum(['room', 'card']).nullable(),
          chargeStatus: z.enum(['pending', 'posted', 'failed']).nullable(),
        }),
      )
      .describe('By therapist, then start'),
  })
  .meta({ id: 'SpaDaySchedule' });

const percent = z.int().min(0).max(100);

export const spaSettingsSchema = z
  .strictObject({
    cancellationWindowHours: z.int().min(0).max(720).describe('Hours before the start inside which a cancellation is late'),
    lateCancelFeePercent: percent.describe('Of the price, kept for a late cancellation'),
    noShowFeePercent: percent.describe('Of the price, kept when the guest does not come'),
    roomChargeAllowed: z.boolean().describe('Guests may charge treatments to their room'),
  })
  .meta({ id: 'SpaSettings' });
