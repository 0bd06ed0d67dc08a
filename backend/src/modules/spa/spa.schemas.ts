import { z } from 'zod';
import { paymentStatus, spaBookingStatus, spaPayment } from '../../db/drizzle/schema.js';
import { propertyParams } from '../../http/schemas.js';
import { isoDate } from '../stays/stays.schemas.js';

const offsetDateTime = z.iso.datetime({ offset: true });
const money = z.object({ amount: z.number().int().describe('Minor units'), currency: z.string() });
const therapist = z.object({ id: z.string(), name: z.string() });

export const spaCatalogSchema = z
  .object({
    enabled: z.boolean().describe('False where the hotel has no spa integration: the app shows no spa'),
    therapists: z.boolean().describe('Slots name a therapist the guest may choose'),
    roomCharge: z.boolean().describe("Treatments may be charged to the room (the property's setting); otherwise only to the card on file"),
    treatments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().nullable(),
        category: z.string(),
        durationMinutes: z.number().int(),
        price: money,
      }),
    ),
  })
  .meta({ id: 'SpaCatalog' });

export const availabilityQuery = z.strictObject({
  treatmentId: z.string().trim().min(1).max(100),
  date: isoDate.describe("YYYY-MM-DD in the property's time zone"),
});

export const slotSchema = z.object({ startsAt: offsetDateTime, endsAt: offsetDateTime, therapist: therapist.nullable() });

export const availabilitySchema = z
  .object({ treatmentId: z.string(), date: isoDate, timeZone: z.string(), slots: z.array(slotSchema) })
  .meta({ id: 'SpaAvailability', description: "Bookable start times, with the property's offset" });

export const bookBody = z.strictObject({
  treatmentId: z.string().trim().min(1).max(100),
  startsAt: offsetDateTime.describe('A start time from the availability, with its offset'),
  therapistId: z.string().trim().min(1).max(100).optional().describe('Omitted: any therapist'),
  payment: z.enum(spaPayment.enumValues).describe('`room`: charged to the room (where the hotel allows it); `card`: the card on file'),
  notes: z.string().trim().max(500).optional().describe('For the therapist (pressure, allergies)'),
});

export const bookingParams = z.object({ bookingId: z.uuid() });
export const staffBookingParams = propertyParams.extend({ bookingId: z.uuid() });
export const scheduleQuery = z.strictObject({ date: isoDate.optional().describe("YYYY-MM-DD; defaults to today in the property's time zone") });

export const spaBookingSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().describe('Our reference, `spa_bk_<id>`'),
    status: z.enum(spaBookingStatus.enumValues).describe('`booking`: the spa system has not answered yet (send the same request again); `failed`: never booked'),
    treatmentId: z.string(),
    treatmentName: z.string(),
    therapist: therapist.nullable(),
    startsAt: offsetDateTime.describe("With the property's UTC offset"),
    endsAt: offsetDateTime,
    price: money,
    payment: z.enum(spaPayment.enumValues),
    notes: z.string().nullable(),
    feeMinor: z.number().int().describe('Kept for a late cancellation or a no-show'),
    failureReason: z.string().nullable(),
    charge: z.enum(paymentStatus.enumValues).nullable().describe('The treatment on the folio: `pending` until the PMS has it; null when nothing was posted'),
    freeCancellationUntil: offsetDateTime.describe("Cancelling later keeps the late-cancellation fee; with the property's UTC offset"),
    lateCancelFeeMinor: z.number().int(),
  })
  .meta({ id: 'SpaBooking' });

export const guestBookingsSchema = z.object({ bookings: z.array(spaBookingSchema) }).meta({ id: 'SpaBookings' });

export const scheduleEntrySchema = z.object({
  bookingId: z.uuid().nullable().describe('Ours; null for a booking made in the spa system itself (a walk-in)'),
  providerBookingId: z.string().nullable(),
  reference: z.string().nullable(),
  treatmentName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.string(),
  guestName: z.string(),
  payment: z.enum(spaPayment.enumValues).nullable(),
  stay: z.object({ id: z.uuid(), confirmationNumber: z.string(), room: z.string().nullable() }).nullable(),
});

export const scheduleSchema = z
  .object({
    date: isoDate,
    timeZone: z.string(),
    therapists: z.array(z.object({ therapist: therapist.nullable().describe('Null: not assigned to a therapist'), bookings: z.array(scheduleEntrySchema) })),
  })
  .meta({ id: 'SpaDaySchedule' });

const percent = (description: string) => z.number().int().min(0).max(100).describe(description);

export const spaSettingsBody = z
  .strictObject({
    cancellationWindowHours: z.number().int().min(0).max(720).describe('Cancelling at least this many hours before the start is free'),
    lateCancelFeePercent: percent("Of the treatment's price, kept for a later cancellation"),
    noShowFeePercent: percent("Of the treatment's price, kept when the guest does not come"),
    roomChargeAllowed: z.boolean().describe('Guests may charge treatments to their room'),
  })
  .meta({ id: 'SpaSettingsBody' });

export const spaSettingsSchema = spaSettingsBody.meta({ id: 'SpaSettings' });

export type SpaSettings = z.infer<typeof spaSettingsBody>;
export type BookInput = z.infer<typeof bookBody>;
/** One booking of the spa's day as staff see it, ours or made in the spa system itself. */
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
