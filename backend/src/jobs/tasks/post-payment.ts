import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { PaymentsService } from '../../modules/payments/payments.service.js';

const payloadSchema = z.object({ paymentId: z.uuid() });

/**
 * `post_payment` {paymentId}: posts a payment the API recorded but could not post (the PMS was
 * down, or the process stopped while asking it), with the payment's own PMS idempotency key.
 * Nothing to do once it is posted or refused; a throw makes graphile-worker try again later.
 */
export function postPaymentTask(payments: Pick<PaymentsService, 'postPending'>): Task {
  return async (payload, helpers) => {
    const { paymentId } = payloadSchema.parse(payload);
    const status = await payments.postPending(paymentId);
    helpers.logger.info(`payment ${paymentId} is ${status}`);
  };
}
