import type Stripe from 'stripe';
import { AppError } from '../../../lib/errors.js';
import type { CardSetup, CardSetupState, Payment, PaymentEvent, PaymentEventKind, PaymentStatus, Refund } from '../payments.port.js';
import {
  REFUSAL_CODES,
  type StripeCharge,
  type StripeErrorInstance,
  type StripeEvent,
  type StripePaymentIntent,
  type StripeRefund,
  type StripeSetupIntent,
} from './stripe.wire.js';

const STATUS: Record<string, PaymentStatus | undefined> = {
  requires_capture: 'authorized',
  succeeded: 'captured',
  canceled: 'released',
  requires_action: 'requires_action',
  processing: 'processing',
  // After a decline or a failed authentication: the attempt failed and another card is needed.
  requires_payment_method: 'failed',
  requires_confirmation: 'failed',
};

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);
const isoFromUnix = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A PaymentIntent (with `latest_charge` expanded, where the hold's card details are) as our Payment. */
export function toPayment(intent: StripePaymentIntent): Payment {
  // A status newer than this adapter reads as undecided: the webhook that follows will tell.
  const status = STATUS[intent.status] ?? 'processing';
  const charge = typeof intent.latest_charge === 'object' ? (intent.latest_charge as StripeCharge | null) : null;
  const card = charge?.payment_method_details?.card;
  const holding = intent.status === 'requires_capture';
  const paymentMethodId = idOf(intent.payment_method);
  return {
    paymentId: intent.id,
    status,
    amount: { amountMinor: intent.amount, currency: intent.currency.toUpperCase() },
    capturableMinor: intent.amount_capturable,
    capturedMinor: intent.amount_received,
    incrementalAuthorization: holding && card?.incremental_authorization?.status === 'available',
    ...(holding && card?.capture_before ? { captureBefore: isoFromUnix(card.capture_before) } : {}),
    ...(status === 'requires_action' && intent.client_secret ? { clientSecret: intent.client_secret } : {}),
    ...(paymentMethodId ? { paymentMethodId } : {}),
    ...(card?.last4 ? { card: { brand: card.brand ?? 'unknown', last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year } } : {}),
  };
}

/**
 * An off-session payment the bank wants authenticated comes back as a 402 carrying the intent:
 * the guest completes it in the browser with the intent's client secret and the same card.
 */
export function toAuthenticationRequired(intent: StripePaymentIntent, paymentMethodId: string): Payment {
  return { ...toPayment(intent), status: 'requires_action', clientSecret: intent.client_secret ?? '', paymentMethodId };
}

const SETUP_STATUS: Record<string, CardSetup['status'] | undefined> = {
  requires_payment_method: 'requires_payment_method',
  // Confirmed by the browser, which sends the card: to us it still needs one.
  requires_confirmation: 'requires_payment_method',
  requires_action: 'requires_action',
  processing: 'processing',
  succeeded: 'succeeded',
  canceled: 'canceled',
};

export function toCardSetup(setup: StripeSetupIntent, publishableKey: string, jsUrl: string): CardSetup {
  return { setupId: setup.id, clientSecret: setup.client_secret ?? '', publishableKey, jsUrl, status: SETUP_STATUS[setup.status] ?? 'processing' };
}

/** A SetupIntent with `payment_method` expanded: the saved card's brand, last 4 and expiry, never more. */
export function toCardSetupState(setup: StripeSetupIntent): CardSetupState {
  const method = typeof setup.payment_method === 'object' ? setup.payment_method : null;
  const paymentMethodId = idOf(setup.payment_method);
  const customerId = idOf(setup.customer);
  const card = method?.card;
  return {
    setupId: setup.id,
    status: SETUP_STATUS[setup.status] ?? 'processing',
    ...(customerId ? { customerId } : {}),
    ...(paymentMethodId ? { paymentMethodId } : {}),
    ...(card ? { card: { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year } } : {}),
  };
}

export function toRefund(refund: StripeRefund): Refund {
  const status = refund.status === 'requires_action' ? 'pending' : refund.status;
  return {
    refundId: refund.id,
    paymentId: idOf(refund.payment_intent) ?? '',
    amount: { amountMinor: refund.amount, currency: refund.currency.toUpperCase() },
    status: (['pending', 'succeeded', 'failed', 'canceled'] as const).find((known) => known === status) ?? 'pending',
  };
}

const EVENT_KINDS: Record<string, PaymentEventKind> = {
  'payment_intent.amount_capturable_updated': 'hold_authorized',
  'payment_intent.requires_action': 'requires_action',
  'payment_intent.succeeded': 'captured',
  'payment_intent.canceled': 'released',
  'payment_intent.payment_failed': 'payment_failed',
  'charge.refunded': 'refunded',
  'setup_intent.succeeded': 'card_saved',
  'setup_intent.setup_failed': 'card_setup_failed',
};

/** A verified Stripe event in our words; the object is as it was when the event happened. */
export function toPaymentEvent(event: StripeEvent): PaymentEvent {
  const object = event.data.object as unknown as Record<string, unknown> & { id: string; object: string };
  const ids: Pick<PaymentEvent, 'paymentId' | 'setupId' | 'customerId' | 'paymentMethodId'> = {};
  const set = (field: keyof typeof ids, value: unknown) => {
    const id = idOf(value as string | { id: string } | null | undefined);
    if (id) ids[field] = id;
  };
  if (object.object === 'payment_intent') set('paymentId', object.id);
  else set('paymentId', object.payment_intent);
  if (object.object === 'setup_intent') set('setupId', object.id);
  set('customerId', object.customer);
  set('paymentMethodId', object.payment_method);
  const amount =
    object.object === 'charge' ? object.amount_refunded : object.object === 'payment_intent' || object.object === 'refund' ? object.amount : undefined;
  const idempotencyKey = event.request?.idempotency_key;
  return {
    eventId: event.id,
    providerType: event.type,
    kind: EVENT_KINDS[event.type] ?? 'other',
    occurredAt: isoFromUnix(event.created),
    ...ids,
    ...(typeof amount === 'number' && typeof object.currency === 'string' ? { amount: { amountMinor: amount, currency: object.currency.toUpperCase() } } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}

/** What a guest is told about a declined card: enough to act on, nothing the bank did not mean to share (lost/stolen read as a plain decline). */
function declineMessage(code: string | undefined, declineCode: string | undefined): string {
  if (code === 'expired_card' || declineCode === 'expired_card') return 'The card has expired. Please use another card.';
  if (code === 'incorrect_cvc' || declineCode === 'incorrect_cvc') return 'The card security code is incorrect. Please check it or use another card.';
  if (code === 'processing_error' || declineCode === 'processing_error') return 'The card could not be processed. Please try again in a moment.';
  if (declineCode === 'insufficient_funds') return 'The card was declined for insufficient funds. Please use another card.';
  return 'The card was declined. Please use another card or contact your bank.';
}

/**
 * A stripe-node error as our AppError, by the house rules: declines and refusals 422 (with a
 * guest-safe message and Stripe's codes in details), network and 5xx 503, timeouts 504, refused
 * keys 503 misconfigured. Card errors keep no `cause`: their raw body carries the payment method.
 * `errors` are the error classes of the SDK as the adapter loaded it (on first use).
 */
export function toAppError(errors: typeof Stripe.errors, error: unknown, operation: string): unknown {
  if (error instanceof AppError || !(error instanceof errors.StripeError)) return error;
  const stripeError = error as StripeErrorInstance;
  const { code, decline_code: declineCode, requestId } = stripeError;
  const where = `Stripe ${operation}`;
  if (stripeError instanceof errors.StripeCardError) {
    return new AppError('upstream_rejected', declineMessage(code, declineCode), { details: { provider: 'stripe', code, ...(declineCode ? { declineCode } : {}) } });
  }
  if (stripeError instanceof errors.StripeConnectionError) {
    // The guarded fetch's own refusal (production URL rule) arrives wrapped as a connection error.
    if (stripeError.detail instanceof AppError) return stripeError.detail;
    const timedOut = (stripeError.detail as { code?: string } | undefined)?.code === 'ETIMEDOUT';
    return timedOut
      ? new AppError('integration_timeout', 'Stripe did not answer in time.', { details: { provider: 'stripe', operation }, cause: error })
      : new AppError('integration_unavailable', 'Stripe could not be reached.', { details: { provider: 'stripe', operation }, retryAfterSeconds: 5, cause: error });
  }
  if (stripeError instanceof errors.StripeAuthenticationError || stripeError instanceof errors.StripePermissionError) {
    return new AppError('integration_misconfigured', 'Stripe refused the API key of this property.', { details: { provider: 'stripe', status: stripeError.statusCode, requestId } });
  }
  if (stripeError instanceof errors.StripeRateLimitError) {
    const retryAfter = Number(stripeError.headers?.['retry-after']);
    return new AppError('integration_unavailable', 'Stripe is limiting our requests; try again shortly.', {
      details: { provider: 'stripe', operation },
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1,
    });
  }
  if (stripeError instanceof errors.StripeIdempotencyError) {
    return new AppError('conflict', `${where}: this idempotency key was already used for a different request.`, { details: { provider: 'stripe', requestId } });
  }
  if (stripeError instanceof errors.StripeInvalidRequestError) {
    if (stripeError.statusCode === 404 || code === 'resource_missing') {
      return new AppError('not_found', 'Stripe has no such payment, customer or card.', { details: { provider: 'stripe', param: stripeError.param } });
    }
    // parameter_unknown, parameter_missing, …: a request this adapter should not have sent.
    if (code?.startsWith('parameter_')) {
      return new AppError('integration_misconfigured', `${where} was refused as malformed (${stripeError.param ?? code}).`, { details: { provider: 'stripe', code, requestId }, cause: error });
    }
    return new AppError('upstream_rejected', code && REFUSAL_CODES.has(code) ? refusalMessage(code) : 'The payment provider refused this operation.', {
      details: { provider: 'stripe', code: code ?? 'invalid_request', ...(stripeError.param ? { param: stripeError.param } : {}) },
    });
  }
  return new AppError('integration_unavailable', 'Stripe is not available right now.', { details: { provider: 'stripe', operation, status: stripeError.statusCode }, retryAfterSeconds: 5, cause: error });
}

function refusalMessage(code: string): string {
  if (code === 'amount_too_large') return 'The amount is more than this payment allows.';
  if (code === 'amount_too_small') return 'The amount is below the smallest the card network allows.';
  if (code === 'charge_already_refunded') return 'This payment has already been refunded in full.';
  if (code.startsWith('charge_expired') || code === 'capture_charge_authorization_expired') return 'The card hold has expired; it can no longer be captured.';
  return 'The payment is not in a state that allows this.';
}
