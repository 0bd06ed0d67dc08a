import { randomUUID } from 'node:crypto';
import { STRIPE_MOCK_API_VERSION } from './credentials.js';
import { StripeError, invalidParam, resourceMissing, unexpectedState } from './errors.js';
import {
  cardDetails,
  clientSecret,
  emptyAddress,
  newId,
  type ApiErrorObject,
  type BillingDetails,
  type Charge,
  type Customer,
  type IntentCardOptions,
  type PaymentIntent,
  type PaymentMethod,
  type Refund,
  type SetupIntent,
  type StripeEvent,
  type StripeObject,
} from './objects.js';
import { mergeMetadata, type Params } from './params.js';
import { INCREMENTAL_BRANDS, TEST_PAYMENT_METHODS, testCardByNumber, type TestCard } from './test-cards.js';

/** Who is asking: the account (`Stripe-Account`, Connect) and the request that events will name. */
export interface RequestInfo {
  account: string;
  requestId: string | null;
  idempotencyKey: string | null;
}

const DAY = 86_400;
/**
 * How long an uncaptured card authorisation lasts (docs.stripe.com/payments/place-a-hold-on-a-payment-method):
 * 7 days for customer-initiated payments, 4 days 18 hours for Visa merchant-initiated (off-session)
 * ones, up to 30 days with extended authorisation.
 */
const HOLD_SECONDS = { customer: 7 * DAY, visaMerchant: 4 * DAY + 18 * 3600, extended: 30 * DAY };
/** Stripe allows 10 incremental authorisation attempts per PaymentIntent, declines included. */
const MAX_INCREMENT_ATTEMPTS = 10;
/**
 * Mock rule (Stripe has no test card for it): an increment to a new total above this many minor
 * units is declined for insufficient funds, so the "increment declined, hold unchanged" path can
 * be driven with any card.
 */
export const INCREMENT_DECLINE_ABOVE = 1_000_000;
/** Stripe's minimum charge is 0.50 in most currencies (0.30 GBP); the mock applies 50 minor units except GBP. */
const minimumAmount = (currency: string) => (currency === 'gbp' ? 30 : 50);

const PAYMENT_INTENT_CANCEL_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
const IF_AVAILABLE = ['if_available', 'never'] as const;
const CARD_OPTION_NAMES = ['request_incremental_authorization', 'request_extended_authorization', 'request_overcapture', 'request_multicapture'] as const;

interface MethodState {
  card: TestCard;
  /** Saved through a SetupIntent (or setup_future_usage) for off-session use: such cards skip 3D Secure off-session. */
  setUpForOffSession: boolean;
}

interface IntentState {
  incrementAttempts: number;
  offSession: boolean;
  /** 3D Secure was completed for this intent, so its next confirmation authorises. */
  authenticated: boolean;
}

type Collection = 'customer' | 'payment_method' | 'payment_intent' | 'charge' | 'setup_intent' | 'refund' | 'event';
const PREFIXES: Record<string, Collection> = {
  cus: 'customer',
  pm: 'payment_method',
  pi: 'payment_intent',
  ch: 'charge',
  seti: 'setup_intent',
  re: 'refund',
  evt: 'event',
};
/** Fields `expand[]` may replace with the object they name. */
const EXPANDABLE = new Set(['customer', 'payment_method', 'latest_charge', 'payment_intent', 'charge', 'default_payment_method']);

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Everything the mock knows, in memory, with the PaymentIntent hold state machine of
 * contracts/services.md §1.6. The clock is the real one plus an offset the control API moves,
 * which is how holds expire in tests.
 */
export class StripeState {
  private readonly objects = new Map<string, StripeObject>();
  private readonly owners = new Map<string, string>();
  private readonly methods = new Map<string, MethodState>();
  private readonly intents = new Map<string, IntentState>();
  private offsetSeconds = 0;
  /** Called for every event, after it is stored; the webhook dispatcher listens here. */
  onEvent: (event: StripeEvent) => void = () => undefined;
  /** Webhook endpoints waiting for an event, for its `pending_webhooks`. */
  pendingWebhooks = () => 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Unix seconds on the mock's clock. */
  now(): number {
    return Math.floor(this.realNow() / 1000) + this.offsetSeconds;
  }

  /** Moves the clock forward and lapses the holds it passes. */
  advanceClock(seconds: number): number {
    this.offsetSeconds += seconds;
    this.expireHolds();
    return this.now();
  }

  /** Uncaptured charges past `capture_before` are released and their PaymentIntents canceled, as Stripe does. */
  expireHolds(): void {
    for (const object of this.objects.values()) {
      if (object.object !== 'payment_intent' || object.status !== 'requires_capture') continue;
      const charge = this.chargeOf(object);
      if ((charge.payment_method_details.card.capture_before ?? Infinity) > this.now()) continue;
      const system: RequestInfo = { account: this.owners.get(object.id)!, requestId: null, idempotencyKey: null };
      this.releaseHold(object, charge, 'automatic');
      this.emit('charge.expired', charge, system);
      this.emit('payment_intent.canceled', object, system);
    }
  }

  // ---- generic access -------------------------------------------------------------------------

  private store<T extends StripeObject>(object: T, account: string): T {
    this.objects.set(object.id, object);
    this.owners.set(object.id, account);
    return object;
  }

  private find<T extends StripeObject>(kind: Collection, id: string, account: string, param = 'id'): T {
    const object = this.objects.get(id);
    if (!object || object.object !== kind || this.owners.get(id) !== account) throw resourceMissing(kind, id, param);
    return object as T;
  }

  /** A copy of a stored object with `expand[]` applied: what a response carries. */
  view<T extends StripeObject>(object: T, expand: string[], account: string): T {
    const result = copy(object);
    for (const path of expand) this.expandPath(result as unknown as Record<string, unknown>, path.split('.'), path, account);
    return result;
  }

  private expandPath(target: Record<string, unknown>, segments: string[], path: string, account: string): void {
    const [field, ...rest] = segments as [string, ...string[]];
    const value = target[field];
    if (typeof value === 'string' && EXPANDABLE.has(field)) {
      const prefix = value.slice(0, value.indexOf('_'));
      const kind = PREFIXES[prefix];
      if (!kind) throw invalidParam('expand', `This property cannot be expanded (${path}).`);
      target[field] = copy(this.find(kind, value, account, 'expand'));
    } else if (value === null && rest.length === 0) {
      return;
    } else if (typeof value !== 'object' || value === null || (rest.length === 0 && !EXPANDABLE.has(field))) {
      throw invalidParam('expand', `This property cannot be expanded (${path}).`);
    }
    if (rest.length > 0) this.expandPath(target[field] as Record<string, unknown>, rest, path, account);
  }

  get(kind: Collection, id: string, account: string): StripeObject {
    return this.find(kind, id, account);
  }

  /** Newest first, as Stripe lists; `starting_after` pages on. */
  list<T extends StripeObject>(url: string, kind: Collection, account: string, params: Params, filter: (object: T) => boolean = () => true) {
    const limit = params.integer('limit') ?? 10;
    if (limit < 1 || limit > 100) throw invalidParam('limit', 'This value must be between 1 and 100.');
    let items = [...this.objects.values()]
      .filter((object) => object.object === kind && this.owners.get(object.id) === account && filter(object as T))
      .reverse() as T[];
    const after = params.string('starting_after');
    if (after) items = items.slice(items.findIndex((object) => object.id === after) + 1);
    const expand = params.expand().map((path) => path.replace(/^data\./, ''));
    return { object: 'list' as const, data: items.slice(0, limit).map((object) => this.view(object, expand, account)), has_more: items.length > limit, url };
  }

  // ---- events ---------------------------------------------------------------------------------

  private emit(type: string, object: StripeObject, request: RequestInfo): void {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: STRIPE_MOCK_API_VERSION,
      created: this.now(),
      data: { object: copy(object) },
      livemode: false,
      pending_webhooks: this.pendingWebhooks(),
      request: { id: request.requestId, idempotency_key: request.idempotencyKey },
      type,
    };
    this.store(event, request.account);
    this.onEvent(event);
  }

  event(id: string, account: string): StripeEvent {
    return this.find('event', id, account);
  }

  // ---- customers ------------------------------------------------------------------------------

  createCustomer(params: Params, request: RequestInfo): Customer {
    params.only(['email', 'name', 'phone', 'description', 'metadata', 'payment_method', 'invoice_settings', 'expand']);
    const customer = this.store<Customer>(
      {
        id: newId('cus'),
        object: 'customer',
        address: null,
        balance: 0,
        created: this.now(),
        currency: null,
        default_source: null,
        delinquent: false,
        description: params.string('description') ?? null,
        discount: null,
        email: params.string('email') ?? null,
        invoice_prefix: newId('x').slice(2, 10).toUpperCase(),
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: mergeMetadata({}, params.metadata()),
        name: params.string('name') ?? null,
        next_invoice_sequence: 1,
        phone: params.string('phone') ?? null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: null,
      },
      request.account,
    );
    const paymentMethod = params.string('payment_method');
    if (paymentMethod) this.attach(this.paymentMethod(paymentMethod, request, 'payment_method'), customer, request);
    this.setDefaultMethod(customer, params, request);
    this.emit('customer.created', customer, request);
    return customer;
  }

  updateCustomer(id: string, params: Params, request: RequestInfo): Customer {
    params.only(['email', 'name', 'phone', 'description', 'metadata', 'invoice_settings', 'expand']);
    const customer = this.find<Customer>('customer', id, request.account);
    if (params.has('email')) customer.email = params.string('email') ?? null;
    if (params.has('name')) customer.name = params.string('name') ?? null;
    if (params.has('phone')) customer.phone = params.string('phone') ?? null;
    if (params.has('description')) customer.description = params.string('description') ?? null;
    customer.metadata = mergeMetadata(customer.metadata, params.metadata());
    this.setDefaultMethod(customer, params, request);
    this.emit('customer.updated', customer, request);
    return customer;
  }

  private setDefaultMethod(customer: Customer, params: Params, request: RequestInfo): void {
    if (!params.has('invoice_settings.default_payment_method')) return;
    const id = params.string('invoice_settings.default_payment_method');
    if (id) {
      const method = this.find<PaymentMethod>('payment_method', id, request.account, 'invoice_settings[default_payment_method]');
      if (method.customer !== customer.id) {
        throw invalidParam('invoice_settings[default_payment_method]', `The PaymentMethod ${id} is not attached to customer ${customer.id}.`);
      }
    }
    customer.invoice_settings.default_payment_method = id ?? null;
  }

  deleteCustomer(id: string, request: RequestInfo) {
    const customer = this.find<Customer>('customer', id, request.account);
    this.objects.delete(id);
    for (const object of this.objects.values()) if (object.object === 'payment_method' && object.customer === id) object.customer = null;
    this.emit('customer.deleted', customer, request);
    return { id, object: 'customer' as const, deleted: true as const };
  }

  // ---- payment methods ------------------------------------------------------------------------

  /** Creates a card PaymentMethod from a card number (the Stripe.js stand-in's card field). */
  createPaymentMethod(params: Params, request: RequestInfo): PaymentMethod {
    params.only(['type', 'card', 'billing_details', 'metadata', 'expand']);
    if (params.requiredString('type') !== 'card') throw invalidParam('type', 'Only type=card is supported by this mock.');
    const number = params.requiredString('card.number').replace(/\s+/g, '');
    const card = testCardByNumber(number);
    if (!card) {
      throw new StripeError(402, 'card_error', 'Your card number is incorrect.', { code: 'incorrect_number', param: 'card[number]' });
    }
    const expMonth = params.requiredInteger('card.exp_month');
    const expYear = params.requiredInteger('card.exp_year');
    const fullYear = expYear < 100 ? 2000 + expYear : expYear;
    if (expMonth < 1 || expMonth > 12) throw new StripeError(402, 'card_error', "Your card's expiration month is invalid.", { code: 'invalid_expiry_month', param: 'card[exp_month]' });
    if (new Date(this.now() * 1000) > new Date(Date.UTC(fullYear, expMonth, 1))) {
      throw new StripeError(402, 'card_error', "Your card's expiration year is invalid.", { code: 'invalid_expiry_year', param: 'card[exp_year]' });
    }
    const billing: BillingDetails = {
      address: { ...emptyAddress(), postal_code: params.string('billing_details.address.postal_code') ?? null, country: params.string('billing_details.address.country') ?? null },
      email: params.string('billing_details.email') ?? null,
      name: params.string('billing_details.name') ?? null,
      phone: params.string('billing_details.phone') ?? null,
      tax_id: null,
    };
    return this.newPaymentMethod(card, expMonth, fullYear, billing, params.metadata(), request);
  }

  private newPaymentMethod(card: TestCard, expMonth: number, expYear: number, billing: BillingDetails | null, metadata: Record<string, string> | undefined, request: RequestInfo): PaymentMethod {
    const method = this.store<PaymentMethod>(
      {
        id: newId('pm'),
        object: 'payment_method',
        allow_redisplay: 'unspecified',
        billing_details: billing ?? { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
        card: cardDetails(card, expMonth, expYear),
        created: this.now(),
        customer: null,
        livemode: false,
        metadata: mergeMetadata({}, metadata),
        type: 'card',
        customer_account: null,
      },
      request.account,
    );
    this.methods.set(method.id, { card, setUpForOffSession: false });
    return method;
  }

  /** A stored PaymentMethod, or a fresh one for a `pm_card_*` test id, as Stripe's test mode does. */
  paymentMethod(id: string, request: RequestInfo, param = 'payment_method'): PaymentMethod {
    const testCard = TEST_PAYMENT_METHODS[id];
    if (testCard) return this.newPaymentMethod(testCard, 12, new Date(this.now() * 1000).getUTCFullYear() + 3, null, undefined, request);
    return this.find<PaymentMethod>('payment_method', id, request.account, param);
  }

  attachPaymentMethod(id: string, params: Params, request: RequestInfo): PaymentMethod {
    params.only(['customer', 'expand']);
    const customer = this.find<Customer>('customer', params.requiredString('customer'), request.account, 'customer');
    const method = this.paymentMethod(id, request);
    this.attach(method, customer, request);
    return method;
  }

  private attach(method: PaymentMethod, customer: Customer, request: RequestInfo): void {
    if (method.customer === customer.id) return;
    if (method.customer) throw invalidParam('payment_method', `The payment method ${method.id} is already attached to customer ${method.customer}.`);
    const { card } = this.methods.get(method.id)!;
    // Stripe's decline cards cannot be attached (docs.stripe.com/testing, "Declined payments").
    if (card.behaviour.kind === 'decline') throw this.cardError(card, { payment_method: copy(method) });
    method.customer = customer.id;
    this.emit('payment_method.attached', method, request);
  }

  detachPaymentMethod(id: string, request: RequestInfo): PaymentMethod {
    const method = this.find<PaymentMethod>('payment_method', id, request.account);
    if (!method.customer) throw invalidParam('payment_method', 'The payment method you provided is not attached to a customer so detachment is impossible.');
    const customer = this.objects.get(method.customer);
    if (customer?.object === 'customer' && customer.invoice_settings.default_payment_method === id) customer.invoice_settings.default_payment_method = null;
    method.customer = null;
    this.emit('payment_method.detached', method, request);
    return method;
  }

  // ---- setup intents --------------------------------------------------------------------------

  createSetupIntent(params: Params, request: RequestInfo): SetupIntent {
    params.only([
      'customer', 'payment_method', 'confirm', 'usage', 'description', 'metadata', 'return_url', 'automatic_payment_methods',
      'payment_method_types', 'allowed_payment_method_types', 'payment_method_options', 'expand',
    ]);
    params.paymentMethodTypes();
    const customerId = params.string('customer');
    if (customerId) this.find('customer', customerId, request.account, 'customer');
    const methodId = params.string('payment_method');
    const id = newId('seti');
    const intent = this.store<SetupIntent>(
      {
        id,
        object: 'setup_intent',
        application: null,
        automatic_payment_methods: params.has('automatic_payment_methods.enabled') ? { enabled: params.boolean('automatic_payment_methods.enabled') ?? false } : null,
        cancellation_reason: null,
        client_secret: clientSecret(id),
        created: this.now(),
        customer: customerId ?? null,
        description: params.string('description') ?? null,
        flow_directions: null,
        last_setup_error: null,
        latest_attempt: null,
        livemode: false,
        mandate: null,
        metadata: mergeMetadata({}, params.metadata()),
        next_action: null,
        on_behalf_of: null,
        payment_method: methodId ? this.paymentMethod(methodId, request).id : null,
        payment_method_options: { card: { request_three_d_secure: params.oneOf('payment_method_options.card.request_three_d_secure', ['automatic', 'any', 'challenge']) ?? 'automatic' } },
        payment_method_types: ['card'],
        single_use_mandate: null,
        status: methodId ? 'requires_confirmation' : 'requires_payment_method',
        usage: params.oneOf('usage', ['off_session', 'on_session']) ?? 'off_session',
        excluded_payment_method_types: null,
      },
      request.account,
    );
    this.emit('setup_intent.created', intent, request);
    if (params.boolean('confirm')) this.runSetup(intent, request);
    return intent;
  }

  confirmSetupIntent(id: string, params: Params, request: RequestInfo): SetupIntent {
    params.only(['payment_method', 'return_url', 'client_secret', 'expand', 'use_stripe_sdk', 'mandate_data']);
    const intent = this.find<SetupIntent>('setup_intent', id, request.account);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw unexpectedState('setup_intent', `You cannot confirm this SetupIntent because it has a status of ${intent.status}.`, copy(intent));
    }
    const methodId = params.string('payment_method');
    if (methodId) intent.payment_method = this.paymentMethod(methodId, request).id;
    this.runSetup(intent, request);
    return intent;
  }

  private runSetup(intent: SetupIntent, request: RequestInfo): void {
    if (!intent.payment_method) throw invalidParam('payment_method', 'You cannot confirm this SetupIntent because it is missing a payment method.', 'parameter_missing');
    const methodId = intent.payment_method as string;
    const { card } = this.methods.get(methodId)!;
    if (card.behaviour.kind === 'decline') {
      const method = this.find<PaymentMethod>('payment_method', methodId, request.account);
      intent.status = 'requires_payment_method';
      intent.last_setup_error = this.errorObject(card, method);
      intent.payment_method = null;
      this.emit('setup_intent.setup_failed', intent, request);
      throw this.cardError(card, { setup_intent: copy(intent), payment_method: copy(method) });
    }
    const needsAuthentication = card.behaviour.kind === 'always-authenticate' || card.behaviour.kind === 'authenticate-unless-set-up';
    if (needsAuthentication && intent.status !== 'requires_action') {
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk' };
      this.emit('setup_intent.requires_action', intent, request);
      return;
    }
    if (intent.status === 'requires_action') return;
    this.completeSetup(intent, request);
  }

  private completeSetup(intent: SetupIntent, request: RequestInfo): void {
    const method = this.find<PaymentMethod>('payment_method', intent.payment_method as string, request.account);
    if (intent.customer) this.attach(method, this.find('customer', intent.customer as string, request.account), request);
    this.methods.get(method.id)!.setUpForOffSession = intent.usage === 'off_session';
    intent.status = 'succeeded';
    intent.next_action = null;
    intent.last_setup_error = null;
    this.emit('setup_intent.succeeded', intent, request);
  }

  cancelSetupIntent(id: string, params: Params, request: RequestInfo): SetupIntent {
    params.only(['cancellation_reason', 'expand']);
    const intent = this.find<SetupIntent>('setup_intent', id, request.account);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw unexpectedState('setup_intent', `You cannot cancel this SetupIntent because it has a status of ${intent.status}.`, copy(intent));
    }
    intent.cancellation_reason = params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer']) ?? null;
    intent.status = 'canceled';
    intent.next_action = null;
    this.emit('setup_intent.canceled', intent, request);
    return intent;
  }

  // ---- payment intents ------------------------------------------------------------------------

  createPaymentIntent(params: Params, request: RequestInfo): PaymentIntent {
    params.only([
      'amount', 'currency', 'capture_method', 'confirm', 'customer', 'payment_method', 'off_session', 'payment_method_options',
      'description', 'statement_descriptor', 'statement_descriptor_suffix', 'metadata', 'receipt_email', 'setup_future_usage',
      'payment_method_types', 'allowed_payment_method_types', 'automatic_payment_methods', 'return_url', 'confirmation_method',
      'error_on_requires_action', 'use_stripe_sdk', 'expand',
    ]);
    params.paymentMethodTypes();
    const currency = params.requiredString('currency').toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}.`);
    const amount = this.validAmount(params.requiredInteger('amount'), currency, 'amount');
    const customerId = params.string('customer');
    if (customerId) this.find('customer', customerId, request.account, 'customer');
    const confirm = params.boolean('confirm') ?? false;
    if (params.has('off_session') && !confirm) throw invalidParam('off_session', 'You may only specify `off_session` when confirming the PaymentIntent (confirm=true).');
    const methodId = params.string('payment_method');
    const id = newId('pi');
    const intent = this.store<PaymentIntent>(
      {
        id,
        object: 'payment_intent',
        amount,
        amount_capturable: 0,
        amount_details: { tip: {} },
        amount_received: 0,
        application: null,
        application_fee_amount: null,
        automatic_payment_methods: params.has('automatic_payment_methods.enabled') ? { enabled: params.boolean('automatic_payment_methods.enabled') ?? false } : null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async',
        client_secret: clientSecret(id),
        confirmation_method: params.oneOf('confirmation_method', ['automatic', 'manual']) ?? 'automatic',
        created: this.now(),
        currency,
        customer: customerId ?? null,
        description: params.string('description') ?? null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: mergeMetadata({}, params.metadata()),
        next_action: null,
        on_behalf_of: null,
        payment_method: methodId ? this.paymentMethod(methodId, request).id : null,
        payment_method_options: { card: this.cardOptions(params) },
        payment_method_types: ['card'],
        processing: null,
        receipt_email: params.string('receipt_email') ?? null,
        review: null,
        setup_future_usage: params.oneOf('setup_future_usage', ['off_session', 'on_session']) ?? null,
        shipping: null,
        statement_descriptor: params.string('statement_descriptor') ?? null,
        statement_descriptor_suffix: params.string('statement_descriptor_suffix') ?? null,
        status: methodId ? 'requires_confirmation' : 'requires_payment_method',
        transfer_data: null,
        transfer_group: null,
        excluded_payment_method_types: null,
      },
      request.account,
    );
    this.intents.set(id, { incrementAttempts: 0, offSession: params.boolean('off_session') ?? false, authenticated: false });
    this.emit('payment_intent.created', intent, request);
    if (confirm) this.runPayment(intent, request);
    return intent;
  }

  private validAmount(amount: number, currency: string, param: string): number {
    if (amount < minimumAmount(currency)) {
      throw new StripeError(400, 'invalid_request_error', `Amount must be at least ${minimumAmount(currency)} ${currency} minor units.`, { code: 'amount_too_small', param }, false);
    }
    if (amount > 99_999_999) throw new StripeError(400, 'invalid_request_error', 'Amount must be no more than 99999999.', { code: 'amount_too_large', param }, false);
    return amount;
  }

  private cardOptions(params: Params, current?: IntentCardOptions): IntentCardOptions {
    const options: IntentCardOptions = current ?? { request_three_d_secure: 'automatic' };
    for (const name of CARD_OPTION_NAMES) {
      const value = params.oneOf(`payment_method_options.card.${name}`, IF_AVAILABLE);
      if (value) options[name] = value;
    }
    const threeDSecure = params.oneOf('payment_method_options.card.request_three_d_secure', ['automatic', 'any', 'challenge']);
    if (threeDSecure) options.request_three_d_secure = threeDSecure;
    return options;
  }

  updatePaymentIntent(id: string, params: Params, request: RequestInfo): PaymentIntent {
    params.only(['amount', 'currency', 'customer', 'payment_method', 'description', 'metadata', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'payment_method_options', 'capture_method', 'setup_future_usage', 'expand']);
    const intent = this.find<PaymentIntent>('payment_intent', id, request.account);
    const changesPayment = ['amount', 'currency', 'customer', 'payment_method', 'payment_method_options', 'capture_method', 'setup_future_usage'].some((name) => params.has(name));
    if (changesPayment && !['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw unexpectedState('payment_intent', `This PaymentIntent's amount and payment details cannot be updated because it has a status of ${intent.status}.`, copy(intent));
    }
    const currency = params.string('currency')?.toLowerCase() ?? intent.currency;
    intent.currency = currency;
    const amount = params.integer('amount');
    if (amount !== undefined) intent.amount = this.validAmount(amount, currency, 'amount');
    const customerId = params.string('customer');
    if (customerId) intent.customer = this.find<Customer>('customer', customerId, request.account, 'customer').id;
    const methodId = params.string('payment_method');
    if (methodId) {
      intent.payment_method = this.paymentMethod(methodId, request).id;
      intent.status = 'requires_confirmation';
    }
    if (params.has('description')) intent.description = params.string('description') ?? null;
    if (params.has('receipt_email')) intent.receipt_email = params.string('receipt_email') ?? null;
    if (params.has('statement_descriptor_suffix')) intent.statement_descriptor_suffix = params.string('statement_descriptor_suffix') ?? null;
    intent.capture_method = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']) ?? intent.capture_method;
    intent.payment_method_options.card = this.cardOptions(params, intent.payment_method_options.card);
    intent.metadata = mergeMetadata(intent.metadata, params.metadata());
    return intent;
  }

  confirmPaymentIntent(id: string, params: Params, request: RequestInfo): PaymentIntent {
    params.only(['payment_method', 'off_session', 'return_url', 'client_secret', 'payment_method_options', 'setup_future_usage', 'receipt_email', 'expand', 'use_stripe_sdk', 'error_on_requires_action', 'mandate_data']);
    const intent = this.find<PaymentIntent>('payment_intent', id, request.account);
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw unexpectedState('payment_intent', `You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`, copy(intent));
    }
    const methodId = params.string('payment_method');
    if (methodId) intent.payment_method = this.paymentMethod(methodId, request).id;
    intent.payment_method_options.card = this.cardOptions(params, intent.payment_method_options.card);
    intent.setup_future_usage = params.oneOf('setup_future_usage', ['off_session', 'on_session']) ?? intent.setup_future_usage;
    this.intents.get(id)!.offSession = params.boolean('off_session') ?? false;
    this.runPayment(intent, request);
    return intent;
  }

  /** Confirmation: 3D Secure, decline or authorisation, by the card's test behaviour. */
  private runPayment(intent: PaymentIntent, request: RequestInfo): void {
    if (!intent.payment_method) throw invalidParam('payment_method', "You cannot confirm this PaymentIntent because it's missing a payment method.", 'parameter_missing');
    const method = this.find<PaymentMethod>('payment_method', intent.payment_method as string, request.account);
    if (intent.customer && method.customer && method.customer !== intent.customer) {
      throw invalidParam('payment_method', `The provided PaymentMethod belongs to another customer (${method.customer}).`);
    }
    const state = this.methods.get(method.id)!;
    const local = this.intents.get(intent.id)!;
    const { behaviour } = state.card;
    if (behaviour.kind === 'decline' || behaviour.kind === 'attach-then-decline') return this.declinePayment(intent, method, state.card, request);
    const wantsAuthentication = behaviour.kind === 'always-authenticate' || (behaviour.kind === 'authenticate-unless-set-up' && !state.setUpForOffSession);
    if (wantsAuthentication && !local.authenticated) {
      if (local.offSession) return this.declinePayment(intent, method, state.card, request, 'authentication_required');
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk' };
      this.emit('payment_intent.requires_action', intent, request);
      return;
    }
    this.authorise(intent, method, state, local, request);
  }

  private declinePayment(intent: PaymentIntent, method: PaymentMethod, card: TestCard, request: RequestInfo, reason?: 'authentication_required'): never {
    const error = this.cardError(card, {}, reason);
    const charge = this.newCharge(intent, method, card, false);
    charge.status = 'failed';
    charge.paid = false;
    charge.failure_code = error.fields.code ?? null;
    charge.failure_message = error.message;
    charge.outcome = { ...charge.outcome, network_status: 'declined_by_network', reason: error.fields.decline_code ?? null, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' };
    intent.latest_charge = charge.id;
    intent.status = 'requires_payment_method';
    intent.next_action = null;
    intent.last_payment_error = { ...this.errorObject(card, method, reason), charge: charge.id };
    this.emit('charge.failed', charge, request);
    this.emit('payment_intent.payment_failed', intent, request);
    throw new StripeError(402, 'card_error', error.message, { ...error.fields, charge: charge.id, payment_intent: copy(intent), payment_method: copy(method) });
  }

  private authorise(intent: PaymentIntent, method: PaymentMethod, state: MethodState, local: IntentState, request: RequestInfo): void {
    const charge = this.newCharge(intent, method, state.card, intent.capture_method !== 'manual');
    if (local.authenticated) {
      charge.payment_method_details.card.three_d_secure = {
        authentication_flow: 'challenge',
        electronic_commerce_indicator: '05',
        exemption_indicator: null,
        result: 'authenticated',
        result_reason: null,
        transaction_id: randomUUID(),
        version: '2.2.0',
      };
    }
    intent.latest_charge = charge.id;
    intent.next_action = null;
    intent.last_payment_error = null;
    if (intent.setup_future_usage && intent.customer) {
      this.attach(method, this.find('customer', intent.customer as string, request.account), request);
      state.setUpForOffSession = intent.setup_future_usage === 'off_session';
    }
    this.emit('charge.succeeded', charge, request);
    if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      this.emit('payment_intent.amount_capturable_updated', intent, request);
    } else {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      this.emit('payment_intent.succeeded', intent, request);
    }
  }

  private newCharge(intent: PaymentIntent, method: PaymentMethod, card: TestCard, captured: boolean): Charge {
    const options = intent.payment_method_options.card;
    const local = this.intents.get(intent.id)!;
    const manual = intent.capture_method === 'manual';
    const extended = options.request_extended_authorization === 'if_available';
    const holdSeconds = extended ? HOLD_SECONDS.extended : local.offSession && card.brand === 'visa' ? HOLD_SECONDS.visaMerchant : HOLD_SECONDS.customer;
    const details = method.card;
    return this.store<Charge>(
      {
        id: newId('ch'),
        object: 'charge',
        amount: intent.amount,
        amount_captured: captured ? intent.amount : 0,
        amount_refunded: 0,
        application: null,
        application_fee: null,
        application_fee_amount: null,
        balance_transaction: null,
        billing_details: copy(method.billing_details),
        calculated_statement_descriptor: intent.statement_descriptor_suffix ? `INNKEEPER* ${intent.statement_descriptor_suffix}` : 'INNKEEPER',
        captured,
        created: this.now(),
        currency: intent.currency,
        customer: (intent.customer as string | null) ?? null,
        description: intent.description,
        disputed: false,
        failure_balance_transaction: null,
        failure_code: null,
        failure_message: null,
        fraud_details: {},
        livemode: false,
        metadata: copy(intent.metadata),
        on_behalf_of: null,
        outcome: {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'approved_by_network',
          reason: null,
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
        paid: true,
        payment_intent: intent.id,
        payment_method: method.id,
        payment_method_details: {
          card: {
            amount_authorized: intent.amount,
            authorization_code: String(100000 + Math.floor(Math.random() * 900000)),
            brand: details.brand,
            ...(manual ? { capture_before: this.now() + holdSeconds } : {}),
            checks: copy(details.checks),
            country: details.country,
            exp_month: details.exp_month,
            exp_year: details.exp_year,
            extended_authorization: { status: manual && extended ? 'enabled' : 'disabled' },
            fingerprint: details.fingerprint,
            funding: details.funding,
            incremental_authorization: {
              status: manual && options.request_incremental_authorization === 'if_available' && INCREMENTAL_BRANDS.has(card.brand) ? 'available' : 'unavailable',
            },
            last4: details.last4,
            mandate: null,
            multicapture: { status: 'unavailable' },
            network: details.brand,
            network_token: { used: false },
            network_transaction_id: null,
            overcapture: { maximum_amount_capturable: intent.amount, status: 'unavailable' },
            regulated_status: null,
            three_d_secure: null,
            wallet: null,
          },
          type: 'card',
        },
        receipt_email: intent.receipt_email,
        receipt_number: null,
        receipt_url: null,
        refunded: false,
        review: null,
        shipping: null,
        source_transfer: null,
        statement_descriptor: intent.statement_descriptor,
        statement_descriptor_suffix: intent.statement_descriptor_suffix,
        status: 'succeeded',
        transfer_data: null,
        transfer_group: null,
      },
      this.owners.get(intent.id)!,
    );
  }

  private chargeOf(intent: PaymentIntent): Charge {
    return this.objects.get(intent.latest_charge as string) as Charge;
  }

  /**
   * The guest finished (or failed) 3D Secure for an intent in `requires_action`: what Stripe.js's
   * authentication modal leads to. A PaymentIntent then authorises; a SetupIntent saves the card.
   */
  authenticate(clientSecretValue: string, outcome: 'succeed' | 'fail'): PaymentIntent | SetupIntent {
    const id = clientSecretValue.split('_secret_')[0] ?? '';
    const intent = this.objects.get(id);
    if (!intent || (intent.object !== 'payment_intent' && intent.object !== 'setup_intent') || intent.client_secret !== clientSecretValue) {
      throw invalidParam('client_secret', 'Invalid client_secret.');
    }
    if (intent.status !== 'requires_action') throw unexpectedState(intent.object, `This intent has a status of ${intent.status}; nothing to authenticate.`, copy(intent));
    const request: RequestInfo = { account: this.owners.get(id)!, requestId: null, idempotencyKey: null };
    const failure = (code: string): ApiErrorObject => ({
      type: 'invalid_request_error',
      code,
      message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this intent again.',
      doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
    });
    if (intent.object === 'setup_intent') {
      if (outcome === 'succeed') this.completeSetup(intent, request);
      else {
        intent.status = 'requires_payment_method';
        intent.next_action = null;
        intent.last_setup_error = failure('setup_intent_authentication_failure');
        this.emit('setup_intent.setup_failed', intent, request);
      }
      return intent;
    }
    if (outcome === 'succeed') {
      this.intents.get(id)!.authenticated = true;
      this.runPayment(intent, request);
    } else {
      intent.status = 'requires_payment_method';
      intent.next_action = null;
      intent.last_payment_error = failure('payment_intent_authentication_failure');
      this.emit('payment_intent.payment_failed', intent, request);
    }
    return intent;
  }

  incrementAuthorization(id: string, params: Params, request: RequestInfo): PaymentIntent {
    params.only(['amount', 'description', 'metadata', 'statement_descriptor', 'expand']);
    const intent = this.find<PaymentIntent>('payment_intent', id, request.account);
    const amount = params.requiredInteger('amount');
    if (intent.status !== 'requires_capture') {
      throw unexpectedState('payment_intent', `This PaymentIntent's authorization cannot be incremented because it has a status of ${intent.status}. Only a PaymentIntent with a status of requires_capture may be incremented.`, copy(intent));
    }
    const charge = this.chargeOf(intent);
    if (charge.payment_method_details.card.incremental_authorization.status !== 'available') {
      throw new StripeError(400, 'invalid_request_error', 'This PaymentIntent is not eligible for incremental authorization: request it with payment_method_options[card][request_incremental_authorization]=if_available on a card that supports it.', { payment_intent: copy(intent) });
    }
    if (amount <= intent.amount) throw invalidParam('amount', `The new amount (${amount}) must be greater than the currently authorized amount (${intent.amount}).`);
    const local = this.intents.get(id)!;
    if (local.incrementAttempts >= MAX_INCREMENT_ATTEMPTS) {
      throw new StripeError(400, 'invalid_request_error', `This PaymentIntent has reached the maximum of ${MAX_INCREMENT_ATTEMPTS} incremental authorization attempts.`, { payment_intent: copy(intent) });
    }
    local.incrementAttempts += 1;
    // A declined increment changes nothing on the PaymentIntent or the charge: the hold stays at the old amount.
    if (amount > INCREMENT_DECLINE_ABOVE) {
      throw new StripeError(402, 'card_error', 'Your card has insufficient funds.', { code: 'card_declined', decline_code: 'insufficient_funds', payment_intent: copy(intent) });
    }
    intent.amount = amount;
    intent.amount_capturable = amount;
    if (params.has('description')) intent.description = params.string('description') ?? null;
    intent.metadata = mergeMetadata(intent.metadata, params.metadata());
    charge.amount = amount;
    charge.payment_method_details.card.amount_authorized = amount;
    charge.payment_method_details.card.overcapture.maximum_amount_capturable = amount;
    this.emit('payment_intent.amount_capturable_updated', intent, request);
    return intent;
  }

  capturePaymentIntent(id: string, params: Params, request: RequestInfo): PaymentIntent {
    params.only(['amount_to_capture', 'final_capture', 'metadata', 'statement_descriptor', 'statement_descriptor_suffix', 'expand']);
    const intent = this.find<PaymentIntent>('payment_intent', id, request.account);
    if (intent.status !== 'requires_capture') {
      throw unexpectedState('payment_intent', `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, copy(intent));
    }
    const amount = params.integer('amount_to_capture') ?? intent.amount_capturable;
    if (amount > intent.amount_capturable) {
      throw new StripeError(400, 'invalid_request_error', `The amount to capture (${amount}) must be less than or equal to the amount capturable (${intent.amount_capturable}).`, { code: 'amount_too_large', param: 'amount_to_capture' }, false);
    }
    if (amount < 1) throw new StripeError(400, 'invalid_request_error', 'The amount to capture must be greater than zero.', { code: 'amount_too_small', param: 'amount_to_capture' }, false);
    const charge = this.chargeOf(intent);
    intent.status = 'succeeded';
    intent.amount_received = amount;
    intent.amount_capturable = 0;
    intent.metadata = mergeMetadata(intent.metadata, params.metadata());
    charge.captured = true;
    charge.amount_captured = amount;
    delete charge.payment_method_details.card.capture_before;
    this.emit('charge.captured', charge, request);
    this.emit('payment_intent.succeeded', intent, request);
    return intent;
  }

  cancelPaymentIntent(id: string, params: Params, request: RequestInfo): PaymentIntent {
    params.only(['cancellation_reason', 'expand']);
    const intent = this.find<PaymentIntent>('payment_intent', id, request.account);
    const reason = params.oneOf('cancellation_reason', PAYMENT_INTENT_CANCEL_REASONS) ?? null;
    if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw unexpectedState('payment_intent', `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`, copy(intent));
    }
    if (intent.status === 'requires_capture') {
      this.releaseHold(intent, this.chargeOf(intent), reason);
    } else {
      intent.status = 'canceled';
      intent.canceled_at = this.now();
      intent.cancellation_reason = reason;
      intent.next_action = null;
    }
    this.emit('payment_intent.canceled', intent, request);
    return intent;
  }

  /** Stripe refunds the uncaptured charge of a canceled or lapsed hold: the authorisation is released. */
  private releaseHold(intent: PaymentIntent, charge: Charge, reason: string | null): void {
    intent.status = 'canceled';
    intent.canceled_at = this.now();
    intent.cancellation_reason = reason;
    intent.amount_capturable = 0;
    charge.refunded = true;
    charge.amount_refunded = charge.amount;
  }

  // ---- refunds --------------------------------------------------------------------------------

  createRefund(params: Params, request: RequestInfo): Refund {
    params.only(['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);
    const intentId = params.string('payment_intent');
    const chargeId = params.string('charge');
    if (!intentId && !chargeId) throw invalidParam('payment_intent', 'One of `payment_intent` or `charge` is required.', 'parameter_missing');
    let charge: Charge;
    if (intentId) {
      const intent = this.find<PaymentIntent>('payment_intent', intentId, request.account, 'payment_intent');
      if (intent.status !== 'succeeded') {
        throw unexpectedState('payment_intent', `This PaymentIntent does not have a successful charge to refund (status ${intent.status}). Cancel a PaymentIntent in requires_capture to release its hold.`, copy(intent));
      }
      charge = this.chargeOf(intent);
      if (chargeId && chargeId !== charge.id) throw invalidParam('charge', `Charge ${chargeId} does not belong to PaymentIntent ${intentId}.`);
    } else {
      charge = this.find<Charge>('charge', chargeId!, request.account, 'charge');
    }
    const refundable = charge.amount_captured - charge.amount_refunded;
    if (!charge.captured || refundable <= 0) {
      throw new StripeError(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', charge: charge.id });
    }
    const amount = params.integer('amount') ?? refundable;
    if (amount > refundable) {
      throw new StripeError(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable}).`, { code: 'amount_too_large', param: 'amount' }, false);
    }
    if (amount < 1) throw new StripeError(400, 'invalid_request_error', 'Refund amount must be greater than zero.', { code: 'amount_too_small', param: 'amount' }, false);
    const refund = this.store<Refund>(
      {
        id: newId('re'),
        object: 'refund',
        amount,
        balance_transaction: null,
        charge: charge.id,
        created: this.now(),
        currency: charge.currency,
        destination_details: { card: { type: 'refund' }, type: 'card' },
        metadata: mergeMetadata({}, params.metadata()),
        payment_intent: charge.payment_intent as string,
        reason: params.oneOf('reason', REFUND_REASONS) ?? null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: 'succeeded',
        transfer_reversal: null,
      },
      request.account,
    );
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    this.emit('refund.created', refund, request);
    this.emit('charge.refunded', charge, request);
    return refund;
  }

  /** Card refunds succeed at once on the mock, and Stripe cancels only pending ones. */
  cancelRefund(id: string, request: RequestInfo): never {
    const refund = this.find<Refund>('refund', id, request.account);
    throw new StripeError(400, 'invalid_request_error', `Refund ${id} cannot be canceled because it has a status of ${refund.status}.`, { param: 'refund' });
  }

  // ---- card errors ----------------------------------------------------------------------------

  private cardError(card: TestCard, fields: { payment_method?: object; setup_intent?: object }, reason?: 'authentication_required'): StripeError {
    const error = this.errorObject(card, undefined, reason);
    return new StripeError(402, 'card_error', error.message, { code: error.code, ...(error.decline_code ? { decline_code: error.decline_code } : {}), ...fields });
  }

  private errorObject(card: TestCard, method: PaymentMethod | undefined, reason?: 'authentication_required'): ApiErrorObject {
    const { behaviour } = card;
    const [code, declineCode, message] =
      reason === 'authentication_required'
        ? ['authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.']
        : behaviour.kind === 'decline'
          ? [behaviour.code, behaviour.declineCode, behaviour.message]
          : ['card_declined', 'generic_decline', 'Your card was declined.'];
    return {
      type: 'card_error',
      code,
      decline_code: declineCode,
      message,
      doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
      ...(method ? { payment_method: copy(method) } : {}),
    };
  }
}
