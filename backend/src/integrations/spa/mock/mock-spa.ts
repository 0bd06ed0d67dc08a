import { DateTime } from 'luxon';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { slotTaken, type BookInput, type SpaBooking, type SpaPort, type Therapist, type Treatment } from '../spa.port.js';

type MockTreatment = Omit<Treatment, 'name' | 'description' | 'price'> & {
  names: Record<string, string>;
  descriptions: Record<string, string>;
  amount: number;
};

const treatments: MockTreatment[] = [
  {
    id: 'massage-60',
    names: { en: 'Deep tissue massage', de: 'Tiefengewebsmassage' },
    descriptions: { en: 'Firm pressure for tired muscles.', de: 'Kräftiger Druck für müde Muskeln.' },
    category: 'Massage',
    durationMinutes: 60,
    amount: 9500,
  },
  {
    id: 'facial-45',
    names: { en: 'Hydrating facial', de: 'Feuchtigkeitspflege Gesicht' },
    descriptions: { en: 'Cleanse, mask and massage.', de: 'Reinigung, Maske und Massage.' },
    category: 'Facial',
    durationMinutes: 45,
    amount: 7000,
  },
];

const therapists: Therapist[] = [
  { id: 't-lena', name: 'Lena O.' },
  { id: 't-marco', name: 'Marco R.' },
];

/** Opening hours, every day, in the property's time zone; starts every 30 minutes. */
const OPENS = 9;
const CLOSES = 18;
const STEP_MINUTES = 30;

/**
 * In-process spa provider for tests: a catalog of two treatments, two therapists, bookings in
 * memory. `failNextBook` makes the next booking be made but its answer lost (as a timeout), so the
 * retry path can be driven.
 */
export function createMockSpa(clock: Clock, property: { timeZone: string; currency: string }) {
  const bookings = new Map<string, SpaBooking>();
  const byReference = new Map<string, string>();
  let loseNextBook = false;
  let sequence = 0;

  const treatment = (id: string) => {
    const found = treatments.find((item) => item.id === id);
    if (!found) throw new AppError('not_found', `mock: no treatment ${id}.`);
    return found;
  };
  const find = (bookingId: string) => {
    const found = bookings.get(bookingId);
    if (!found) throw new AppError('not_found', `mock: no booking ${bookingId}.`);
    return found;
  };
  const overlaps = (therapistId: string, startsAt: DateTime, endsAt: DateTime) =>
    [...bookings.values()].some(
      (booking) =>
        booking.therapist?.id === therapistId &&
        !booking.status.endsWith('cancelled') &&
        DateTime.fromISO(booking.startsAt) < endsAt &&
        startsAt < DateTime.fromISO(booking.endsAt),
    );
  const iso = (instant: DateTime) => instant.setZone(property.timeZone).toISO({ suppressMilliseconds: true })!;
  const setStatus = (bookingId: string, status: SpaBooking['status']) => {
    const booking = { ...find(bookingId), status };
    bookings.set(bookingId, booking);
    return Promise.resolve(booking);
  };

  const port: SpaPort = {
    capabilities: { therapists: true, localizedCatalog: true },
    healthCheck: async () => undefined,
    catalog: async (language) =>
      treatments.map(({ names, descriptions, amount, ...rest }) => ({
        ...rest,
        name: names[language] ?? names.en!,
        description: descriptions[language] ?? descriptions.en ?? null,
        price: { amount, currency: property.currency },
      })),
    availability: async (treatmentId, date) => {
      const { durationMinutes } = treatment(treatmentId);
      const day = DateTime.fromISO(date, { zone: property.timeZone });
      const now = DateTime.fromJSDate(clock.now());
      const slots = [];
      for (let start = day.set({ hour: OPENS }); start.plus({ minutes: durationMinutes }) <= day.set({ hour: CLOSES }); start = start.plus({ minutes: STEP_MINUTES })) {
        if (start <= now) continue;
        const end = start.plus({ minutes: durationMinutes });
        for (const therapist of therapists) {
          if (!overlaps(therapist.id, start, end)) slots.push({ startsAt: iso(start), endsAt: iso(end), therapist });
        }
      }
      return slots;
    },
    book: async (input: BookInput) => {
      const existing = byReference.get(input.reference);
      if (existing) return find(existing);
      const item = treatment(input.treatmentId);
      const start = DateTime.fromISO(input.startsAt);
      const end = start.plus({ minutes: item.durationMinutes });
      const free = therapists.filter((therapist) => (input.therapistId ?? therapist.id) === therapist.id && !overlaps(therapist.id, start, end));
      const therapist = free[0];
      if (!therapist) throw slotTaken('mock');
      sequence += 1;
      const booking: SpaBooking = {
        bookingId: `mock-bk-${sequence}`,
        reference: input.reference,
        treatmentId: item.id,
        treatmentName: item.names.en!,
        startsAt: iso(start),
        endsAt: iso(end),
        therapist,
        status: 'booked',
        guestName: [input.guest.firstName, input.guest.lastName].filter(Boolean).join(' '),
      };
      bookings.set(booking.bookingId, booking);
      byReference.set(input.reference, booking.bookingId);
      if (loseNextBook) {
        loseNextBook = false;
        throw new AppError('integration_timeout', 'mock: the spa system did not answer in time.', { details: { provider: 'mock' } });
      }
      return booking;
    },
    cancel: (bookingId, late) => setStatus(bookingId, late ? 'late_cancelled' : 'cancelled'),
    markArrived: (bookingId) => setStatus(bookingId, 'arrived'),
    markNoShow: (bookingId) => setStatus(bookingId, 'no_show'),
    booking: async (bookingId) => find(bookingId),
    daySchedule: async (date) =>
      [...bookings.values()]
        .filter((booking) => DateTime.fromISO(booking.startsAt).setZone(property.timeZone).toISODate() === date)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  };

  return {
    port,
    /** The next booking is made, but all the caller hears is a timeout. */
    loseNextBook: () => {
      loseNextBook = true;
    },
    /** Bookings the mock holds for our reference (for "booked once" assertions). */
    bookingsFor: (reference: string) => [...bookings.values()].filter((booking) => booking.reference === reference),
  };
}

export type MockSpa = ReturnType<typeof createMockSpa>;
