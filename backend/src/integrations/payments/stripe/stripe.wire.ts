import type Stripe from 'stripe';

/**
 * The Stripe objects the adapter reads, as stripe-node 23 types them (API version
 * 2026-10-28.endive, which the SDK pins). Only this folder sees them.
 */
export type StripePaymentIntent = Stripe.PaymentIntent;
export type StripeCharge = Stripe.Charge;
export type StripeRefund = Stripe.Refund;
export type StripeSetupIntent = Stripe.SetupIntent;
export type StripeEvent = Stripe.Event;
export type StripeErrorInstance = Stripe.errors.StripeError;

/**
 * Holds ask for what the card may offer: incremental authorisation (raise the hold during the
 * stay; Visa, Mastercard, Discover, not where SCA applies) and extended authorisation (up to 30
 * days for lodging). `if_available` never fails a payment that cannot have them; the charge's
 * `payment_method_details.card.*.status` says what was granted.
 */
export const HOLD_CARD_OPTIONS = {
  request_incremental_authorization: 'if_available',
  request_extended_authorization: 'if_available',
} as const satisfies Stripe.PaymentIntentCreateParams.PaymentMethodOptions.Card;

/** Every PaymentIntent answer carries its charge, where the hold's card details live. */
export const EXPAND_CHARGE = ['latest_charge'];

/**
 * Stripe error codes that are a refusal of this operation rather than a fault of ours or theirs
 * (docs.stripe.com/error-codes): amounts out of range, a payment in the wrong state.
 */
export const REFUSAL_CODES = new Set([
  'amount_too_large',
  'amount_too_small',
  'charge_already_captured',
  'charge_already_refunded',
  'charge_expired_for_capture',
  'capture_charge_authorization_expired',
  'capture_unauthorized_payment',
  'payment_intent_unexpected_state',
  'setup_intent_unexpected_state',
  'payment_method_unexpected_state',
]);
