import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { CardPaymentsService } from '../../modules/card-payments/card-payments.service.js';

/**
 * `apply_payment_event` {eventId}: a stored webhook event, applied by reading the objects it names
 * from the provider as they are now. Running it again (or an older event after a newer one) ends
 * in the same state; a throw (the provider is down) makes graphile-worker try again later.
 */
export function applyPaymentEventTask(cards: Pick<CardPaymentsService, 'applyEvent'>): Task {
  return async (payload, helpers) => {
    const { eventId } = z.object({ eventId: z.number().int() }).parse(payload);
    helpers.logger.info(`payment event ${eventId}: ${await cards.applyEvent(eventId)}`);
  };
}

/** `settle_card_hold` {holdId}: a hold whose placing answer was never recorded, asked for again with its own key. */
export function settleCardHoldTask(cards: Pick<CardPaymentsService, 'settleHold'>): Task {
  return async (payload, helpers) => {
    const { holdId } = z.object({ holdId: z.uuid() }).parse(payload);
    helpers.logger.info(`hold ${holdId} is ${await cards.settleHold(holdId)}`);
  };
}
