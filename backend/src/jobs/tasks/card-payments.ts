import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
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

/** `raise_card_hold` {propertyId, stayId}: a stay the PMS extended gets its hold raised to the new dates, where the card allows. */
export function raiseCardHoldTask(cards: Pick<CardPaymentsService, 'raiseHoldOf'>): Task {
  return async (payload, helpers) => {
    const { propertyId, stayId } = z.object({ propertyId: z.uuid(), stayId: z.uuid() }).parse(payload);
    helpers.logger.info(`hold of stay ${stayId}: ${await cards.raiseHoldOf(propertyId, stayId)}`);
  };
}

/**
 * How long before a hold lapses it is renewed: a day. Stripe keeps most card authorisations 7 days
 * (`capture_before`), so that is day 6, and the hourly run gets some 23 tries before the money is gone.
 */
const RENEW_AHEAD_MS = 24 * 3_600_000;

/** `renew_lapsing_holds` (cron): holds lapsing within a day are re-authorised (stay goes on) or captured (guest has left). */
export function renewLapsingHoldsTask(deps: { cards: Pick<CardPaymentsService, 'renewHoldsLapsingBefore'>; clock: Clock }): Task {
  return async (_payload, helpers) => {
    for (const { holdId, outcome } of await deps.cards.renewHoldsLapsingBefore(new Date(deps.clock.now().getTime() + RENEW_AHEAD_MS))) {
      if (outcome.startsWith('failed')) helpers.logger.warn(`hold ${holdId}: ${outcome}; trying again next run`);
      else helpers.logger.info(`hold ${holdId}: ${outcome}`);
    }
  };
}
