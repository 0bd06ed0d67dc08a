import type { Database } from '../../db/client.js';
import { notificationPlanner } from './notification-planner.js';
import type { NotificationsRepository } from './notifications.repository.js';

/**
 * Queues the pre-arrival email of every reserved stay inside its property's window
 * (property_settings.pre_arrival_email_days). Safe to run any number of times: the planner's
 * idempotency key (`stay:<id>:pre_arrival`) lets each stay through once.
 */
export async function planPreArrivalEmails(deps: { db: Database; repository: NotificationsRepository }): Promise<number> {
  let queued = 0;
  for (const stay of await deps.repository.staysDueForPreArrival()) {
    queued += await deps.db.transaction((tx) => notificationPlanner.preArrival(tx, stay));
  }
  return queued;
}
