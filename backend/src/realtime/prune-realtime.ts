import type { Clock } from '../lib/clock.js';
import type { RealtimeRepository } from './realtime.repository.js';

/** How long events stay replayable; a client away longer gets `resync`. A day covers a night shift's tablet asleep. */
export const REALTIME_RETENTION_HOURS = 24;

/** Drops events past retention and tickets past expiry (an expired ticket can never be redeemed). */
export async function pruneRealtime(
  deps: { realtime: Pick<RealtimeRepository, 'pruneEventsBefore' | 'pruneTicketsBefore'>; clock: Clock },
  retentionHours = REALTIME_RETENTION_HOURS,
) {
  const now = deps.clock.now();
  const events = await deps.realtime.pruneEventsBefore(new Date(now.getTime() - retentionHours * 3_600_000));
  const tickets = await deps.realtime.pruneTicketsBefore(now);
  return { events, tickets };
}
