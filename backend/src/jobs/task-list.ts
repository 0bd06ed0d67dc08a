import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { createAuthFailuresRepository } from '../modules/auth/auth-failures.repository.js';
import { createNotificationDelivery } from '../modules/notifications/notification-delivery.js';
import { DELIVER_NOTIFICATION_TASK } from '../modules/notifications/notification-planner.js';
import { APPLY_PAYMENT_EVENT_TASK, RAISE_CARD_HOLD_TASK, RENEW_LAPSING_HOLDS_TASK, SETTLE_CARD_HOLD_TASK } from '../modules/card-payments/card-payments.service.js';
import { PURGE_CHECK_IN_DATA_TASK, ROOM_READY_TASK } from '../modules/check-in/check-in-tasks.js';
import { POST_PAYMENT_TASK } from '../modules/payments/payments.service.js';
import { SYNC_MOBILE_KEY_TASK } from '../modules/keys/key-sync-job.js';
import { ASSESS_REQUEST_NOTE_TASK } from '../modules/concierge/request-note-job.js';
import { SEND_SIGN_IN_LINK_TASK } from '../modules/stays/stays.service.js';
import { POST_SPA_CHARGE_TASK, SPA_REMINDER_TASK } from '../modules/spa/spa.service.js';
import { postSpaChargeTask, spaReminderTask } from '../modules/spa/spa-jobs.js';
import { deliverNotificationTask } from './tasks/deliver-notification.js';
import { markOverdueRequests } from './tasks/mark-overdue-requests.js';
import { PLAN_PRE_ARRIVAL_EMAILS_TASK, planPreArrivalEmailsTask } from './tasks/plan-pre-arrival-emails.js';
import { applyPaymentEventTask, raiseCardHoldTask, renewLapsingHoldsTask, settleCardHoldTask } from './tasks/card-payments.js';
import { syncMobileKeyTask } from './tasks/sync-mobile-key.js';
import { postPaymentTask } from './tasks/post-payment.js';
import { sendSignInLinkTask } from './tasks/send-sign-in-link.js';

export const MARK_OVERDUE_REQUESTS_TASK = 'mark_overdue_requests';
export const PRUNE_AUTH_FAILURES_TASK = 'prune_auth_failures';

/**
 * Failed logins and lookups only matter inside their windows (minutes); a day is far past every
 * window. Writes prune their own bucket; this removes buckets nobody writes to again (one-off IPs).
 */
const AUTH_FAILURE_RETENTION_SECONDS = 86_400;

/** Every task the worker runs, wired from the process context. */
export function createTaskList(ctx: AppContext): TaskList {
  const repository = ctx.repositories.notifications;
  const delivery = createNotificationDelivery({
    repository,
    signInLinks: ctx.repositories.stays,
    integrations: ctx.integrations,
    publicBaseUrl: ctx.env.PUBLIC_BASE_URL,
    maxAttempts: ctx.env.NOTIFICATION_MAX_ATTEMPTS,
    log: ctx.logger,
  });
  return {
    [DELIVER_NOTIFICATION_TASK]: deliverNotificationTask(delivery),
    [PLAN_PRE_ARRIVAL_EMAILS_TASK]: planPreArrivalEmailsTask({ db: ctx.database.db, repository }),
    [SEND_SIGN_IN_LINK_TASK]: sendSignInLinkTask(ctx.services.stays),
    [POST_PAYMENT_TASK]: postPaymentTask(ctx.services.payments),
    [APPLY_PAYMENT_EVENT_TASK]: applyPaymentEventTask(ctx.services.cardPayments),
    [SETTLE_CARD_HOLD_TASK]: settleCardHoldTask(ctx.services.cardPayments),
    [RAISE_CARD_HOLD_TASK]: raiseCardHoldTask(ctx.services.cardPayments),
    [SYNC_MOBILE_KEY_TASK]: syncMobileKeyTask(ctx.services.keys),
    [RENEW_LAPSING_HOLDS_TASK]: renewLapsingHoldsTask({ cards: ctx.services.cardPayments, clock: ctx.clock }),
    [POST_SPA_CHARGE_TASK]: postSpaChargeTask(ctx.services.spa),
    [SPA_REMINDER_TASK]: spaReminderTask(ctx.services.spa),
    [ASSESS_REQUEST_NOTE_TASK]: async (payload) => {
      const { propertyId, requestId } = z.object({ propertyId: z.uuid(), requestId: z.uuid() }).parse(payload);
      await ctx.services.concierge.assessRequestNote(propertyId, requestId);
    },
    [ROOM_READY_TASK]: async (payload) => {
      const { propertyId, stayId } = payload as { propertyId: string; stayId: string };
      await ctx.services.checkIn.roomReady(propertyId, stayId);
    },
    [PURGE_CHECK_IN_DATA_TASK]: async (_payload, helpers) => {
      const purged = await ctx.services.checkIn.purgeExpired();
      if (purged) helpers.logger.info(`purged the ID data of ${purged} stay(s) past their retention`);
    },
    [MARK_OVERDUE_REQUESTS_TASK]: async (_payload, helpers) => {
      const { marked } = await markOverdueRequests({ db: ctx.database.db, clock: ctx.clock });
      if (marked) helpers.logger.info(`marked ${marked} request(s) overdue`);
    },
    [PRUNE_AUTH_FAILURES_TASK]: async (_payload, helpers) => {
      const removed = await createAuthFailuresRepository(ctx.database.db).prune(AUTH_FAILURE_RETENTION_SECONDS);
      if (removed) helpers.logger.info(`pruned ${removed} old failed-attempt row(s)`);
    },
  };
}

/**
 * Recurring jobs (graphile-worker crontab syntax; UTC). Pre-arrival windows are whole days in each
 * property's time zone, so hourly is enough; `fill=2h` runs a missed hour after a short outage.
 * The SLA check runs every minute; a failed run is simply the next minute's job. Holds are renewed
 * a day before they lapse, so hourly is plenty. ID data is purged in whole days after check-out, so
 * hourly keeps it at most an hour past its day.
 */
export const crontab = [
  `7 * * * * ${PLAN_PRE_ARRIVAL_EMAILS_TASK} ?fill=2h&max=1`,
  `* * * * * ${MARK_OVERDUE_REQUESTS_TASK} ?max=1`,
  `17 * * * * ${PRUNE_AUTH_FAILURES_TASK} ?max=1`,
  `23 * * * * ${RENEW_LAPSING_HOLDS_TASK} ?max=1`,
  `41 * * * * ${PURGE_CHECK_IN_DATA_TASK} ?max=1`,
].join('\n');
