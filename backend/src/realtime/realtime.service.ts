import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { hashToken, newToken } from '../lib/tokens.js';
import type { StaffPrincipal } from '../modules/auth/staff.repository.js';
import { stayDepartments, visibleDepartments } from '../modules/requests/department-access.js';
import type { StayView } from '../modules/stays/stays.repository.js';
import type { StreamOwner, StreamScope } from './realtime-event.js';
import type { RealtimeHub } from './realtime-hub.js';
import type { RealtimeRepository } from './realtime.repository.js';
import type { StreamSink } from './sse-stream.js';

/** Long enough to open an EventSource right after fetching the ticket, short enough to be useless if leaked. */
const TICKET_TTL_SECONDS = 60;
/** A client further behind than this gets `resync` (refetch) instead of a flood of stale events. */
const REPLAY_LIMIT = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const badTicket = () => new AppError('unauthorized', 'This stream ticket is unknown, used or expired. Get a new one.');

/** What a redeemed ticket opens, and for whom. */
export interface StreamGrant {
  scope: StreamScope;
  owner: StreamOwner;
}

export function createRealtimeService(deps: { realtime: RealtimeRepository; hub: RealtimeHub; clock: Clock }) {
  async function issue(input: { propertyId: string; actorType: 'staff' | 'guest'; sessionId: string; stayId?: string }) {
    const ticket = newToken('rtk');
    const expiresAt = new Date(deps.clock.now().getTime() + TICKET_TTL_SECONDS * 1000);
    await deps.realtime.insertTicket({ ...input, tokenHash: hashToken(ticket), expiresAt });
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  return {
    /**
     * A single-use ticket for the staff stream of a property the user has access to; with a stay,
     * for that stay's events only (a stay's page), which the front office sees for every department.
     */
    async issueStaffTicket(staff: StaffPrincipal, property: string, stayId?: string) {
      const match = staff.properties.find((candidate) =>
        UUID.test(property) ? candidate.id === property.toLowerCase() : candidate.code === property.toLowerCase(),
      );
      if (!match) throw new AppError('forbidden', 'You have no access to this property.');
      if (stayId !== undefined && !(await deps.realtime.stayAtProperty(match.id, stayId))) {
        throw new AppError('not_found', 'No such stay at this property.');
      }
      return issue({ propertyId: match.id, actorType: 'staff', sessionId: staff.sessionId, ...(stayId !== undefined && { stayId }) });
    },

    issueGuestTicket(stay: StayView, guestSessionId: string) {
      return issue({ propertyId: stay.propertyId, actorType: 'guest', sessionId: guestSessionId, stayId: stay.id });
    },

    /**
     * Uses up a staff ticket. Its session must still be live and its user still have the property
     * (a revocation racing the ticket's issue can leave a ticket behind); the departments come
     * from the user's role as it is now.
     */
    async redeemStaffTicket(ticket: string, property: string): Promise<StreamGrant> {
      const row = await deps.realtime.redeemTicket(hashToken(ticket), deps.clock.now());
      if (!row || row.actorType !== 'staff') throw badTicket();
      const session = (await deps.realtime.liveSessions({ staff: [row.sessionId], guest: [] })).staff.get(row.sessionId);
      if (!session || !session.propertyIds.includes(row.propertyId)) throw badTicket();
      if (property.toLowerCase() !== row.propertyId && property.toLowerCase() !== row.propertyCode) {
        throw new AppError('forbidden', 'This ticket is for another property.');
      }
      return {
        scope: row.stayId
          ? { kind: 'staff', propertyId: row.propertyId, departments: stayDepartments(session.role), stayId: row.stayId }
          : { kind: 'staff', propertyId: row.propertyId, departments: visibleDepartments(session.role) },
        owner: { kind: 'staff', sessionId: row.sessionId, staffId: session.staffId, role: session.role },
      };
    },

    async redeemGuestTicket(ticket: string): Promise<StreamGrant> {
      const row = await deps.realtime.redeemTicket(hashToken(ticket), deps.clock.now());
      if (!row || row.actorType !== 'guest' || !row.stayId) throw badTicket();
      const session = (await deps.realtime.liveSessions({ staff: [], guest: [row.sessionId] })).guest.get(row.sessionId);
      if (session?.stayId !== row.stayId) throw badTicket();
      return {
        scope: { kind: 'guest', propertyId: row.propertyId, stayId: row.stayId },
        owner: { kind: 'guest', sessionId: row.sessionId, stayId: row.stayId },
      };
    },

    /**
     * Connects a stream: registered with the hub first, then started with what the client missed
     * since `lastEventId`. When that cannot be known exactly (pruned past retention, an id this
     * database never issued, or too many to replay) the stream starts with `resync` instead.
     */
    async attach(sink: StreamSink, lastEventId: number | undefined): Promise<void> {
      const detach = deps.hub.add(sink);
      try {
        if (lastEventId === undefined) return sink.open({ events: [] });
        const range = await deps.realtime.idRange();
        const pruned = range.oldest === null ? lastEventId < range.last : lastEventId < range.oldest - 1;
        if (lastEventId > range.last || pruned) return sink.open({ resyncId: range.last });
        const events = await deps.realtime.eventsAfter(sink.scope, lastEventId, REPLAY_LIMIT + 1);
        if (events.length > REPLAY_LIMIT) return sink.open({ resyncId: range.last });
        sink.open({ events });
      } catch (error) {
        // Not yet hijacked: the error handler still answers with a JSON error.
        detach();
        throw error;
      }
    },
  };
}

export type RealtimeService = ReturnType<typeof createRealtimeService>;
