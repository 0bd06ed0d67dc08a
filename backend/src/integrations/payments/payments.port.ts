/**
 * The provider-neutral payments interface: card on file, authorisation holds (manual capture),
 * immediate off-session charges, refunds and signed webhooks. Adapters (stripe, mock) translate
 * between these domain types and their vendor's wire format; nothing outside a provider's folder
 * sees a vendor shape. Money is integer minor units of an ISO 4217 currency.
 *
 * Every mutating call takes an `idempotencyKey` derived from what it does
 * (`stay:<id>:hold:v<n>`, `stay:<id>:capture`, `tip:<id>`), which the caller stores before the
 * call: the same key again (a retry after a crash or a lost answer) gives the same result and
 * never a second payment.
 *
 * Failures are thrown as `AppError`s:
 * - `upstream_rejected` (422): a business refusal the guest or staff can act on: card declined
 *   (`details.declineCode`), amount above what is capturable or refundable, incremental
 *   authorisation not available, an operation the payment's state does not allow. The message is
 *   safe to show a guest; `details.code` names the reason, the same on every provider for
 *   `card_declined` (with `details.declineCode`), `amount_too_large` and
 *   `incremental_authorization_unavailable`, the provider's own code otherwise.
 * - `conflict`: an idempotency key reused for a different request (a bug in how it was derived).
 * - `not_found`: no such payment or customer at the provider.
 * - `integration_unavailable` (network, provider 5xx, rate limit), `integration_timeout`,
 *   `integration_misconfigured` (keys refused, settings wrong).
 * - `bad_request`: a webhook whose signature does not verify.
 * Card numbers never pass through here: the browser hands them to the provider directly.
 */
import type { Money } from '../../lib/money.js';
import type { HealthCheck } from '../provider.js';

export type { Money };

/** What a guest may see of a card: never its number. */
export interface CardSummary {
  brand: string;
  last4: string;
  expMonth?: number;
  expYear?: number;
}

export interface CreateCustomerInput {
  /** Our guest id, kept on the provider's customer for reconciliation. */
  guestId: string;
  email?: string;
  name?: string;
  /** E.164. */
  phone?: string;
  idempotencyKey: string;
}

export interface PaymentCustomer {
  customerId: string;
}

export interface StartCardSetupInput {
  customerId: string;
  /** Kept on the setup for reconciliation (stay id, guest id). */
  metadata?: Record<string, string>;
  idempotencyKey: string;
}

/** The provider's browser library (Stripe.js): what the browser needs to load and start it. */
export interface BrowserLibrary {
  /** The provider's public key for its browser library. */
  publishableKey: string;
  /** Where the browser loads that library from (Stripe.js, or the Stripe mock's stand-in); none for in-process test providers. */
  jsUrl?: string;
}

/** What the browser needs to collect a card for later off-session use. */
export interface CardSetup extends BrowserLibrary {
  setupId: string;
  /** Handed to the provider's browser library (Stripe.js `confirmCardSetup`); not a secret key, but per-guest. */
  clientSecret: string;
  status: 'requires_payment_method' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
}

/** A card setup as it stands at the provider now, with the saved card once it has succeeded. */
export interface CardSetupState {
  setupId: string;
  status: CardSetup['status'];
  customerId?: string;
  /** The saved card, for later holds and charges; set once `succeeded`. */
  paymentMethodId?: string;
  card?: CardSummary;
}

/**
 * Where a payment stands, in our words:
 * - `requires_action`: the guest must authenticate (3D Secure) in the browser with `clientSecret`;
 *   nothing is authorised yet. Hand `clientSecret` (and `paymentMethodId`) to the browser.
 * - `authorized`: a hold is in place for `capturableMinor`, to capture before `captureBefore`.
 * - `captured`: money taken (`capturedMinor`); an uncaptured rest of a hold is released.
 * - `released`: a hold cancelled by us or lapsed; nothing taken.
 * - `processing`: the provider has not decided yet; a webhook will tell.
 * - `failed`: the last attempt was declined or not authenticated; another card is needed.
 */
export type PaymentStatus = 'requires_action' | 'authorized' | 'captured' | 'released' | 'processing' | 'failed';

export interface Payment {
  /** The provider's id (Stripe PaymentIntent `pi_…`). */
  paymentId: string;
  status: PaymentStatus;
  /** Authorised (hold) or charged total. */
  amount: Money;
  capturableMinor: number;
  capturedMinor: number;
  /** Whether this hold can still be raised with `incrementHold` (a per-card, per-hold capability). */
  incrementalAuthorization: boolean;
  /** ISO instant the hold lapses unless captured; absent when no hold is open. */
  captureBefore?: string;
  /** Only with `requires_action`: what the provider's browser library needs to authenticate. */
  clientSecret?: string;
  paymentMethodId?: string;
  card?: CardSummary;
}

export interface CardPaymentInput {
  customerId: string;
  /** A card saved through `startCardSetup` (or, on test providers, a test card id). */
  paymentMethodId: string;
  amount: Money;
  /** Shown on the guest's statement and the provider's dashboard. */
  description: string;
  metadata?: Record<string, string>;
  idempotencyKey: string;
}

export interface PlaceHoldInput extends CardPaymentInput {
  /**
   * True when the guest is not at the screen (a hold placed by staff or a job): an authentication
   * the bank asks for then comes back as `requires_action` for the guest to complete later.
   */
  offSession: boolean;
}

/** An immediate charge (automatic capture) of a saved card (the balance, tips, extras). */
export interface ChargeInput extends CardPaymentInput {
  /**
   * False when the guest is at the screen paying: an authentication the bank asks for is then
   * `requires_action` for the browser at once. Default true (the guest not present).
   */
  offSession?: boolean;
}

export interface IncrementHoldInput {
  /** The new authorised total, not the difference. */
  newTotalMinor: number;
  idempotencyKey: string;
}

export interface CaptureInput {
  /** At most what is capturable; omitted captures all of it. The rest of the hold is released. */
  amountMinor?: number;
  idempotencyKey: string;
}

export interface RefundInput {
  /** At most what was captured and not yet refunded; omitted refunds all of that. */
  amountMinor?: number;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  idempotencyKey: string;
}

export interface Refund {
  refundId: string;
  paymentId: string;
  amount: Money;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
}

/** What a webhook tells us, in our words; `other` for types we receive but do not act on. */
export type PaymentEventKind =
  | 'hold_authorized'
  | 'requires_action'
  | 'captured'
  | 'released'
  | 'payment_failed'
  | 'refunded'
  | 'card_saved'
  | 'card_setup_failed'
  | 'other';

export interface PaymentEvent {
  /** The provider's event id: deliveries repeat and arrive out of order, so dedupe on it. */
  eventId: string;
  /** The provider's own event type, e.g. `payment_intent.succeeded`. */
  providerType: string;
  kind: PaymentEventKind;
  occurredAt: string;
  paymentId?: string;
  setupId?: string;
  customerId?: string;
  paymentMethodId?: string;
  /** The object as of the event; refetch when order matters. */
  amount?: Money;
  /** The idempotency key of the request that caused the event, when one did. */
  idempotencyKey?: string;
}

export interface PaymentsCapabilities {
  /** Holds can be raised later (only on some cards: see `Payment.incrementalAuthorization`). */
  incrementalAuthorization: boolean;
  /** Several captures of one hold. */
  multicapture: boolean;
}

export interface PaymentsPort extends HealthCheck {
  readonly capabilities: PaymentsCapabilities;
  /** For a payment the guest must authenticate in the browser (`requires_action`) with the library. */
  readonly browser: BrowserLibrary;
  createCustomer(input: CreateCustomerInput): Promise<PaymentCustomer>;
  /** Starts saving a card for later off-session use; the browser finishes it with `clientSecret`. */
  startCardSetup(input: StartCardSetupInput): Promise<CardSetup>;
  /**
   * The setup as the provider has it now. Callers learn whether a card was saved from this (after
   * a webhook, or the browser saying it is done), never from what the browser reports.
   */
  getCardSetup(setupId: string): Promise<CardSetupState>;
  /** The payment as the provider has it now: webhooks arrive late, twice or out of order, so state is read, not replayed. */
  getPayment(paymentId: string): Promise<Payment>;
  /** Authorises `amount` on a saved card without taking it (manual capture). */
  placeHold(input: PlaceHoldInput): Promise<Payment>;
  /** Raises an authorised hold to a new total; refused (`upstream_rejected`) where the card or hold does not allow it. */
  incrementHold(paymentId: string, input: IncrementHoldInput): Promise<Payment>;
  /** Takes up to the authorised amount; the rest of the hold is released. */
  captureHold(paymentId: string, input: CaptureInput): Promise<Payment>;
  /** Cancels a hold that has not been captured. */
  releaseHold(paymentId: string, input: { idempotencyKey: string }): Promise<Payment>;
  /** Charges a saved card at once (off-session unless `offSession: false`). */
  charge(input: ChargeInput): Promise<Payment>;
  /** Refunds a captured payment, fully or in part. */
  refund(paymentId: string, input: RefundInput): Promise<Refund>;
  /**
   * Verifies a webhook delivery's signature over its exact raw bytes (no JSON re-serialisation)
   * and parses it. Refuses (`bad_request`) a missing or wrong signature and one older than 300 s.
   * Asynchronous because an adapter may load its vendor's SDK on first use.
   */
  parseWebhook(rawBody: string | Buffer, signature: string | undefined): Promise<PaymentEvent>;
}
