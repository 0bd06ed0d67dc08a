import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { hashToken, newToken } from '../lib/tokens.js';
import type { StaffPrincipal } from '../modules/auth/staff.repository.js';
import { visibleDepartments } from '../modules/requests/department-access.js';
import type { StayView } from '../modules/stays/stays.repository.js';
import type { StreamScope } from './realtime-event.js';
import type { RealtimeHub } from './realtime-hub.js';
import type { RealtimeRepository } from './realtime.repository.js';
import type { StreamSink } from './sse-stream.js';

/** Long enough to open an EventSource right after fetching the ticket, short enough to be useless if leaked. */
const TICKET_TTL_SECONDS = 60;
/** A client further behind than this gets `resync` (refetch) instead of a flood of stale events. */
const REPLAY_LIMIT = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const badTicket = () => new AppError('unauthorized', 'This stream ticket is unknown, used or expired. Get a new one.');

export function createRealtimeService(deps: { realtime: RealtimeRepository; hub: RealtimeHub; clock: Clock }) {
  async function issue(input: { propertyId: string; actorType: 'staff' | 'guest'; actorId: string; stayId?: string }) {
    const ticket = newToken('rtk');
    const expiresAt = new Date(deps.clock.now().getTime() + TICKET_TTL_SECONDS * 1000);
    await deps.realtime.insertTicket({ ...input, tokenHash: hashToken(ticket), expiresAt });
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  return {
    /** A single-use ticket for the staff stream of a property the user has access to. */
    issueStaffTicket(staff: StaffPrincipal, property: string) {
      const match = staff.properties.find((candidate) =>
        UUID.test(property) ? candidate.id === property.toLowerCase() : candidate.code === property.toLowerCase(),
      );
      if (!match) throw new AppError('forbidden', 'You have no access to this property.');
      return issue({ propertyId: match.id, actorType: 'staff', actorId: staff.id });
    },

    issueGuestTicket(stay: StayView) {
      return issue({ propertyId: stay.propertyId, actorType: 'guest', actorId: stay.id, stayId: stay.id });
    },

    /** Uses up a staff ticket; the departments come from the user's role as it is now. */
    async redeemStaffTicket(ticket: string, property: string): Promise<StreamScope> {
      const row = await deps.realtime.redeemTicket(hashToken(ticket), deps.clock.now());
      if (!row || row.actorType !== 'staff' || !row.staffRole || !row.staffActive) throw badTicket();
      if (property.toLowerCase() !== row.propertyId && property.toLowerCase() !== row.propertyCode) {
        throw new AppError('forbidden', 'This ticket is for another property.');
      }
      return { kind: 'staff', propertyId: row.propertyId, departments: visibleDepartments(row.staffRole) };
    },

    async redeemGuestTicket(ticket: string): Promise<StreamScope> {
      const row = await deps.realtime.redeemTicket(hashToken(ticket), deps.clock.now());
      if (!row || row.actorType !== 'guest' || !row.stayId) throw badTicket();
      return { kind: 'guest', propertyId: row.propertyId, stayId: row.stayId };
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
