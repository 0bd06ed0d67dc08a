import type { Task } from 'graphile-worker';
import type { Database } from '../../db/client.js';
import type { NotificationsRepository } from '../../modules/notifications/notifications.repository.js';
import { planPreArrivalEmails } from '../../modules/notifications/pre-arrival.js';

export const PLAN_PRE_ARRIVAL_EMAILS_TASK = 'plan_pre_arrival_emails';

/** Cron task (hourly, and once when a worker starts): queues due pre-arrival emails. Idempotent. */
export function planPreArrivalEmailsTask(deps: { db: Database; repository: NotificationsRepository }): Task {
  return async (_payload, helpers) => {
    const queued = await planPreArrivalEmails(deps);
    if (queued) helpers.logger.info(`queued ${queued} pre-arrival email(s)`);
  };
}
