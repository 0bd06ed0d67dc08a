import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { SpaBooking, SpaPort } from '../../integrations/spa/spa.port.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { PaymentsService } from '../payments/payments.service.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { SpaBookingRow, SpaBookingView, SpaRepository, SpaSettingsRow } from './spa.repository.js';

/** Only a stay arriving or in house books treatments. */
const BOOKABLE_STAYS: readonly StayView['status'][] = ['reserved', 'checked_in'];

export interface SpaBookRequest {
  treatmentId: string;
  /** ISO date-time with offset. */
  startsAt: string;
  therapistId?: string | undefined;
  payment: 'room';
  notes?: string | undefined;
}

const fieldError = (code: 'validation_failed' | 'not_allowed_here', field: string, message: string) => new AppError(code, message, { details: [{ field, message }] });

/** What a cancellation or no-show keeps of the price, rounded to the minor unit. */
const feeOf = (priceMinor: number, percent: number) => Math.round((priceMinor * percent) / 100);

/**
 * Spa bookings of a stay through the property's spa system (port `spa`): the booking written first
 * with our reference (the spa system's idempotency key), the spa system asked after the commit, the
 * answer recorded; the price (from the spa system's catalog) charged to the room through the
 * payments module's folio postings; cancellations and no-shows by the property's fee rules.
 */
export function createSpaService(deps: {
  db: Database;
  repository: SpaRepository;
  stays: Pick<StaysRepository, 'findById'>;
  payments: Pick<PaymentsService, 'postToFolio'>;
  integrations: IntegrationManager;
  audit: AuditRepository;
  publish: PublishEvent;
  clock: Clock;
}) {
  const port = (propertyId: string): Promise<SpaPort> => deps.integrations.resolve('spa', propertyId);
  const zoned = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant).setZone(timeZone);
  const iso = (instant: Date, timeZone: string) => zoned(instant, timeZone).toISO({ suppressMilliseconds: true })!;

  async function stayAt(propertyId: string, stayId: string): Promise<StayView> {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  async function bookingAt(propertyId: string, bookingId: string, stayId?: string): Promise<SpaBookingView> {
    const booking = await deps.repository.findById(propertyId, bookingId);
    // Another stay's booking does not exist for this guest.
    if (!booking || (stayId !== undefined && booking.stayId !== stayId)) throw new AppError('not_found', 'No such spa booking.');
    return booking;
  }

  /** A booking as guests and staff see it, times in the property's time zone, with what cancelling now would cost. */
  function present(booking: SpaBookingView, timeZone: string, settings: SpaSettingsRow) {
    const late = booking.startsAt.getTime() - deps.clock.now().getTime() < settings.cancellationWindowHours * 3_600_000;
    const cancellable = booking.status === 'booked' && booking.startsAt.getTime() > deps.clock.now().getTime();
    return {
      id: booking.id,
      stayId: booking.stayId,
      reference: booking.reference,
      status: booking.status,
      treatmentId: booking.treatmentId,
      treatmentName: booking.treatmentName,
      startsAt: iso(booking.startsAt, timeZone),
      endsAt: iso(booking.endsAt, timeZone),
      therapist: booking.therapistId ? { id: booking.therapistId, name: booking.therapistName ?? booking.therapistId } : null,
      priceMinor: booking.priceMinor,
      currency: booking.currency,
      payment: booking.payment,
      chargeStatus: booking.chargeStatus,
      notes: booking.notes,
      failureReason: booking.failureReason,
      cancellable,
      cancellationFeeMinor: cancellable && late ? feeOf(booking.priceMinor, settings.lateCancelFeePercent) : 0,
      createdBy: booking.createdByType,
      createdAt: booking.createdAt,
    };
  }

  async function answer(booking: SpaBookingView, timeZone: string) {
    return present(booking, timeZone, await deps.repository.settings(booking.propertyId));
  }

  /** Fresh availability for the 409 of a slot someone else took. */
  async function slotTaken(spa: SpaPort, treatmentId: string, startsAt: Date, timeZone: string): Promise<AppError> {
    const date = zoned(startsAt, timeZone).toISODate()!;
    const slots = await spa.availability(treatmentId, date).catch(() => []);
    return new AppError('conflict', 'That time was just taken: choose another.', { details: { field: 'body.startsAt', treatmentId, date, slots } });
  }

  /** Records a change of a booking with its audit entry and the event the spa's staff (and the guest) refetch on. */
  async function record(booking: SpaBookingRow, change: Partial<SpaBookingRow>, actor: Actor, action: string, details: Record<string, unknown> = {}) {
    await deps.db.transaction(async (tx) => {
      await deps.repository.update(booking.id, change, tx);
      await deps.audit.record(
        { propertyId: booking.propertyId, ...auditActor(actor), action, subjectType: 'spa_booking', subjectId: booking.id, details: { stayId: booking.stayId, ...details } },
        tx,
      );
      await deps.publish(tx, { propertyId: booking.propertyId, stayId: booking.stayId, department: 'spa', type: action, subjectId: booking.id });
    });
  }

  const fromProvider = (made: SpaBooking): Partial<SpaBookingRow> => ({
    status: made.status === 'booked' ? 'booked' : made.status,
    providerBookingId: made.bookingId,
    startsAt: new Date(made.startsAt),
    endsAt: new Date(made.endsAt),
    therapistId: made.therapist?.id ?? null,
    therapistName: made.therapist?.name ?? null,
  });

  /** Takes (part of) the room charge back after a cancellation or no-show: the price less the fee, once. */
  async function creditBack(booking: SpaBookingRow, feePercent: number, actor: Actor) {
    if (!booking.chargePaymentId || booking.creditPaymentId) return;
    const creditMinor = booking.priceMinor - feeOf(booking.priceMinor, feePercent);
    if (creditMinor <= 0) return;
    const credit = await deps.payments.postToFolio(
      {
        propertyId: booking.propertyId,
        stayId: booking.stayId,
        kind: 'credit',
        amountMinor: creditMinor,
        currency: booking.currency,
        description: `Spa: ${booking.treatmentName} (${feePercent > 0 ? `${100 - feePercent}% ` : ''}credited back)`,
        requestKey: `spa:${booking.id}:credit`,
        pmsIdempotencyKey: `stay:${booking.stayId}:spa:${booking.id}:credit:v1`,
      },
      actor,
    );
    await deps.repository.update(booking.id, { creditPaymentId: credit.id });
  }

  /**
   * The price charged to the room, once (key `stay:<id>:spa:<booking>:v1`). A PMS that does not
   * answer leaves the charge pending for the payments worker, and the booking stands; a PMS that
   * refuses it gets the booking cancelled at the spa system, and the guest is told why.
   */
  async function chargeToRoom(booking: SpaBookingRow, actor: Actor): Promise<void> {
    if (booking.payment !== 'room' || booking.priceMinor === 0) return;
    const charge = await deps.payments.postToFolio(
      {
        propertyId: booking.propertyId,
        stayId: booking.stayId,
        kind: 'charge',
        amountMinor: booking.priceMinor,
        currency: booking.currency,
        description: `Spa: ${booking.treatmentName}`,
        chargeCode: 'spa',
        requestKey: `spa:${booking.id}:charge`,
        pmsIdempotencyKey: `stay:${booking.stayId}:spa:${booking.id}:v1`,
      },
      actor,
    );
    if (!booking.chargePaymentId) await deps.repository.update(booking.id, { chargePaymentId: charge.id });
    if (charge.status !== 'failed') return;
    const reason = `The hotel could not charge this treatment to your room (${charge.lastError ?? 'the hotel system refused it'}), so it is not booked. Please ask the front desk.`;
    const spa = await port(booking.propertyId);
    await spa.cancel(booking.providerBookingId!, false);
    await record(booking, { status: 'cancelled', failureReason: reason }, actor, 'spa.booking_cancelled', { reason: 'room_charge_refused' });
    throw new AppError('upstream_rejected', reason, { details: [{ field: 'body.payment', message: reason }] });
  }

  /**
   * Takes a written booking on from where it stands: asks the spa system (again, with the same
   * reference: a lost answer books once), records its answer, then charges the room.
   */
  async function drive(booking: SpaBookingView, stay: StayView, actor: Actor): Promise<SpaBookingView> {
    const spa = await port(booking.propertyId);
    if (booking.status === 'pending') {
      let made: SpaBooking;
      try {
        made = await spa.book({
          reference: booking.reference,
          treatmentId: booking.treatmentId,
          startsAt: iso(booking.startsAt, stay.property.timeZone),
          therapistId: booking.therapistId,
          guest: { firstName: stay.guest.firstName, lastName: stay.guest.lastName, email: stay.guest.email, phone: stay.guest.phone },
          notes: booking.notes,
        });
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'conflict' && error.code !== 'upstream_rejected')) throw error;
        const taken = error.code === 'conflict';
        await record(booking, { status: 'failed', failureReason: taken ? 'That time was taken by another guest.' : error.message }, actor, 'spa.booking_refused', { reason: error.message });
        throw taken ? await slotTaken(spa, booking.treatmentId, booking.startsAt, stay.property.timeZone) : error;
      }
      await record(booking, fromProvider(made), actor, 'spa.booking_made', { reference: booking.reference, providerBookingId: made.bookingId, startsAt: made.startsAt });
      booking = (await deps.repository.findById(booking.propertyId, booking.id))!;
    }
    if (booking.status === 'booked' && booking.chargeStatus !== 'posted') await chargeToRoom(booking, actor);
    return (await deps.repository.findById(booking.propertyId, booking.id))!;
  }

  /** The fields of a repeated request that differ from the booking its key made. */
  function differences(booking: SpaBookingView, input: SpaBookRequest): string[] {
    const fields: string[] = [];
    if (booking.treatmentId !== input.treatmentId) fields.push('treatmentId');
    if (booking.status === 'pending' && booking.startsAt.getTime() !== Date.parse(input.startsAt)) fields.push('startsAt');
    return fields;
  }

  async function book(stay: StayView, input: SpaBookRequest, requestKey: string, actor: Actor) {
    const existing = await deps.repository.findByRequestKey(stay.propertyId, stay.id, requestKey);
    if (existing) {
      const differing = differences(existing, input);
      if (differing.length > 0) {
        const message = `This Idempotency-Key was already used for a booking with a different ${differing.join(', ')}; send a new key for a new booking.`;
        throw new AppError('conflict', message, { details: [{ field: 'headers.idempotency-key', message }] });
      }
      if (existing.status === 'failed') throw await slotTaken(await port(stay.propertyId), existing.treatmentId, existing.startsAt, stay.property.timeZone);
      return { booking: await answer(await drive(existing, stay, actor), stay.property.timeZone), created: false };
    }
    if (!BOOKABLE_STAYS.includes(stay.status)) throw new AppError('conflict', 'Only a stay that is arriving or in house can book treatments.');
    const startsAt = DateTime.fromISO(input.startsAt, { setZone: true });
    const day = startsAt.setZone(stay.property.timeZone).toISODate()!;
    if (startsAt.toMillis() <= deps.clock.now().getTime()) throw fieldError('validation_failed', 'body.startsAt', 'Choose a time that has not passed.');
    if (day < stay.arrivalDate || day > stay.departureDate) {
      throw fieldError('validation_failed', 'body.startsAt', `Choose a day of your stay (${stay.arrivalDate} to ${stay.departureDate}).`);
    }
    const settings = await deps.repository.settings(stay.propertyId);
    if (input.payment === 'room' && !settings.roomChargeAllowed) {
      throw fieldError('not_allowed_here', 'body.payment', `${stay.property.name} does not take spa treatments on the room bill.`);
    }
    const spa = await port(stay.propertyId);
    const treatment = (await spa.catalog(stay.guest.language ?? 'en')).find((item) => item.id === input.treatmentId);
    if (!treatment) throw fieldError('validation_failed', 'body.treatmentId', 'No such treatment at this spa.');

    const id = randomUUID();
    const inserted = await deps.repository.insert({
      id,
      propertyId: stay.propertyId,
      stayId: stay.id,
      reference: `spa_bk_${id}`,
      requestKey,
      provider: await deps.integrations.providerOf('spa', stay.propertyId),
      treatmentId: treatment.id,
      treatmentName: treatment.name,
      startsAt: startsAt.toJSDate(),
      endsAt: startsAt.plus({ minutes: treatment.durationMinutes }).toJSDate(),
      therapistId: input.therapistId ?? null,
      priceMinor: treatment.price.amount,
      currency: treatment.price.currency,
      payment: input.payment,
      notes: input.notes ?? null,
      createdByType: actor.type === 'staff' ? 'staff' : 'guest',
      createdBy: actor.type === 'staff' ? actor.id : null,
    });
    // The same key sent twice at once: the first one's booking is the answer.
    if (!inserted) return book(stay, input, requestKey, actor);
    const booking = await drive((await deps.repository.findById(stay.propertyId, id))!, stay, actor);
    return { booking: await answer(booking, stay.property.timeZone), created: true };
  }

  /** Cancels at the spa system first, then records it; inside the window the late-cancel fee is kept of the room charge. */
  async function cancel(booking: SpaBookingView, timeZone: string, actor: Actor) {
    if (booking.status === 'cancelled' || booking.status === 'late_cancelled') return answer(booking, timeZone);
    if (booking.status !== 'booked') throw new AppError('conflict', `This booking is ${booking.status.replace('_', ' ')}; only a booked treatment can be cancelled.`);
    const settings = await deps.repository.settings(booking.propertyId);
    const now = deps.clock.now().getTime();
    if (booking.startsAt.getTime() <= now) throw new AppError('conflict', 'This treatment has started: ask the spa.');
    const late = booking.startsAt.getTime() - now < settings.cancellationWindowHours * 3_600_000;
    const spa = await port(booking.propertyId);
    await spa.cancel(booking.providerBookingId!, late);
    const feePercent = late ? settings.lateCancelFeePercent : 0;
    await record(booking, { status: late ? 'late_cancelled' : 'cancelled' }, actor, 'spa.booking_cancelled', { late, feeMinor: feeOf(booking.priceMinor, feePercent) });
    await creditBack(booking, feePercent, actor);
    return answer((await deps.repository.findById(booking.propertyId, booking.id))!, timeZone);
  }

  const timeZoneOf = (propertyId: string) => deps.repository.timeZone(propertyId);

  return {
    /** The treatments in the guest's language; `enabled` false where the hotel has no spa system. */
    async catalog(stay: StayView, language?: string) {
      if ((await deps.integrations.providerOf('spa', stay.propertyId)) === 'none') return { enabled: false, therapists: false, treatments: [] };
      const spa = await port(stay.propertyId);
      return { enabled: true, therapists: spa.capabilities.therapists, treatments: await spa.catalog(language ?? stay.guest.language ?? 'en') };
    },

    async availability(stay: StayView, treatmentId: string, date: string) {
      if (date < stay.arrivalDate || date > stay.departureDate) throw fieldError('validation_failed', 'query.date', `Choose a day of your stay (${stay.arrivalDate} to ${stay.departureDate}).`);
      return { treatmentId, date, slots: await (await port(stay.propertyId)).availability(treatmentId, date) };
    },

    /** The guest books for their own stay, once per Idempotency-Key. */
    guestBook: (stay: StayView, input: SpaBookRequest, requestKey: string) => book(stay, input, requestKey, { type: 'guest', stayId: stay.id }),

    async guestBookings(stay: StayView) {
      const settings = await deps.repository.settings(stay.propertyId);
      return { bookings: (await deps.repository.listForStay(stay.propertyId, stay.id)).map((booking) => present(booking, stay.property.timeZone, settings)) };
    },

    async guestCancel(stay: StayView, bookingId: string) {
      return cancel(await bookingAt(stay.propertyId, bookingId, stay.id), stay.property.timeZone, { type: 'guest', stayId: stay.id });
    },

    /** Staff book for a stay at the desk, once per Idempotency-Key. */
    async staffBook(propertyId: string, stayId: string, staffId: string, input: SpaBookRequest, requestKey: string) {
      return book(await stayAt(propertyId, stayId), input, requestKey, { type: 'staff', id: staffId });
    },

    async staffCancel(propertyId: string, bookingId: string, staffId: string) {
      return cancel(await bookingAt(propertyId, bookingId), await timeZoneOf(propertyId), { type: 'staff', id: staffId });
    },

    /** The guest came: recorded at the spa system, then here. */
    async markArrived(propertyId: string, bookingId: string, staffId: string) {
      const booking = await bookingAt(propertyId, bookingId);
      const timeZone = await timeZoneOf(propertyId);
      if (booking.status === 'arrived') return answer(booking, timeZone);
      if (booking.status !== 'booked') throw new AppError('conflict', `This booking is ${booking.status.replace('_', ' ')}; only a booked treatment can be marked arrived.`);
      const made = await (await port(propertyId)).markArrived(booking.providerBookingId!);
      await record(booking, { status: 'arrived', therapistId: made.therapist?.id ?? booking.therapistId, therapistName: made.therapist?.name ?? booking.therapistName }, { type: 'staff', id: staffId }, 'spa.arrived');
      return answer((await deps.repository.findById(propertyId, bookingId))!, timeZone);
    },

    /** The guest did not come: recorded at the spa system, then the no-show fee is kept of the room charge (the rest credited back). */
    async markNoShow(propertyId: string, bookingId: string, staffId: string) {
      const booking = await bookingAt(propertyId, bookingId);
      const timeZone = await timeZoneOf(propertyId);
      const actor: Actor = { type: 'staff', id: staffId };
      if (booking.status !== 'no_show') {
        if (booking.status !== 'booked') throw new AppError('conflict', `This booking is ${booking.status.replace('_', ' ')}; only a booked treatment can be a no-show.`);
        await (await port(propertyId)).markNoShow(booking.providerBookingId!);
        const settings = await deps.repository.settings(propertyId);
        await record(booking, { status: 'no_show' }, actor, 'spa.no_show', { feeMinor: feeOf(booking.priceMinor, settings.noShowFeePercent) });
        await creditBack(booking, settings.noShowFeePercent, actor);
      }
      return answer((await deps.repository.findById(propertyId, bookingId))!, timeZone);
    },

    /**
     * The day's bookings for the spa's staff: ours merged with the spa system's day schedule, so
     * bookings made in the vendor's own system show too; by therapist, then start. Where the spa
     * system does not answer, ours are shown with the reason.
     */
    async schedule(propertyId: string, date: string) {
      const timeZone = await timeZoneOf(propertyId);
      const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
      const settings = await deps.repository.settings(propertyId);
      const ours = await deps.repository.scheduleOf(propertyId, start.toJSDate(), start.plus({ days: 1 }).toJSDate());
      let theirs: SpaBooking[] = [];
      let providerError: string | null = null;
      try {
        theirs = await (await port(propertyId)).daySchedule(date);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        providerError = error.message;
      }
      const known = new Set(ours.map(({ booking }) => booking.providerBookingId));
      const entries = [
        ...ours.map(({ booking, guest }) => ({
          id: booking.id,
          stayId: booking.stayId,
          reference: booking.reference,
          source: 'innkeeper' as const,
          providerBookingId: booking.providerBookingId,
          status: booking.status,
          treatmentId: booking.treatmentId,
          treatmentName: booking.treatmentName,
          startsAt: iso(booking.startsAt, timeZone),
          endsAt: iso(booking.endsAt, timeZone),
          therapist: booking.therapistId ? { id: booking.therapistId, name: booking.therapistName ?? booking.therapistId } : null,
          guest,
          payment: booking.payment,
          chargeStatus: booking.chargeStatus,
        })),
        ...theirs
          .filter((entry) => !known.has(entry.bookingId))
          .map((entry) => ({
            id: null,
            stayId: null,
            reference: null,
            source: 'spa_system' as const,
            providerBookingId: entry.bookingId,
            status: entry.status,
            treatmentId: entry.treatmentId,
            treatmentName: entry.treatmentName,
            startsAt: entry.startsAt,
            endsAt: entry.endsAt,
            therapist: entry.therapist,
            guest: { name: entry.guestName, room: null, confirmationNumber: null },
            payment: null,
            chargeStatus: null,
          })),
      ];
      const therapistName = (entry: { therapist: { name: string } | null }) => entry.therapist?.name ?? '';
      entries.sort((a, b) => therapistName(a).localeCompare(therapistName(b)) || a.startsAt.localeCompare(b.startsAt));
      return { date, timeZone, providerError, bookings: entries };
    },

    settings: (propertyId: string) => deps.repository.settings(propertyId),

    async saveSettings(propertyId: string, settings: SpaSettingsRow, staffId: string) {
      await deps.db.transaction(async (tx) => {
        await deps.repository.saveSettings(propertyId, settings, staffId, tx);
        await deps.audit.record({ propertyId, actorType: 'staff', actorId: staffId, action: 'spa.settings_updated', subjectType: 'property', subjectId: propertyId, details: { ...settings } }, tx);
      });
      return deps.repository.settings(propertyId);
    },
  };
}

export type SpaService = ReturnType<typeof createSpaService>;
