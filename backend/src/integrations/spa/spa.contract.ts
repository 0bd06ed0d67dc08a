import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { BookInput, Slot, SpaPort, Treatment } from './spa.port.js';

/**
 * The behaviour every spa provider must show, run against each one: the in-process mock, and the
 * SpaBooker and Mindbody adapters against their mock servers.
 */
export interface SpaContractSubject {
  spa: SpaPort;
  /** The property time zone the provider was created with. */
  timeZone: string;
  /** The next booking is made at the vendor, but the answer is lost (a timeout is all we hear). */
  loseNextBook(): Promise<void>;
  /** Bookings the vendor holds for our reference, read from its (mock's) own state. */
  countBookings(reference: string): Promise<number>;
  close(): Promise<void>;
}

const isAppError = (...codes: string[]) => (error: unknown) => error instanceof AppError && codes.includes(error.code);
const instant = (iso: string) => DateTime.fromISO(iso, { setZone: true });

export function runSpaContract(name: string, setup: () => Promise<SpaContractSubject>): void {
  describe(`spa contract: ${name}`, () => {
    let subject: SpaContractSubject;
    let spa: SpaPort;
    let treatment: Treatment;
    let day: string;
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const guest = { firstName: 'Anna', lastName: 'Müller', email: `anna-${run}@guests.example`, phone: '+351912345678' };
    const booking = (label: string, slot: Slot, overrides: Partial<BookInput> = {}): BookInput => ({
      reference: `spa_bk_${run}_${label}`,
      treatmentId: treatment.id,
      startsAt: slot.startsAt,
      therapistId: slot.therapist?.id ?? null,
      guest,
      notes: 'Room 204; medium pressure',
      ...overrides,
    });
    /** Free slots of the day; each test books its own, so tests do not depend on each other's order. */
    const taken = new Set<string>();
    const freeSlot = async () => {
      const slots = await spa.availability(treatment.id, day);
      const slot = slots.find((candidate) => !taken.has(candidate.startsAt));
      if (!slot) throw new Error(`no free slot left on ${day}`);
      taken.add(slot.startsAt);
      return slot;
    };

    beforeAll(async () => {
      subject = await setup();
      spa = subject.spa;
      // Two days ahead in the property's zone: never "already past", whatever the hour of the run.
      day = DateTime.now().setZone(subject.timeZone).plus({ days: 2 }).toISODate()!;
      const [first] = await spa.catalog('en');
      if (!first) throw new Error(`${name}: the catalog is empty`);
      treatment = first;
    });
    afterAll(() => subject?.close());

    it('passes its health check', async () => {
      await expect(spa.healthCheck()).resolves.toBeUndefined();
    });

    it('lists bookable treatments with a duration and a price in minor units', async () => {
      const catalog = await spa.catalog('en');
      expect(catalog.length).toBeGreaterThan(0);
      for (const item of catalog) {
        expect(item.name.length).toBeGreaterThan(0);
        expect(item.durationMinutes).toBeGreaterThan(0);
        expect(Number.isInteger(item.price.amount) && item.price.amount > 0).toBe(true);
        expect(item.price.currency).toMatch(/^[A-Z]{3}$/);
      }
      expect(new Set(catalog.map((item) => item.id)).size).toBe(catalog.length);
    });

    it('answers the catalog in another language with the same treatments, translated where it has them', async () => {
      const [english, german] = await Promise.all([spa.catalog('en'), spa.catalog('de')]);
      expect(german.map((item) => item.id)).toEqual(english.map((item) => item.id));
      if (spa.capabilities.localizedCatalog) expect(german.map((item) => item.name)).not.toEqual(english.map((item) => item.name));
    });

    it("offers start times on the asked day in the property's zone, each as long as the treatment", async () => {
      const slots = await spa.availability(treatment.id, day);
      expect(slots.length).toBeGreaterThan(1);
      for (const slot of slots) {
        const start = instant(slot.startsAt);
        expect(slot.startsAt).toMatch(/(Z|[+-]\d\d:\d\d)$/);
        expect(start.setZone(subject.timeZone).toISODate()).toBe(day);
        expect(instant(slot.endsAt).diff(start, 'minutes').minutes).toBe(treatment.durationMinutes);
        if (spa.capabilities.therapists) expect(slot.therapist?.name).toBeTruthy();
      }
    });

    it('books a slot, reads the booking back, and no longer offers that slot to its therapist', async () => {
      const slot = await freeSlot();
      const booked = await spa.book(booking('book', slot));
      expect(booked.status).toBe('booked');
      expect(booked.reference).toBe(`spa_bk_${run}_book`);
      expect(booked.treatmentId).toBe(treatment.id);
      expect(instant(booked.startsAt).toMillis()).toBe(instant(slot.startsAt).toMillis());
      if (slot.therapist) expect(booked.therapist?.id).toBe(slot.therapist.id);
      expect(await spa.booking(booked.bookingId)).toEqual(booked);
      const after = await spa.availability(treatment.id, day);
      expect(after.some((other) => other.startsAt === slot.startsAt && other.therapist?.id === booked.therapist?.id)).toBe(false);
    });

    it('answers the first booking for the same reference, never a second one', async () => {
      const slot = await freeSlot();
      const first = await spa.book(booking('twice', slot));
      const second = await spa.book(booking('twice', slot));
      expect(second.bookingId).toBe(first.bookingId);
      expect(await subject.countBookings(first.reference)).toBe(1);
    });

    it('refuses a slot another booking took, as a conflict', async () => {
      const slot = await freeSlot();
      await spa.book(booking('first', slot));
      // With a named therapist the second booking meets the first; without, it takes the next free
      // therapist until none is left.
      const attempts = slot.therapist ? 1 : 20;
      let refusal: unknown;
      for (let attempt = 0; attempt < attempts && !refusal; attempt += 1) {
        refusal = await spa.book(booking(`second-${attempt}`, slot)).then(() => undefined, (error: unknown) => error);
      }
      expect(isAppError('conflict')(refusal)).toBe(true);
    });

    it('books once when the answer to a booking was lost and it is sent again with the same reference', async () => {
      const slot = await freeSlot();
      await subject.loseNextBook();
      const input = booking('lost', slot);
      // A provider whose client retries on its own may already get the booking back; either way the
      // vendor holds it once.
      const outcome = await spa.book(input).then(() => undefined, (error: unknown) => error);
      if (outcome !== undefined) expect(isAppError('integration_timeout', 'integration_unavailable')(outcome)).toBe(true);
      const retried = await spa.book(input);
      expect(retried.reference).toBe(input.reference);
      expect(await subject.countBookings(input.reference)).toBe(1);
    });

    it('cancels (freeing the slot) and late-cancels', async () => {
      const slot = await freeSlot();
      const booked = await spa.book(booking('cancel', slot));
      expect((await spa.cancel(booked.bookingId, false)).status).toBe('cancelled');
      const after = await spa.availability(treatment.id, day);
      expect(after.some((other) => other.startsAt === slot.startsAt)).toBe(true);
      const late = await spa.book(booking('late', await freeSlot()));
      expect((await spa.cancel(late.bookingId, true)).status).toBe('late_cancelled');
    });

    it('marks a guest arrived, another a no-show, and lists the day with both', async () => {
      const arrived = await spa.book(booking('arrived', await freeSlot()));
      const missed = await spa.book(booking('missed', await freeSlot()));
      expect((await spa.markArrived(arrived.bookingId)).status).toBe('arrived');
      expect((await spa.markNoShow(missed.bookingId)).status).toBe('no_show');
      const schedule = await spa.daySchedule(day);
      const mine = schedule.filter((item) => item.reference.startsWith(`spa_bk_${run}_`));
      expect(mine.find((item) => item.bookingId === arrived.bookingId)?.status).toBe('arrived');
      expect(mine.find((item) => item.bookingId === missed.bookingId)?.status).toBe('no_show');
      expect(mine.find((item) => item.bookingId === arrived.bookingId)?.guestName).toContain('Müller');
      for (const item of schedule) expect(instant(item.startsAt).setZone(subject.timeZone).toISODate()).toBe(day);
      const starts = schedule.map((item) => instant(item.startsAt).toMillis());
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });

    it('offers no times on a day that is over', async () => {
      const yesterday = DateTime.now().setZone(subject.timeZone).minus({ days: 1 }).toISODate()!;
      expect(await spa.availability(treatment.id, yesterday)).toEqual([]);
    });

    it('refuses an unknown treatment and an unknown booking by name', async () => {
      await expect(spa.availability('no-such-treatment', day)).rejects.toSatisfy(isAppError('not_found', 'bad_request', 'upstream_rejected'));
      const slot = await freeSlot();
      await expect(spa.book(booking('unknown', slot, { treatmentId: 'no-such-treatment' }))).rejects.toSatisfy(isAppError('not_found', 'bad_request', 'upstream_rejected'));
      await expect(spa.booking('999999999')).rejects.toSatisfy(isAppError('not_found'));
    });
  });
}
