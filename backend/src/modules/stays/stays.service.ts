import type { Env } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { Address, Folio, GuestProfileUpdate, Reservation } from '../../integrations/pms/pms.port.js';
import type { Clock } from '../../lib/clock.js';
import { publishEvent } from '../../realtime/publish-event.js';
import { AppError } from '../../lib/errors.js';
import { normalizeName } from '../../lib/names.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { FailureLimiter, FailureRule } from '../auth/failure-limiter.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { StayListFilter, StaysRepository, StayView } from './stays.repository.js';

export interface LookupInput {
  confirmation: string;
  lastName: string;
  property?: string | undefined;
  ip: string;
}

/** A stay as answered: `stale` when the PMS could not be reached and our copy was used. */
export type StayAnswer = StayView & { stale: boolean };

export interface ContactUpdate {
  email?: string | undefined;
  phone?: string | undefined;
  address?: Address | undefined;
}

const notFound = () => new AppError('not_found', 'No stay matches that confirmation number and last name.');

/** The PMS being down or slow, as opposed to a refusal or a missing reservation. */
const isOutage = (error: unknown) =>
  error instanceof AppError &&
  ['integration_unavailable', 'integration_timeout', 'integration_misconfigured'].includes(error.code);

export function createStaysService(deps: {
  db: Database;
  stays: StaysRepository;
  audit: AuditRepository;
  integrations: IntegrationManager;
  limiter: FailureLimiter;
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
    if (stay.syncedAt !== null) return stay;
    const reservation = await (await pms(propertyId)).findReservation(stay.confirmationNumber, stay.guest.lastName);
    if (!reservation) throw new AppError('not_found', 'The PMS does not know this stay.');
    return deps.stays.upsertFromPms(propertyId, reservation);
  }

  /** Check-in and check-out: idempotent (already done answers the current state), audit-logged. */
  async function transition(
    propertyId: string,
    stayId: string,
    actor: StaffPrincipal,
    target: 'checked_in' | 'checked_out',
    room?: string,
  ): Promise<StayAnswer> {
    const stay = await staffStay(propertyId, stayId);
    const port = await pms(propertyId);
    const current = await port.getReservation(stay.pmsReservationId);
    const done =
      current.status === target
        ? current
        : target === 'checked_in'
          ? await port.checkIn(stay.pmsReservationId, room)
          : await port.checkOut(stay.pmsReservationId);
    const updated = await deps.stays.upsertFromPms(propertyId, done);
    if (current.status !== target) {
      const action = target === 'checked_in' ? 'stay.checked_in' : 'stay.checked_out';
      await deps.db.transaction(async (tx) => {
        await deps.audit.record(
          {
            propertyId,
            actorType: 'staff',
            actorId: actor.id,
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
     * limits, so a lobby full of guests on one Wi-Fi address is never throttled.
     */
    async lookup(input: LookupInput): Promise<{ token: string; expiresAt: string; stay: StayAnswer }> {
      const confirmation = input.confirmation.trim().toUpperCase();
      const propertyCode = input.property?.trim().toLowerCase();
      const rules: FailureRule[] = [
        { bucket: `lookup-ip:${input.ip}`, limit: deps.env.GUEST_LOOKUP_IP_FAILURES, windowSeconds },
        { bucket: `lookup-confirmation:${confirmation}`, limit: deps.env.GUEST_LOOKUP_CONFIRMATION_FAILURES, windowSeconds },
      ];
      await deps.limiter.assertAllowed(rules);

      const wanted = normalizeName(input.lastName);
      const known = (await deps.stays.findByConfirmation(confirmation, propertyCode)).filter(
        (stay) => normalizeName(stay.guest.lastName) === wanted,
      );
      // Ask the PMS of the property named, else of the properties where we know this stay, else all.
      const targets = propertyCode || known.length === 0 ? await deps.stays.propertyIds(propertyCode) : known.map((stay) => stay.propertyId);
      const settled = await Promise.allSettled(
        targets.map((propertyId) =>
          lookupAt(propertyId, confirmation, input.lastName, known.find((stay) => stay.propertyId === propertyId)),
        ),
      );
      const matches = settled.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
      const open = matches.filter((stay) => stay.status !== 'cancelled');
      if (open.length === 0) {
        const outage = settled.find((result) => result.status === 'rejected');
        // The PMS could not answer: not the guest's fault, so no failure is counted.
        if (outage && matches.length === 0) throw outage.reason;
        await deps.limiter.recordFailure(rules);
        throw notFound();
      }
      if (open.length > 1) {
        throw new AppError('ambiguous_lookup', 'This confirmation number exists at several hotels; choose one.', {
          details: { properties: open.map((stay) => ({ code: stay.property.code, name: stay.property.name })) },
        });
      }
      const stay = open[0]!;
      const token = newToken('gst');
      const session = await deps.stays.createGuestSession({ propertyId: stay.propertyId, stayId: stay.id, tokenHash: hashToken(token) });
      await deps.limiter.clear(`lookup-confirmation:${confirmation}`);
      return { token, expiresAt: new Date(session.expiresAt).toISOString(), stay };
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
    async updateContact(stay: StayView, patch: ContactUpdate): Promise<StayAnswer> {
      const update = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as GuestProfileUpdate;
      await (await pms(stay.propertyId)).updateGuestProfile(stay.pmsReservationId, update);
      await deps.stays.updateGuestContact(stay.guestId, update);
      await deps.audit.record({
        propertyId: stay.propertyId,
        actorType: 'guest',
        actorId: stay.id,
        action: 'guest.contact_updated',
        subjectType: 'stay',
        subjectId: stay.id,
        details: { fields: Object.keys(update) },
      });
      return answer((await deps.stays.findById(stay.propertyId, stay.id))!);
    },

    async listForStaff(propertyId: string, query: { date?: string | undefined; status?: StayListFilter | undefined }) {
      const date = query.date ?? (await deps.stays.todayAt(propertyId));
      return { date, stays: await deps.stays.listForDate(propertyId, date, query.status) };
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

    checkIn: (propertyId: string, stayId: string, actor: StaffPrincipal, room?: string) =>
      transition(propertyId, stayId, actor, 'checked_in', room),
    checkOut: (propertyId: string, stayId: string, actor: StaffPrincipal) => transition(propertyId, stayId, actor, 'checked_out'),
  };
}

export type StaysService = ReturnType<typeof createStaysService>;
