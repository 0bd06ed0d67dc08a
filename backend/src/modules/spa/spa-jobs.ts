import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { SpaService } from './spa.service.js';

/**
 * `post_spa_charge` {chargeId}: puts a spa charge (or credit) on the folio that the API could not
 * (the PMS was down, or did not answer), with the charge's own PMS idempotency key. Nothing to do
 * once it is posted or refused; a throw makes graphile-worker try again later.
 */
export function postSpaChargeTask(spa: Pick<SpaService, 'postPendingCharge'>): Task {
  return async (payload, helpers) => {
    const { chargeId } = z.object({ chargeId: z.uuid() }).parse(payload);
    helpers.logger.info(`spa charge ${chargeId} is ${await spa.postPendingCharge(chargeId)}`);
  };
}

/** `spa_reminder` {bookingId}: the guest's reminder before the appointment, once, while it is still booked. */
export function spaReminderTask(spa: Pick<SpaService, 'remind'>): Task {
  return async (payload, helpers) => {
    const { bookingId } = z.object({ bookingId: z.uuid() }).parse(payload);
    helpers.logger.info(`spa booking ${bookingId}: ${await spa.remind(bookingId)}`);
  };
}
