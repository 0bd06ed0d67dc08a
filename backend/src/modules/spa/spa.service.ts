import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/client.js';
import type { RealtimeEventType } from '../../domain/realtime-event-types.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { SpaBooking, SpaPort, Therapist, Treatment } from '../../integrations/spa/spa.port.js';
import { enqueueJob } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError } from '../../lib/errors.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { CardPaymentsService } from '../card-payments/card-payments.service.js';
import type { notificationPlanner } from '../notifications/notification-planner.js';
import type { FolioEntry, FolioPosting } from '../payments/folio-posting.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { NewSpaCharge, SpaBookingRow, SpaChargeRow, SpaRepository } from './spa.repository.js';
import type { BookInput, ScheduleEntry, SpaSettings } from './spa.schemas.js';

export const POST_SPA_CHARGE_TASK = 'post_spa_charge';
export const SPA_REMINDER_TASK = 'spa_reminder';

/** The reminder goes out a day before; a booking made later than that gets one two hours before, if there is still time. */
const REMINDER_LEADS_MS = [24 * 3_600_000, 2 * 3_600_000];

/** An instant as ISO 8601 with the offset it has in the property's time zone (`2026-07-01T10:00:00+01:00`). */
const inZone = (value: Date, timeZone: string) => DateTime.fromJSDate(value, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;

interface Rules {
  settings: SpaSettings;
  timeZone: string;
}

/** Statuses in which the guest still has a treatment to come. */
const open = (booking: SpaBookingRow) => booking.status === 'booked';

export function createSpaService(deps: {
  db: Database;
  repository: SpaRepository;
  stays: Pick<StaysRepository, 'findById'>;
  /** How the treatment and what a cancellation gives back go on the folio, as payments do. */
  folio: FolioPosting;
  cards: Pick<CardPaymentsService, 'chargeCardOnFile' | 'staffOverview'>;
  planner: Pick<typeof notificationPlanner, 'spaBooked' | 'spaReminder'>;
  integrations: IntegrationManager;
  audit: AuditRepository;
  publish: PublishEvent;
  clock: Clock;
}) {
  const port = (propertyId: string): Promise<SpaPort> => deps.integrations.resolve('spa', propertyId);

  async function settingsOf(propertyId: string): Promise<SpaSettings> {
    const found = await deps.repository.settings(propertyId);
    if (!found) throw new AppError('not_found', 'No such property.');
    return found;
  }

  async function stayAt(propertyId: string, stayId: string) {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  const languageOf = (stay: StayView) => stay.guest.language ?? 'en';
  const freeUntil = (booking: SpaBookingRow, settings: SpaSettings) => new Date(booking.startsAt.getTime() - settings.cancellationWindowHours * 3_600_000);
  const percentOf = (amount: number, percent: number) => Math.round((amount * percent) / 100);

  /** What a booking is seen with: the property's spa rules and its time zone. */
  async function rulesOf(propertyId: string): Promise<Rules> {
    const [settings, timeZone] = await Promise.all([settingsOf(propertyId), timeZoneOf(propertyId)]);
    return { settings, timeZone };
  }

  /** A booking as guests and staff see it, with what cancelling costs; times with the property's offset, as the spa system gives them. */
  async function view(booking: SpaBookingRow, known?: Rules) {
    const { settings: rules, timeZone } = known ?? (await rulesOf(booking.propertyId));
    const charge = (await deps.repository.chargesOf(booking.id)).find((row) => row.kind === 'treatment');
    return {
      id: booking.id,
      reference: booking.reference,
      status: booking.status,
      treatmentId: booking.treatmentId,
      treatmentName: booking.treatmentName,
      therapist: booking.therapistId && booking.therapistName ? { id: booking.therapistId, name: booking.therapistName } : null,
      startsAt: inZone(booking.startsAt, timeZone),
      endsAt: inZone(booking.endsAt, timeZone),
      price: { amount: booking.priceMinor, currency: booking.currency },
      payment: booking.payment,
      notes: booking.notes,
      feeMinor: booking.feeMinor,
      failureReason: booking.failureReason,
      charge: charge?.status ?? null,
      freeCancellationUntil: inZone(freeUntil(booking, rules), timeZone),
      lateCancelFeeMinor: percentOf(booking.priceMinor, rules.lateCancelFeePercent),
    };
  }

  /** Writes a change of a booking with its audit entry and the live event staff (and the guest) refetch on. */
  async function record(booking: SpaBookingRow, actor: Actor, action: RealtimeEventType, tx: Executor, details: Record<string, unknown> = {}) {
    await deps.audit.record(
      {
        propertyId: booking.propertyId,
        ...auditActor(actor),
        action,
        subjectType: 'spa_booking',
        subjectId: booking.id,
        details: { stayId: booking.stayId, reference: booking.reference, treatmentId: booking.treatmentId, startsAt: booking.startsAt.toISOString(), ...details },
      },
      tx,
    );
    await deps.publish(tx, { propertyId: booking.propertyId, stayId: booking.stayId, type: action, subjectId: booking.id });
  }

  // ------------------------------------------------------------------------------------------
  // The folio: the treatment charged, and what a cancellation gives back credited
  // ------------------------------------------------------------------------------------------

  /** Writes a posting with the job that retries it, in the caller's transaction. */
  async function addCharge(tx: Executor, booking: SpaBookingRow, kind: SpaChargeRow['kind'], amountMinor: number, description: string): Promise<string | undefined> {
    if (amountMinor <= 0) return undefined;
    const charge: NewSpaCharge = {
      id: randomUUID(),
      propertyId: booking.propertyId,
      stayId: booking.stayId,
      bookingId: booking.id,
      kind,
      amountMinor,
      currency: booking.currency,
      description,
      pmsIdempotencyKey: `stay:${booking.stayId}:spa:${booking.id}:${kind}:v1`,
    };
    if (!(await deps.repository.insertCharge(charge, tx))) return undefined;
    await deps.folio.schedule(tx, POST_SPA_CHARGE_TASK, { chargeId: charge.id });
    return charge.id;
  }

  /**
   * The treatment is a charge on the folio; a credit is money given back towards the bill, so it
   * goes on as a payment (positive: the balance goes down by it), which every PMS takes, where a
   * negative charge is refused by OPERA and Mews.
   */
  function folioEntry(charge: SpaChargeRow, reference: string): FolioEntry {
    const line = { amountMinor: charge.amountMinor, currency: charge.currency, description: charge.description, idempotencyKey: charge.pmsIdempotencyKey };
    return charge.kind === 'credit' ? { payment: { ...line, externalReference: reference } } : { charge: { ...line, code: 'spa' } };
  }

  /** Posts a charge or credit still pending (the shared folio posting, with its own key) and records what the PMS said. */
  async function post(charge: SpaChargeRow): Promise<SpaChargeRow> {
    // Posted, refused, or another process is asking the PMS about it right now: answered as it is.
    if (charge.status !== 'pending' || !(await deps.folio.claim('spa_charge', charge.id))) return (await deps.repository.findCharge(charge.id))!;
    const booking = (await deps.repository.findById(charge.bookingId))!;
    const { outcome, bug } = await deps.folio.post(charge, [folioEntry(charge, booking.reference)]);
    await deps.db.transaction(async (tx) => {
      if (!(await deps.folio.recordOutcome('spa_charge', charge.id, outcome, tx))) return;
      if (outcome.status === 'pending') return;
      await record(booking, { type: 'system' }, outcome.status === 'posted' ? 'spa.charge_posted' : 'spa.charge_refused', tx, { chargeId: charge.id, kind: charge.kind, amountMinor: charge.amountMinor, ...outcome });
    });
    if (bug) throw bug;
    return (await deps.repository.findCharge(charge.id))!;
  }

  // ------------------------------------------------------------------------------------------
  // Booking
  // ------------------------------------------------------------------------------------------

  async function treatmentOf(spa: SpaPort, treatmentId: string, language: string): Promise<Treatment> {
    const treatment = (await spa.catalog(language)).find((item) => item.id === treatmentId);
    if (!treatment) throw fieldError('body.treatmentId', 'This spa has no such treatment.');
    return treatment;
  }

  /** The slot was taken (or the spa system refused it): 409 with the day's availability as it is now. */
  async function slotTaken(spa: SpaPort, booking: SpaBookingRow, stay: StayView, message: string): Promise<never> {
    const date = DateTime.fromJSDate(booking.startsAt, { zone: stay.property.timeZone }).toISODate()!;
    const slots = await spa.availability(booking.treatmentId, date).catch(() => []);
    throw new AppError('conflict', message, { details: { field: 'body.startsAt', availability: { treatmentId: booking.treatmentId, date, timeZone: stay.property.timeZone, slots } } });
  }

  /** Marks a booking never made (or undone because it could not be paid) with the reason the guest is told. */
  async function fail(booking: SpaBookingRow, actor: Actor, reason: string) {
    return deps.db.transaction(async (tx) => {
      const failed = await deps.repository.update(booking.id, { status: 'failed', failureReason: reason }, tx);
      await record(failed, actor, 'spa.booking_failed', tx, { reason });
      return failed;
    });
  }

  /** The spa system's booking with our reference: a repeat after a lost answer finds the first booking, never a second. */
  async function bookAtProvider(spa: SpaPort, booking: SpaBookingRow, stay: StayView, actor: Actor): Promise<SpaBookingRow> {
    let made: SpaBooking;
    try {
      made = await spa.book({
        reference: booking.reference,
        treatmentId: booking.treatmentId,
        startsAt: inZone(booking.startsAt, stay.property.timeZone),
        therapistId: booking.therapistId,
        guest: { firstName: stay.guest.firstName, lastName: stay.guest.lastName, email: stay.guest.email, phone: stay.guest.phone },
        notes: booking.notes,
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'conflict' || error.code === 'upstream_rejected')) {
        await fail(booking, actor, error.message);
        return slotTaken(spa, booking, stay, error.message);
      }
      // No answer: the row stays `booking`; the same request again asks with the same reference.
      throw error;
    }
    return deps.db.transaction(async (tx) => {
      const booked = await deps.repository.update(
        booking.id,
        {
          status: 'booked',
          providerBookingId: made.bookingId,
          therapistId: made.therapist?.id ?? null,
          therapistName: made.therapist?.name ?? null,
          startsAt: new Date(made.startsAt),
          endsAt: new Date(made.endsAt),
        },
        tx,
      );
      await record(booked, actor, 'spa.booked', tx, { providerBookingId: made.bookingId, payment: booked.payment });
      if (booked.payment === 'room') await addCharge(tx, booked, 'treatment', booked.priceMinor, booked.treatmentName);
      return booked;
    });
  }

  /**
   * Takes the money for a booked treatment: the room charge posted to the folio, or the card on
   * file charged (its payment on the folio, by the payments module) and the treatment posted
   * beside it. A refusal cancels the booking at the spa system and tells the guest why.
   */
  async function pay(spa: SpaPort, booking: SpaBookingRow, actor: Actor): Promise<void> {
    let refusal: string | undefined;
    if (booking.payment === 'card') {
      try {
        const { payment } = await deps.cards.chargeCardOnFile(
          booking.propertyId,
          booking.stayId,
          actor.type === 'guest' ? { type: 'system' } : actor,
          { amountMinor: booking.priceMinor, currency: booking.currency, note: `Spa: ${booking.treatmentName}` },
          `spa:${booking.id}:payment`,
        );
        if (!booking.paymentId) {
          await deps.db.transaction(async (tx) => {
            await deps.repository.update(booking.id, { paymentId: payment.id }, tx);
            await addCharge(tx, booking, 'treatment', booking.priceMinor, booking.treatmentName);
          });
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'upstream_rejected') throw error;
        refusal = `The card payment did not go through: ${error.message}`;
      }
    }
    const [charge] = (await deps.repository.chargesOf(booking.id)).filter((row) => row.kind === 'treatment');
    if (!refusal && charge) {
      const posted = await post(charge);
      if (posted.status === 'failed' && booking.payment === 'room') refusal = `The treatment could not be charged to the room: ${posted.lastError}`;
    }
    if (!refusal) return;
    await spa.cancel(booking.providerBookingId!, false);
    await fail(booking, actor, refusal);
    throw new AppError('upstream_rejected', `${refusal} The booking was cancelled.`, { details: { field: 'body.payment' } });
  }

  /** The confirmation email now and the reminder before the appointment, once each, with the booking. */
  async function confirm(booking: SpaBookingRow, stay: StayView) {
    await deps.db.transaction(async (tx) => {
      const facts = spaFacts(booking, stay);
      await deps.planner.spaBooked(tx, facts);
      const now = deps.clock.now().getTime();
      const runAt = REMINDER_LEADS_MS.map((lead) => booking.startsAt.getTime() - lead).find((at) => at > now);
      if (runAt !== undefined) await enqueueJob(tx, SPA_REMINDER_TASK, { bookingId: booking.id }, { runAt: new Date(runAt), jobKey: `spa:${booking.id}:reminder` });
    });
  }

  /** Carries a booking as far as it can go: booked at the spa system, paid, confirmed. Safe to repeat. */
  async function drive(spa: SpaPort, booking: SpaBookingRow, stay: StayView, actor: Actor): Promise<SpaBookingRow> {
    let current = booking;
    if (current.status === 'failed') {
      if (current.providerBookingId) throw new AppError('upstream_rejected', current.failureReason ?? 'This booking failed.', { details: { field: 'body.payment' } });
      return slotTaken(spa, current, stay, current.failureReason ?? 'That time was just taken: choose another.');
    }
    if (current.status === 'booking') current = await bookAtProvider(spa, current, stay, actor);
    if (current.status !== 'booked') return current;
    await pay(spa, current, actor);
    await confirm(current, stay);
    return (await deps.repository.findById(current.id))!;
  }

  /**
   * Books a treatment for a stay, once per `requestKey`: the booking (our reference `spa_bk_<id>`,
   * the catalog's price) is committed before the spa system is called, then paid. The same key
   * again answers the same booking, carried on from where it stopped (a lost answer is asked for
   * again with the same reference, so it is booked once).
   */
  async function book(stay: StayView, input: BookInput, requestKey: string, actor: Actor) {
    const spa = await port(stay.propertyId);
    const existing = await deps.repository.findByRequestKey(stay.propertyId, stay.id, requestKey);
    if (existing) return { booking: await view(await drive(spa, existing, stay, actor)), created: false };

    const settings = await settingsOf(stay.propertyId);
    if (input.payment === 'room' && !settings.roomChargeAllowed) throw fieldError('body.payment', `${stay.property.name} does not take spa treatments on the room bill: pay by card.`);
    if (stay.status === 'checked_out' || stay.status === 'cancelled') throw new AppError('conflict', 'This stay has ended: treatments are booked for a stay to come or in the house.');
    const treatment = await treatmentOf(spa, input.treatmentId, languageOf(stay));
    const startsAt = new Date(input.startsAt);
    if (startsAt.getTime() <= deps.clock.now().getTime()) throw fieldError('body.startsAt', 'Choose a time in the future.');
    if (input.payment === 'card' && !(await deps.cards.staffOverview(stay.propertyId, stay.id)).card) {
      throw fieldError('body.payment', 'There is no card on file for this stay: save one first, or charge the treatment to the room.');
    }
    const id = randomUUID();
    const inserted = await deps.db.transaction(async (tx) => {
      const row = {
        id,
        propertyId: stay.propertyId,
        stayId: stay.id,
        reference: `spa_bk_${id}`,
        requestKey,
        provider: await deps.integrations.providerOf('spa', stay.propertyId),
        treatmentId: treatment.id,
        treatmentName: treatment.name,
        therapistId: input.therapistId ?? null,
        startsAt,
        endsAt: new Date(startsAt.getTime() + treatment.durationMinutes * 60_000),
        priceMinor: treatment.price.amount,
        currency: treatment.price.currency,
        payment: input.payment,
        notes: input.notes ?? null,
        bookedBy: actor.type === 'staff' ? actor.id : null,
      };
      if (!(await deps.repository.insertBooking(row, tx))) return false;
      await deps.audit.record(
        { propertyId: stay.propertyId, ...auditActor(actor), action: 'spa.booking_requested', subjectType: 'spa_booking', subjectId: id, details: { stayId: stay.id, treatmentId: treatment.id, startsAt: input.startsAt, payment: input.payment } },
        tx,
      );
      return true;
    });
    const row = inserted ? (await deps.repository.findById(id))! : (await deps.repository.findByRequestKey(stay.propertyId, stay.id, requestKey))!;
    return { booking: await view(await drive(spa, row, stay, actor)), created: inserted };
  }

  // ------------------------------------------------------------------------------------------
  // Cancellation, arrival, no-show
  // ------------------------------------------------------------------------------------------

  /**
   * Ends a booking at the spa system and keeps the fee the property's rule says; what was charged
   * beyond the fee is credited on the folio (a card payment's money is on the folio too, so the
   * desk refunds that credit to the card at check-out).
   */
  async function end(booking: SpaBookingRow, actor: Actor, outcome: 'cancel' | 'no_show') {
    if (!open(booking)) throw new AppError('conflict', `This booking is ${booking.status}; only a booked treatment can be ${outcome === 'cancel' ? 'cancelled' : 'marked a no-show'}.`);
    const settings = await settingsOf(booking.propertyId);
    const spa = await port(booking.propertyId);
    const late = outcome === 'cancel' && deps.clock.now().getTime() > freeUntil(booking, settings).getTime();
    const status = outcome === 'no_show' ? 'no_show' : late ? 'late_cancelled' : 'cancelled';
    const feeMinor = outcome === 'no_show' ? percentOf(booking.priceMinor, settings.noShowFeePercent) : late ? percentOf(booking.priceMinor, settings.lateCancelFeePercent) : 0;
    if (outcome === 'no_show') await spa.markNoShow(booking.providerBookingId!);
    else await spa.cancel(booking.providerBookingId!, late);
    const charged = (await deps.repository.chargesOf(booking.id)).find((row) => row.kind === 'treatment' && row.status !== 'failed');
    const creditId = await deps.db.transaction(async (tx) => {
      const ended = await deps.repository.update(booking.id, { status, feeMinor }, tx);
      await record(ended, actor, outcome === 'no_show' ? 'spa.no_show' : 'spa.cancelled', tx, { late, feeMinor });
      return charged ? addCharge(tx, ended, 'credit', booking.priceMinor - feeMinor, `Credit: ${booking.treatmentName} (${status.replace('_', ' ')})`) : undefined;
    });
    if (creditId) await post((await deps.repository.findCharge(creditId))!);
    return view((await deps.repository.findById(booking.id))!);
  }

  async function staffBooking(propertyId: string, bookingId: string) {
    const booking = await deps.repository.find(propertyId, bookingId);
    if (!booking) throw new AppError('not_found', 'No such spa booking at this property.');
    return booking;
  }

  async function guestBooking(stay: StayView, bookingId: string) {
    const booking = await deps.repository.find(stay.propertyId, bookingId);
    if (!booking || booking.stayId !== stay.id) throw new AppError('not_found', 'No such spa booking on your stay.');
    return booking;
  }

  async function availability(propertyId: string, treatmentId: string, date: string) {
    const timeZone = await timeZoneOf(propertyId);
    return { treatmentId, date, timeZone, slots: await (await port(propertyId)).availability(treatmentId, date) };
  }

  async function timeZoneOf(propertyId: string): Promise<string> {
    const zone = await deps.repository.timeZone(propertyId);
    if (!zone) throw new AppError('not_found', 'No such property.');
    return zone;
  }

  /** The treatments, and how they may be paid: the booking form offers the room bill only where the property allows it. */
  async function catalog(propertyId: string, language: string) {
    const provider = await deps.integrations.providerOf('spa', propertyId);
    if (provider === 'none') return { enabled: false, therapists: false, roomCharge: false, treatments: [] };
    const [spa, settings] = await Promise.all([port(propertyId), settingsOf(propertyId)]);
    return { enabled: true, therapists: spa.capabilities.therapists, roomCharge: settings.roomChargeAllowed, treatments: await spa.catalog(language) };
  }

  /** A stay's bookings that were made, soonest first. */
  async function bookingsOf(stay: Pick<StayView, 'id' | 'propertyId'>) {
    const rules = await rulesOf(stay.propertyId);
    const rows = await deps.repository.listForStay(stay.propertyId, stay.id);
    return { bookings: await Promise.all(rows.map((row) => view(row, rules))) };
  }

  /**
   * The day at the spa for staff: our bookings merged with the spa system's own day (walk-ins and
   * bookings made in the vendor's system show too), per therapist.
   */
  async function schedule(propertyId: string, date: string | undefined) {
    const timeZone = await timeZoneOf(propertyId);
    const day = date ?? DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).toISODate()!;
    const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
    const ours = await deps.repository.listBetween(propertyId, start.toJSDate(), start.plus({ days: 1 }).toJSDate());
    const theirs = await (await port(propertyId)).daySchedule(day);
    const byProviderId = new Map(ours.filter(({ booking }) => booking.providerBookingId).map((row) => [row.booking.providerBookingId!, row]));
    const entries: Array<{ therapist: Therapist | null; entry: ScheduleEntry }> = theirs.map((vendor) => {
      const mine = byProviderId.get(vendor.bookingId);
      byProviderId.delete(vendor.bookingId);
      return {
        therapist: vendor.therapist,
        entry: {
          bookingId: mine?.booking.id ?? null,
          providerBookingId: vendor.bookingId,
          reference: mine?.booking.reference ?? (vendor.reference || null),
          treatmentName: mine?.booking.treatmentName ?? vendor.treatmentName,
          startsAt: vendor.startsAt,
          endsAt: vendor.endsAt,
          status: vendor.status,
          guestName: vendor.guestName,
          payment: mine?.booking.payment ?? null,
          stay: mine ? mine.stay : null,
        },
      };
    });
    // Ours the spa system did not list (its answer still awaited): shown as we have them.
    for (const { booking, stay, guestName } of ours) {
      if (booking.providerBookingId && !byProviderId.has(booking.providerBookingId)) continue;
      entries.push({
        therapist: booking.therapistId && booking.therapistName ? { id: booking.therapistId, name: booking.therapistName } : null,
        entry: {
          bookingId: booking.id,
          providerBookingId: booking.providerBookingId,
          reference: booking.reference,
          treatmentName: booking.treatmentName,
          startsAt: inZone(booking.startsAt, timeZone),
          endsAt: inZone(booking.endsAt, timeZone),
          status: booking.status,
          guestName,
          payment: booking.payment,
          stay,
        },
      });
    }
    const groups = new Map<string, { therapist: Therapist | null; bookings: ScheduleEntry[] }>();
    for (const { therapist, entry } of entries) {
      const key = therapist?.id ?? '';
      const group = groups.get(key) ?? { therapist, bookings: [] };
      group.bookings.push(entry);
      groups.set(key, group);
    }
    const therapists = [...groups.values()].sort((a, b) => (a.therapist?.name ?? '\uffff').localeCompare(b.therapist?.name ?? '\uffff'));
    for (const group of therapists) group.bookings.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { date: day, timeZone, therapists };
  }

  return {
    catalogForGuest: (stay: StayView) => catalog(stay.propertyId, languageOf(stay)),
    catalogForStaff: (propertyId: string) => catalog(propertyId, 'en'),
    availability,

    guestBook: (stay: StayView, input: BookInput, requestKey: string) => book(stay, input, requestKey, { type: 'guest', stayId: stay.id }),

    /**
     * How a stay may pay for a treatment, the room bill first: the room where the hotel allows it,
     * the card when one is on file. Null where the hotel has no spa.
     */
    async paymentOptions(stay: StayView): Promise<Array<BookInput['payment']> | null> {
      if ((await deps.integrations.providerOf('spa', stay.propertyId)) === 'none') return null;
      const [settings, cards] = await Promise.all([settingsOf(stay.propertyId), deps.cards.staffOverview(stay.propertyId, stay.id)]);
      return [...(settings.roomChargeAllowed ? (['room'] as const) : []), ...(cards.card ? (['card'] as const) : [])];
    },

    guestBookings: bookingsOf,

    async guestCancel(stay: StayView, bookingId: string) {
      return end(await guestBooking(stay, bookingId), { type: 'guest', stayId: stay.id }, 'cancel');
    },

    /** A stay's bookings as the desk (or the spa) sees them on the stay's page. */
    staffBookings: async (propertyId: string, stayId: string) => bookingsOf(await stayAt(propertyId, stayId)),

    /** The desk (or the spa) books for a guest of a stay of the property. */
    async staffBook(propertyId: string, stayId: string, staffId: string, input: BookInput, requestKey: string) {
      return book(await stayAt(propertyId, stayId), input, requestKey, { type: 'staff', id: staffId });
    },

    schedule,

    staffCancel: async (propertyId: string, bookingId: string, staffId: string) => end(await staffBooking(propertyId, bookingId), { type: 'staff', id: staffId }, 'cancel'),
    markNoShow: async (propertyId: string, bookingId: string, staffId: string) => end(await staffBooking(propertyId, bookingId), { type: 'staff', id: staffId }, 'no_show'),

    async markArrived(propertyId: string, bookingId: string, staffId: string) {
      const booking = await staffBooking(propertyId, bookingId);
      if (booking.status === 'arrived') return view(booking);
      if (!open(booking)) throw new AppError('conflict', `This booking is ${booking.status}; only a booked treatment can be marked arrived.`);
      await (await port(propertyId)).markArrived(booking.providerBookingId!);
      const arrived = await deps.db.transaction(async (tx) => {
        const row = await deps.repository.update(booking.id, { status: 'arrived' }, tx);
        await record(row, { type: 'staff', id: staffId }, 'spa.arrived', tx);
        return row;
      });
      return view(arrived);
    },

    settings: settingsOf,

    async saveSettings(propertyId: string, staffId: string, settings: SpaSettings) {
      const before = await settingsOf(propertyId);
      return deps.db.transaction(async (tx) => {
        const saved = await deps.repository.saveSettings(propertyId, settings, tx);
        await deps.audit.record(
          { propertyId, ...auditActor({ type: 'staff', id: staffId }), action: 'spa.settings_updated', subjectType: 'property', subjectId: propertyId, details: { before, after: saved } },
          tx,
        );
        return saved;
      });
    },

    /** The worker's half: posts a charge still pending; throws while it cannot be, so graphile-worker tries again. */
    async postPendingCharge(chargeId: string): Promise<string> {
      const charge = await deps.repository.findCharge(chargeId);
      if (!charge) return 'unknown';
      const done = await post(charge);
      if (done.status === 'pending') throw new Error(`Spa charge ${chargeId} is still pending: ${done.lastError}`);
      return done.status;
    },

    /** The worker's half of the reminder: sent once, only for a treatment still booked. */
    async remind(bookingId: string): Promise<string> {
      const booking = await deps.repository.findById(bookingId);
      if (!booking || !open(booking)) return 'not booked';
      const stay = await stayAt(booking.propertyId, booking.stayId);
      const queued = await deps.db.transaction((tx) => deps.planner.spaReminder(tx, spaFacts(booking, stay)));
      return queued ? 'reminded' : 'nothing to send';
    },
  };
}

/** What the guest's spa emails say of a booking. */
function spaFacts(booking: SpaBookingRow, stay: StayView) {
  return { id: booking.id, propertyId: booking.propertyId, stayId: booking.stayId, treatment: booking.treatmentName, startsAt: booking.startsAt.toISOString(), timeZone: stay.property.timeZone };
}

export type SpaFacts = ReturnType<typeof spaFacts>;
export type SpaService = ReturnType<typeof createSpaService>;
