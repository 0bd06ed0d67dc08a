import type { Env } from '../../config/env.js';
import type { Database, Executor } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { Address, Folio, GuestProfileUpdate, Reservation } from '../../integrations/pms/pms.port.js';
import type { Clock } from '../../lib/clock.js';
import type { GuestLanguage } from '../../lib/languages.js';
import { enqueueJob } from '../../jobs/queue.js';
import { publishEvent } from '../../realtime/publish-event.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { normalizeName } from '../../lib/names.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { FailureLimiter, FailureRule } from '../auth/failure-limiter.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import { queueKeySync } from '../keys/key-sync-job.js';
import type { notificationPlanner } from '../notifications/notification-planner.js';
import type { StayListFilter, StaysRepository, StayView } from './stays.repository.js';

export interface LookupInput {
  confirmation: string;
  lastName: string;
  property?: string | undefined;
  ip: string;
}

/** What a lookup past the limits asks the worker to do: find the stay and mail its guest a sign-in link. */
export type SignInLinkRequest = Pick<LookupInput, 'confirmation' | 'lastName' | 'property'>;

export const SEND_SIGN_IN_LINK_TASK = 'send_sign_in_link';

/** A stay as answered: `stale` when the PMS could not be reached and our copy was used. */
export type StayAnswer = StayView & { stale: boolean };

export type GuestSignIn = { token: string; expiresAt: string; stay: StayAnswer };

export type SignInLinkSent = { signInLinkSent: true; message: string };

/** The one answer past the limits: the same for a right name, a wrong one and an unknown number. */
const signInLinkSent: SignInLinkSent = {
  signInLinkSent: true,
  message: 'If these details match a booking, we have sent a sign-in link to the email or phone on it.',
};

/** Written in the transaction that records a check-in or check-out (see `transition`). */
export type TransitionHook = (tx: Executor, stay: StayView) => Promise<unknown>;

export interface ContactUpdate {
  email?: string | undefined;
  phone?: string | undefined;
  address?: Address | undefined;
}

/** Sign-in link jobs for details matching no stay we know, per confirmation number and limit window (each asks every PMS). */
const SIGN_IN_LINK_PMS_LOOKUPS = 5;

/** A search is for finding one guest at the desk; more than this many matches means: type more. */
const STAFF_SEARCH_LIMIT = 50;

const notFound = () => new AppError('not_found', 'No stay matches that confirmation number and last name.');

/** The PMS being down or slow, as opposed to a refusal or a missing reservation. */
const isOutage = (error: unknown): error is AppError =>
  error instanceof AppError &&
  ['integration_unavailable', 'integration_timeout', 'integration_misconfigured'].includes(error.code);

/**
 * What anonymous callers hear when the PMS cannot answer a lookup: the outage's own code and
 * Retry-After, but never its message, which names the vendor ("opera is failing...").
 */
const pmsUnavailable = (cause: unknown) =>
  new AppError(isOutage(cause) ? cause.code : 'integration_unavailable', "The hotel's booking system is not answering right now. Please try again in a moment.", {
    retryAfterSeconds: (isOutage(cause) && cause.options.retryAfterSeconds) || 30,
    cause,
  });

export function createStaysService(deps: {
  db: Database;
  stays: StaysRepository;
  audit: AuditRepository;
  integrations: IntegrationManager;
  limiter: FailureLimiter;
  planner: Pick<typeof notificationPlanner, 'signInLink'>;
  /** The room numbers the admin keeps, for check-in where the PMS cannot list its rooms. */
  propertyRooms: (propertyId: string) => Promise<{ rooms: string[] }>;
  clock: Clock;
  env: Pick<
    Env,
    'GUEST_LOOKUP_IP_FAILURES' | 'GUEST_LOOKUP_CONFIRMATION_FAILURES' | 'GUEST_LOOKUP_FAILURE_WINDOW_MINUTES' | 'PMS_SYNC_TTL_SECONDS'
  >;
}) {
  const windowSeconds = deps.env.GUEST_LOOKUP_FAILURE_WINDOW_MINUTES * 60;
  const pms = (propertyId: string) => deps.integrations.resolve('pms', propertyId);
  const fresh = (stay: StayView) =>
    stay.syncedAt !== null && deps.clock.now().getTime() - new Date(stay.syncedAt).getTime() < deps.env.PMS_SYNC_TTL_SECONDS * 1000;
  const answer = (stay: StayView, stale = false): StayAnswer => ({ ...stay, stale });

  /**
   * Asks one property's PMS for the reservation, unless our copy is fresh. When the PMS is down,
   * a stay we already know still opens (stale); an unknown one cannot.
   */
  async function lookupAt(propertyId: string, confirmation: string, lastName: string, known: StayView | undefined) {
    if (known && fresh(known)) return answer(known);
    try {
      const reservation = await (await pms(propertyId)).findReservation(confirmation, lastName);
      return reservation ? answer(await deps.stays.upsertFromPms(propertyId, reservation)) : null;
    } catch (error) {
      if (known && isOutage(error)) return answer(known, true);
      throw error;
    }
  }

  /**
   * The open stays with this confirmation number whose guest has this last name: asked of the PMS
   * of the property named, else of the properties where we know this stay, else of all. `outage`
   * is the PMS's failure when nothing matched and some PMS could not answer.
   */
  async function matchStays(confirmation: string, lastName: string, propertyCode: string | undefined) {
    const wanted = normalizeName(lastName);
    const known = (await deps.stays.findByConfirmation(confirmation, propertyCode)).filter(
      (stay) => normalizeName(stay.guest.lastName) === wanted,
    );
    const targets = propertyCode || known.length === 0 ? await deps.stays.propertyIds(propertyCode) : known.map((stay) => stay.propertyId);
    const settled = await Promise.allSettled(
      targets.map((propertyId) => lookupAt(propertyId, confirmation, lastName, known.find((stay) => stay.propertyId === propertyId))),
    );
    const matches = settled.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
    const failed = settled.find((result) => result.status === 'rejected');
    return {
      open: matches.filter((stay) => stay.status !== 'cancelled'),
      outage: failed && matches.length === 0 ? { reason: failed.reason as unknown } : undefined,
    };
  }

  /**
   * A sign-in link job for details entered past the limits, costing an attacker little: the same
   * details again replace the waiting job (its key), and details that match no stay we know (each
   * of which would send the worker to every PMS) queue at most SIGN_IN_LINK_PMS_LOOKUPS jobs per
   * confirmation number and window. Details of a stay we know always queue theirs, so the real
   * guest gets a link however many wrong names were tried.
   */
  async function queueSignInLink(request: SignInLinkRequest) {
    const wanted = normalizeName(request.lastName);
    const known = (await deps.stays.findByConfirmation(request.confirmation, request.property)).some((stay) => normalizeName(stay.guest.lastName) === wanted);
    // Details seen before in this window count once; the bucket holds a hash, not the name typed.
    const details: FailureRule[] = [{ bucket: `sign-in-link-details:${hashToken(`${request.confirmation}:${wanted}`)}`, limit: 1, windowSeconds }];
    const cap: FailureRule[] = [{ bucket: `sign-in-link-pms:${request.confirmation}`, limit: SIGN_IN_LINK_PMS_LOOKUPS, windowSeconds }];
    const seen = await deps.limiter.reached(details);
    if (!seen) await deps.limiter.recordFailure(details);
    const capped = await deps.limiter.reached(cap);
    if (!known && !seen && !capped) await deps.limiter.recordFailure(cap);
    if (known || !capped) {
      await enqueueJob(deps.db, SEND_SIGN_IN_LINK_TASK, request, { maxAttempts: 5, jobKey: `sign-in-link:${request.property ?? '*'}:${details[0]!.bucket}` });
    }
  }

  async function signIn(stay: StayAnswer): Promise<GuestSignIn> {
    const token = newToken('gst');
    const session = await deps.stays.createGuestSession({ propertyId: stay.propertyId, stayId: stay.id, tokenHash: hashToken(token) });
    return { token, expiresAt: new Date(session.expiresAt).toISOString(), stay };
  }

  async function syncFromPms(stay: StayView, read: (reservationId: string) => Promise<Reservation>) {
    return deps.stays.upsertFromPms(stay.propertyId, await read(stay.pmsReservationId));
  }

  /**
   * A stay staff act on. One the PMS has never confirmed (seeded or imported) is first found in
   * the PMS by confirmation number and name, so we act on the PMS's own reservation id.
   */
  async function staffStay(propertyId: string, stayId: string) {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return confirmedStay(stay);
  }

  async function confirmedStay(stay: StayView) {
    if (stay.syncedAt !== null) return stay;
    const reservation = await (await pms(stay.propertyId)).findReservation(stay.confirmationNumber, stay.guest.lastName);
    if (!reservation) throw new AppError('not_found', 'The PMS does not know this stay.');
    return deps.stays.upsertFromPms(stay.propertyId, reservation);
  }

  /**
   * The rooms the desk may choose for a stay: the PMS's own list where it has one (vacant, of the
   * booked type, ready ones first), else the room numbers the admin keeps (nothing known of them).
   */
  async function roomsFor(stay: StayView) {
    const port = await pms(stay.propertyId);
    if (port.listRooms) {
      const rooms = await port.listRooms(stay.pmsReservationId);
      return { source: 'pms' as const, rooms: rooms.map((room) => ({ room: room.room, roomType: room.roomType ?? null, ready: room.ready })) };
    }
    const { rooms } = await deps.propertyRooms(stay.propertyId);
    return { source: 'property' as const, rooms: rooms.map((room) => ({ room, roomType: null as string | null, ready: null as boolean | null })) };
  }

  /**
   * Check-in and check-out: idempotent (already done answers the current state), audit-logged.
   * `within` runs in the transaction that records the change (and again, alone, on a repeat, so
   * what it writes must be idempotent): what the change causes is committed with it.
   */
  async function transition(
    propertyId: string,
    stayId: string,
    actor: Actor,
    target: 'checked_in' | 'checked_out',
    options: { room?: string | undefined; within?: TransitionHook | undefined } = {},
  ): Promise<StayAnswer> {
    const stay = await staffStay(propertyId, stayId);
    const port = await pms(propertyId);
    const current = await port.getReservation(stay.pmsReservationId);
    const done =
      current.status === target
        ? current
        : target === 'checked_in'
          ? await port.checkIn(stay.pmsReservationId, options.room)
          : await port.checkOut(stay.pmsReservationId);
    const updated = await deps.stays.upsertFromPms(propertyId, done);
    const changed = current.status !== target;
    if (changed || options.within) {
      const action = target === 'checked_in' ? 'stay.checked_in' : 'stay.checked_out';
      await deps.db.transaction(async (tx) => {
        await options.within?.(tx, updated);
        if (!changed) return;
        await deps.audit.record(
          {
            propertyId,
            ...auditActor(actor),
            action,
            subjectType: 'stay',
            subjectId: stayId,
            details: target === 'checked_in' ? { room: updated.room } : {},
          },
          tx,
        );
        // Every desk's screen and the guest's own page refetch the stay.
        await publishEvent(tx, { propertyId, stayId, type: action, subjectId: stayId });
      });
    }
    return answer(updated);
  }

  return {
    /**
     * Opens a stay for a guest. The PMS is asked (with a short cache); an unknown confirmation
     * number and a wrong last name give the same answer, and only failures count towards the
     * limits, so a lobby full of guests on one Wi-Fi address is never throttled. A lookup the PMS
     * could not answer counts too, or guessing would be free while it is down.
     *
     * Past a limit (per address, or per confirmation number from every address) nobody is locked
     * out and nobody gets a token: every lookup answers `signInLinkSent`, whatever the details,
     * and a job mails the guest on the matching reservation a sign-in link. The answer is one
     * queued job whatever the details, so neither its body nor its timing tells a right name from
     * a wrong one; the PMS work happens in the worker.
     */
    async lookup(input: LookupInput): Promise<GuestSignIn | SignInLinkSent> {
      const confirmation = input.confirmation.trim().toUpperCase();
      const propertyCode = input.property?.trim().toLowerCase();
      const rules: FailureRule[] = [
        { bucket: `lookup-ip:${input.ip}`, limit: deps.env.GUEST_LOOKUP_IP_FAILURES, windowSeconds },
        { bucket: `lookup-confirmation:${confirmation}`, limit: deps.env.GUEST_LOOKUP_CONFIRMATION_FAILURES, windowSeconds },
      ];
      if (await deps.limiter.reached(rules)) {
        await queueSignInLink({ confirmation, lastName: input.lastName, ...(propertyCode ? { property: propertyCode } : {}) });
        return signInLinkSent;
      }

      const { open, outage } = await matchStays(confirmation, input.lastName, propertyCode);
      if (open.length === 0) {
        await deps.limiter.recordFailure(rules);
        throw outage ? pmsUnavailable(outage.reason) : notFound();
      }
      if (open.length > 1) {
        throw new AppError('ambiguous_lookup', 'This confirmation number exists at several hotels; choose one.', {
          details: { properties: open.map((stay) => ({ code: stay.property.code, name: stay.property.name })) },
        });
      }
      return signIn(open[0]!);
    },

    /**
     * The worker's half of a lookup past the limits: queues a sign-in link for each stay the
     * details match, at most one per stay per limit window (the notification's idempotency key),
     * so entering the details again and again does not flood the guest's inbox. Throws while the
     * PMS cannot answer, so the job tries again later.
     */
    async sendSignInLink(request: SignInLinkRequest): Promise<number> {
      const { open, outage } = await matchStays(request.confirmation, request.lastName, request.property);
      if (outage) throw outage.reason;
      const period = `w${Math.floor(deps.clock.now().getTime() / (windowSeconds * 1000))}`;
      let queued = 0;
      for (const stay of open) queued += await deps.db.transaction((tx) => deps.planner.signInLink(tx, stay, period));
      return queued;
    },

    /**
     * Exchanges a sign-in link's code for a guest token. Links are reusable until they expire:
     * a guest opens the same email on their phone and their laptop, and mail scanners that open
     * links before the guest does must not spend it. It opens nothing a confirmation number and
     * last name (both in that email) would not, and staff can revoke it.
     */
    async openSignInLink(code: string): Promise<GuestSignIn> {
      const link = await deps.stays.useSignInLink(hashToken(code));
      const stay = link && (await deps.stays.findById(link.propertyId, link.stayId));
      if (!stay) {
        throw new AppError('unauthorized', 'This sign-in link has expired or was withdrawn. Open your stay with your confirmation number and last name.');
      }
      // A stay the PMS has not confirmed yet (pre-arrival emails go out before any lookup) is
      // matched in the PMS first, as a lookup would; while the PMS is down our copy opens, stale.
      try {
        return await signIn(answer(await confirmedStay(stay)));
      } catch (error) {
        if (isOutage(error)) return signIn(answer(stay, true));
        throw error;
      }
    },

    /** Front office ends every guest session and sign-in link of a stay (a lost phone, a forwarded email); audit-logged. */
    async revokeGuestAccess(propertyId: string, stayId: string, actor: StaffPrincipal) {
      if (!(await deps.stays.findById(propertyId, stayId))) throw new AppError('not_found', 'No such stay at this property.');
      return deps.db.transaction(async (tx) => {
        const revoked = await deps.stays.revokeGuestAccess(stayId, tx);
        await deps.audit.record(
          {
            propertyId,
            actorType: 'staff',
            actorId: actor.id,
            action: 'stay.guest_access_revoked',
            subjectType: 'stay',
            subjectId: stayId,
            details: revoked,
          },
          tx,
        );
        return revoked;
      });
    },

    /** The stay a guest token opens and its session, or undefined when the token is unknown, expired or revoked. */
    stayForGuestToken: (token: string) => deps.stays.findByGuestTokenHash(hashToken(token)),

    /** The guest's stay, refreshed from the PMS when our copy is older than the TTL. */
    async current(stay: StayView): Promise<StayAnswer> {
      if (fresh(stay)) return answer(stay);
      try {
        return answer(await syncFromPms(stay, async (id) => (await pms(stay.propertyId)).getReservation(id)));
      } catch (error) {
        if (isOutage(error)) return answer(stay, true);
        throw error;
      }
    },

    async folio(stay: Pick<StayView, 'propertyId' | 'pmsReservationId'>): Promise<Folio> {
      return (await pms(stay.propertyId)).getFolio(stay.pmsReservationId);
    },

    /** Writes contact details to the PMS first, then to our guest record: a PMS refusal leaves both untouched. */
    /** Contact details from the guest, or from staff at the desk for them (`actor`). */
    async updateContact(stay: StayView, patch: ContactUpdate, actor: Actor = { type: 'guest', stayId: stay.id }): Promise<StayAnswer> {
      const update = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as GuestProfileUpdate;
      await (await pms(stay.propertyId)).updateGuestProfile(stay.pmsReservationId, update);
      await deps.stays.updateGuestContact(stay.guestId, update);
      await deps.audit.record({
        propertyId: stay.propertyId,
        ...auditActor(actor),
        action: 'guest.contact_updated',
        subjectType: 'stay',
        subjectId: stay.id,
        details: { fields: Object.keys(update) },
      });
      return answer((await deps.stays.findById(stay.propertyId, stay.id))!);
    },

    /** The language the guest chose in the guest app: guest messages are written in it from now on. */
    async setLanguage(stay: StayView, language: GuestLanguage) {
      await deps.stays.updateGuestContact(stay.guestId, { language });
      return { language };
    },

    /** A list of the day with the size of every list; with `q`, the stays of any date that match it instead. */
    async listForStaff(propertyId: string, query: { date?: string | undefined; status?: StayListFilter | undefined; q?: string | undefined }) {
      const date = query.date ?? (await deps.stays.todayAt(propertyId));
      const [counts, found] = await Promise.all([
        deps.stays.countsForDate(propertyId, date),
        query.q
          ? deps.stays.search(propertyId, { nameKey: normalizeName(query.q), text: query.q, date, limit: STAFF_SEARCH_LIMIT })
          : deps.stays.listForDate(propertyId, date, query.status),
      ]);
      return { date, counts, stays: found };
    },

    /** A stay with its folio; the folio is null (with the reason) when the PMS cannot give it. */
    async detailForStaff(propertyId: string, stayId: string) {
      const stay = await staffStay(propertyId, stayId);
      try {
        return { stay: answer(stay), folio: await (await pms(propertyId)).getFolio(stay.pmsReservationId), folioError: null };
      } catch (error) {
        if (!isOutage(error)) throw error;
        return { stay: answer(stay, true), folio: null, folioError: (error as AppError).message };
      }
    },

    staffStay,

    /** The rooms the desk may choose at check-in or for a room move (`roomsFor`). */
    roomsForCheckIn: async (propertyId: string, stayId: string) => roomsFor(await staffStay(propertyId, stayId)),

    /**
     * The front desk moves a checked-in guest to another room: the room is checked against the
     * room list the desk chose from (where there is one), the PMS moves the guest (no transaction
     * is open during the call), then our stay takes the PMS's answer with its audit entry in one
     * transaction, which also queues the key sync that moves (or reissues) the guest's key.
     */
    async moveRoom(propertyId: string, stayId: string, actor: Actor, room: string): Promise<StayAnswer> {
      const stay = await staffStay(propertyId, stayId);
      if (stay.status !== 'checked_in') throw new AppError('conflict', 'Only a guest who is checked in can be moved to another room.');
      if (room === stay.room) throw fieldError('room', `The guest is in room ${room} already.`);
      const { rooms } = await roomsFor(stay);
      const offered = rooms.find((candidate) => candidate.room === room);
      if (rooms.length > 0 && !offered) throw fieldError('room', `Room ${room} is not one of the free rooms: choose one from the list.`);
      if (offered?.ready === false) throw fieldError('room', `Room ${room} is not ready yet: housekeeping still has it.`);
      const moved = await (await pms(propertyId)).moveRoom(stay.pmsReservationId, room);
      const updated = await deps.stays.upsertFromPms(propertyId, moved, async (tx) => {
        await deps.audit.record({ propertyId, ...auditActor(actor), action: 'stay.room_moved', subjectType: 'stay', subjectId: stayId, details: { from: stay.room, to: moved.room ?? null } }, tx);
        await publishEvent(tx, { propertyId, stayId, type: 'stay.room_moved', subjectId: stayId });
      });
      return answer(updated);
    },

    /**
     * Late check-out: the guest leaves later on the departure day than the hotel's check-out time
     * (or than a late check-out already granted). The key's end follows through the key sync
     * queued with the change. An extra night is a new departure date, which comes from the PMS.
     */
    async lateCheckOut(propertyId: string, stayId: string, actor: Actor, time: string): Promise<StayAnswer> {
      const stay = await staffStay(propertyId, stayId);
      const notIn = () => new AppError('conflict', 'Late check-out is for a guest who is checked in.');
      if (stay.status !== 'checked_in') throw notIn();
      const leaves = stay.lateCheckOut ?? (await deps.stays.checkOutTimeAt(propertyId));
      // Both are zero-padded HH:MM, so they compare as text.
      if (time <= leaves) throw fieldError('time', `The guest may already stay until ${leaves} on the departure day; choose a later time.`);
      await deps.db.transaction(async (tx) => {
        if (!(await deps.stays.setLateCheckOut(stayId, time, tx))) throw notIn();
        await deps.audit.record(
          { propertyId, ...auditActor(actor), action: 'stay.late_check_out', subjectType: 'stay', subjectId: stayId, details: { departureDate: stay.departureDate, from: leaves, to: time } },
          tx,
        );
        await queueKeySync(tx, propertyId, stayId);
        await publishEvent(tx, { propertyId, stayId, type: 'stay.late_check_out', subjectId: stayId });
      });
      return answer((await deps.stays.findById(propertyId, stayId))!);
    },

    checkIn: (propertyId: string, stayId: string, actor: Actor, room?: string) => transition(propertyId, stayId, actor, 'checked_in', { room }),
    checkOut: (propertyId: string, stayId: string, actor: Actor, within?: TransitionHook) => transition(propertyId, stayId, actor, 'checked_out', { within }),
  };
}

export type StaysService = ReturnType<typeof createStaysService>;
