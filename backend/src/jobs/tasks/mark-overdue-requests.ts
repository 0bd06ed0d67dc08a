import type { Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { createAuditRepository } from '../../modules/audit/audit.repository.js';
import { notificationPlanner } from '../../modules/notifications/notification-planner.js';
import { createRequestsRepository } from '../../modules/requests/requests.repository.js';
import { createRequestsService } from '../../modules/requests/requests.service.js';
import { pruneRealtime, REALTIME_RETENTION_HOURS } from '../../realtime/prune-realtime.js';
import { publishEvent } from '../../realtime/publish-event.js';
import { createRealtimeRepository } from '../../realtime/realtime.repository.js';

/**
 * The SLA task, run every minute by the worker: marks open requests past due once each (with an
 * event and a manager alert), then prunes realtime events past retention and spent tickets, so one
 * schedule keeps both tables small. Idempotent: a second run finds nothing new to mark.
 */
export async function markOverdueRequests(deps: { db: Database; clock: Clock; retentionHours?: number }) {
  const requests = createRequestsService({
    db: deps.db,
    requests: createRequestsRepository(deps.db),
    audit: createAuditRepository(deps.db),
    planner: notificationPlanner,
    publish: publishEvent,
    clock: deps.clock,
  });
  const marked = await requests.markOverdue();
  const pruned = await pruneRealtime({ realtime: createRealtimeRepository(deps.db), clock: deps.clock }, deps.retentionHours ?? REALTIME_RETENTION_HOURS);
  return { marked, prunedEvents: pruned.events, prunedTickets: pruned.tickets };
}
