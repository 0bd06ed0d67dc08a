import { createHash, randomBytes } from 'node:crypto';
import type { CardBrand, TestCard } from './test-cards.js';

/**
 * Wire shapes of the Stripe objects the mock keeps, with the fields of Stripe's own example objects
 * (vendor-specs/stripe/fixtures3.json; the tests check every key against them). Only the fields a
 * card-payments integration meets are here; the rest of Stripe's object model is absent.
 */
export type Metadata = Record<string, string>;

export interface ApiErrorObject {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  doc_url?: string;
  payment_method?: PaymentMethod;
  charge?: string;
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: null;
}

export interface Customer {
  id: string;
  object: 'customer';
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: { custom_fields: null; default_payment_method: string | PaymentMethod | null; footer: null; rendering_options: null };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: 'none';
  test_clock: null;
}

export interface CardDetails {
  brand: CardBrand;
  checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'pass' | null };
  country: string;
  display_brand: CardBrand;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: 'credit' | 'debit';
  generated_from: null;
  last4: string;
  networks: { available: CardBrand[]; preferred: null };
  three_d_secure_usage: { supported: boolean };
  wallet: null;
  regulated_status: null;
}

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'unspecified';
  billing_details: BillingDetails;
  card: CardDetails;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  type: 'card';
  customer_account: null;
}

export type IntentCardOptions = Partial<
  Record<'request_incremental_authorization' | 'request_extended_authorization' | 'request_overcapture' | 'request_multicapture', 'if_available' | 'never'>
> & { request_three_d_secure: 'automatic' | 'any' | 'challenge' };

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: string | Customer | null;
  description: string | null;
  last_payment_error: ApiErrorObject | null;
  latest_charge: string | Charge | null;
  livemode: false;
  metadata: Metadata;
  next_action: { type: 'use_stripe_sdk' } | null;
  on_behalf_of: null;
  payment_method: string | PaymentMethod | null;
  payment_method_options: { card: IntentCardOptions };
  payment_method_types: ['card'];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: 'off_session' | 'on_session' | null;
  shipping: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
  excluded_payment_method_types: null;
}

export interface ChargeCard {
  amount_authorized: number;
  authorization_code: string | null;
  brand: CardBrand;
  /** When an uncaptured (manual) charge lapses; in Stripe's SDK types, not in the fixture's example charge. */
  capture_before?: number;
  checks: CardDetails['checks'];
  country: string;
  exp_month: number;
  exp_year: number;
  extended_authorization: { status: 'enabled' | 'disabled' };
  fingerprint: string;
  funding: 'credit' | 'debit';
  incremental_authorization: { status: 'available' | 'unavailable' };
  last4: string;
  mandate: null;
  multicapture: { status: 'unavailable' };
  network: CardBrand;
  network_token: { used: false };
  network_transaction_id: string | null;
  overcapture: { maximum_amount_capturable: number; status: 'unavailable' };
  regulated_status: null;
  three_d_secure: {
    authentication_flow: 'challenge';
    electronic_commerce_indicator: '05';
    exemption_indicator: null;
    result: 'authenticated';
    result_reason: null;
    transaction_id: string;
    version: '2.2.0';
  } | null;
  wallet: null;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string | null;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: false;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: {
    advice_code: null;
    network_advice_code: null;
    network_decline_code: null;
    network_status: 'approved_by_network' | 'declined_by_network';
    reason: string | null;
    seller_message: string;
    type: 'authorized' | 'issuer_declined';
  };
  paid: boolean;
  payment_intent: string | PaymentIntent;
  payment_method: string;
  payment_method_details: { card: ChargeCard; type: 'card' };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  review: null;
  shipping: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: 'succeeded' | 'failed';
  transfer_data: null;
  transfer_group: null;
}

export type SetupIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'canceled' | 'succeeded';

export interface SetupIntent {
  id: string;
  object: 'setup_intent';
  application: null;
  automatic_payment_methods: { enabled: boolean } | null;
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  customer: string | Customer | null;
  description: string | null;
  flow_directions: null;
  last_setup_error: ApiErrorObject | null;
  latest_attempt: null;
  livemode: false;
  mandate: null;
  metadata: Metadata;
  next_action: { type: 'use_stripe_sdk' } | null;
  on_behalf_of: null;
  payment_method: string | PaymentMethod | null;
  payment_method_options: { card: { request_three_d_secure: 'automatic' | 'any' | 'challenge' } };
  payment_method_types: ['card'];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: 'off_session' | 'on_session';
  excluded_payment_method_types: null;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string | Charge;
  created: number;
  currency: string;
  destination_details: { card: { type: 'refund' | 'reversal' }; type: 'card' };
  metadata: Metadata;
  payment_intent: string | PaymentIntent;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'succeeded' | 'canceled';
  transfer_reversal: null;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export type StripeObject = Customer | PaymentMethod | PaymentIntent | Charge | SetupIntent | Refund | StripeEvent;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Buffer, length: number): string {
  return [...bytes.subarray(0, length)].map((byte) => BASE62[byte % 62]).join('');
}

/** Stripe-like ids: a type prefix and 24 base62 characters (`pi_3Q…`). */
export function newId(prefix: string): string {
  return `${prefix}_${base62(randomBytes(24), 24)}`;
}

export function clientSecret(id: string): string {
  return `${id}_secret_${base62(randomBytes(25), 25)}`;
}

export function emptyAddress(): Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function cardDetails(card: TestCard, expMonth: number, expYear: number): CardDetails {
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: 'US',
    display_brand: card.brand,
    exp_month: expMonth,
    exp_year: expYear,
    // Same card, same fingerprint, as Stripe does across PaymentMethods.
    fingerprint: base62(createHash('sha256').update(card.number).digest(), 16),
    funding: card.funding,
    generated_from: null,
    last4: card.number.slice(-4),
    networks: { available: [card.brand], preferred: null },
    three_d_secure_usage: { supported: true },
    wallet: null,
    regulated_status: null,
  };
}
