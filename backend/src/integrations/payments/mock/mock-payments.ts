import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import type { Money } from '../../../lib/money.js';
import type { CardPaymentInput, CardSetupState, CardSummary, Payment, PaymentEvent, PaymentsPort, Refund } from '../payments.port.js';

/** The secret the mock signs its webhook deliveries with. */
export const MOCK_PAYMENTS_WEBHOOK_SECRET = 'whsec_mockPayments0000000000000000000001';
const WEBHOOK_TOLERANCE_SECONDS = 300;
const HOLD_DAYS = 7;
const MOCK_PUBLISHABLE_KEY = 'pk_test_mockPayments';

/**
 * Card behaviour by payment method id, after Stripe's test cards so tests read the same on either
 * provider: `…chargeDeclinedInsufficientFunds` declines for insufficient funds, `…chargeDeclined…`
 * declines, `…authenticationRequired…` asks for 3D Secure, `…amex…` authorises without incremental
 * authorisation; anything else (a saved card) authorises and can be raised.
 */
function behaviourOf(paymentMethodId: string): 'ok' | 'no-increment' | 'insufficient-funds' | 'declined' | 'authenticate' {
  if (/chargeDeclinedInsufficientFunds/i.test(paymentMethodId)) return 'insufficient-funds';
  if (/chargeDeclined/i.test(paymentMethodId)) return 'declined';
  if (/authenticationRequired/i.test(paymentMethodId)) return 'authenticate';
  if (/amex/i.test(paymentMethodId)) return 'no-increment';
  return 'ok';
}

interface Kept {
  fingerprint: string;
  value?: unknown;
  error?: AppError;
}

interface MockPayment extends Payment {
  customerId: string;
  refundedMinor: number;
}

export interface MockPayments extends PaymentsPort {
  /** Payments made for a customer, as a test counts them at the provider. */
  paymentCount(customerId: string): number;
  /** What the browser does with the client secret: saves this (test) card on the setup. */
  completeCardSetup(setupId: string, paymentMethodId: string): void;
  /** The next mutating call runs, then its answer is lost (`integration_unavailable`), as on a dropped connection. */
  loseNextResponse(): void;
  /** A webhook delivery about a payment as this mock signs it; another secret or a past timestamp on request. */
  webhook(paymentId: string, options?: { secret?: string; ageSeconds?: number }): { body: string; signature: string };
}

const cardOf = (paymentMethodId: string): CardSummary =>
  behaviourOf(paymentMethodId) === 'no-increment' ? { brand: 'amex', last4: '8431', expMonth: 12, expYear: 2034 } : { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 };

const refusal = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('upstream_rejected', message, { details: { provider: 'mock', code, ...extra } });

const sign = (body: string, secret: string, timestamp: number) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * The in-process payments double for unit tests: customers, card setups, holds with increments,
 * partial captures, releases, charges and refunds in memory, with the same idempotency rules as
 * Stripe (same key and same request: the first answer again, errors included; same key, another
 * request: refused) and Stripe-style signed webhooks (`t=…,v1=<HMAC-SHA256 of "t.body">`).
 */
export function createMockPayments(clock: Clock): MockPayments {
  const payments = new Map<string, MockPayment>();
  const setups = new Map<string, CardSetupState>();
  const customers = new Set<string>();
  const kept = new Map<string, Kept>();
  let sequence = 0;
  let loseNext = false;
  const nextId = (prefix: string) => `${prefix}_mock${String((sequence += 1)).padStart(6, '0')}`;

  /** Runs a mutating call once per idempotency key; a repeat gets the first outcome. */
  function once<T>(key: string, request: unknown, run: () => T): T {
    const fingerprint = JSON.stringify(request);
    let entry = kept.get(key);
    if (entry && entry.fingerprint !== fingerprint) {
      throw new AppError('conflict', 'This idempotency key was already used for a different request.', { details: { provider: 'mock' } });
    }
    if (!entry) {
      entry = { fingerprint };
      try {
        entry.value = run();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        entry.error = error;
      }
      kept.set(key, entry);
    }
    if (loseNext) {
      loseNext = false;
      throw new AppError('integration_unavailable', 'The payment provider could not be reached (answer lost).', { retryAfterSeconds: 1 });
    }
    if (entry.error) throw entry.error;
    return structuredClone(entry.value) as T;
  }

  const view = (payment: MockPayment): Payment => {
    const { customerId: _customer, refundedMinor: _refunded, ...visible } = payment;
    return structuredClone(visible);
  };

  function find(paymentId: string): MockPayment {
    const payment = payments.get(paymentId);
    if (!payment) throw new AppError('not_found', 'The payment provider has no such payment.', { details: { provider: 'mock' } });
    return payment;
  }

  function requireStatus(payment: MockPayment, ...allowed: Payment['status'][]) {
    if (!allowed.includes(payment.status)) throw refusal('unexpected_state', `This payment is ${payment.status}; that is not possible now.`);
  }

  function assertAmount(amount: Money) {
    if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor < 1) throw new AppError('bad_request', 'The amount must be a positive whole number of minor units.');
  }

  function pay(input: CardPaymentInput, capture: boolean): Payment {
    assertAmount(input.amount);
    if (!customers.has(input.customerId)) throw new AppError('not_found', 'The payment provider has no such customer.', { details: { provider: 'mock' } });
    const behaviour = behaviourOf(input.paymentMethodId);
    const paymentId = nextId('pi');
    const payment: MockPayment = {
      paymentId,
      customerId: input.customerId,
      status: 'failed',
      amount: { ...input.amount },
      capturableMinor: 0,
      capturedMinor: 0,
      refundedMinor: 0,
      incrementalAuthorization: false,
      paymentMethodId: input.paymentMethodId,
      card: cardOf(input.paymentMethodId),
    };
    payments.set(paymentId, payment);
    if (behaviour === 'insufficient-funds') throw refusal('card_declined', 'The card was declined for insufficient funds. Please use another card.', { declineCode: 'insufficient_funds' });
    if (behaviour === 'declined') throw refusal('card_declined', 'The card was declined. Please use another card or contact your bank.', { declineCode: 'generic_decline' });
    if (behaviour === 'authenticate') {
      Object.assign(payment, { status: 'requires_action', clientSecret: `${paymentId}_secret_mock` });
    } else if (capture) {
      Object.assign(payment, { status: 'captured', capturedMinor: input.amount.amountMinor });
    } else {
      Object.assign(payment, {
        status: 'authorized',
        capturableMinor: input.amount.amountMinor,
        incrementalAuthorization: behaviour === 'ok',
        captureBefore: new Date(clock.now().getTime() + HOLD_DAYS * 86_400_000).toISOString(),
      });
    }
    return view(payment);
  }

  const closeHold = (payment: MockPayment) => {
    payment.capturableMinor = 0;
    payment.incrementalAuthorization = false;
    delete payment.captureBefore;
    delete payment.clientSecret;
  };

  return {
    capabilities: { incrementalAuthorization: true, multicapture: false },
    browser: { publishableKey: MOCK_PUBLISHABLE_KEY },

    async healthCheck() {},

    async createCustomer(input) {
      return once(input.idempotencyKey, ['customer', input], () => {
        const customerId = nextId('cus');
        customers.add(customerId);
        return { customerId };
      });
    },

    async startCardSetup(input) {
      return once(input.idempotencyKey, ['setup', input], () => {
        if (!customers.has(input.customerId)) throw new AppError('not_found', 'The payment provider has no such customer.');
        const setupId = nextId('seti');
        setups.set(setupId, { setupId, status: 'requires_payment_method', customerId: input.customerId });
        return { setupId, clientSecret: `${setupId}_secret_mock`, publishableKey: MOCK_PUBLISHABLE_KEY, status: 'requires_payment_method' as const };
      });
    },

    async getCardSetup(setupId) {
      const setup = setups.get(setupId);
      if (!setup) throw new AppError('not_found', 'The payment provider has no such card setup.', { details: { provider: 'mock' } });
      return structuredClone(setup);
    },

    async getPayment(paymentId) {
      return view(find(paymentId));
    },

    async placeHold(input) {
      return once(input.idempotencyKey, ['hold', input], () => pay(input, false));
    },

    async charge(input) {
      return once(input.idempotencyKey, ['charge', input], () => pay(input, true));
    },

    async incrementHold(paymentId, input) {
      return once(input.idempotencyKey, ['increment', paymentId, input], () => {
        const payment = find(paymentId);
        requireStatus(payment, 'authorized');
        if (!payment.incrementalAuthorization) {
          throw refusal('incremental_authorization_unavailable', 'This card hold cannot be raised; place a new hold instead.');
        }
        if (input.newTotalMinor <= payment.amount.amountMinor) throw refusal('amount_too_small', 'The new total must be above the current hold.');
        payment.amount.amountMinor = input.newTotalMinor;
        payment.capturableMinor = input.newTotalMinor;
        return view(payment);
      });
    },

    async captureHold(paymentId, input) {
      return once(input.idempotencyKey, ['capture', paymentId, input], () => {
        const payment = find(paymentId);
        requireStatus(payment, 'authorized');
        const amount = input.amountMinor ?? payment.capturableMinor;
        if (amount > payment.capturableMinor) throw refusal('amount_too_large', 'The amount is more than this payment allows.');
        if (amount < 1) throw refusal('amount_too_small', 'The amount must be positive.');
        payment.status = 'captured';
        payment.capturedMinor = amount;
        closeHold(payment);
        return view(payment);
      });
    },

    async releaseHold(paymentId, input) {
      return once(input.idempotencyKey, ['release', paymentId], () => {
        const payment = find(paymentId);
        requireStatus(payment, 'authorized', 'requires_action', 'failed');
        payment.status = 'released';
        closeHold(payment);
        return view(payment);
      });
    },

    async refund(paymentId, input): Promise<Refund> {
      return once(input.idempotencyKey, ['refund', paymentId, input], () => {
        const payment = find(paymentId);
        requireStatus(payment, 'captured');
        const refundable = payment.capturedMinor - payment.refundedMinor;
        if (refundable <= 0) throw refusal('charge_already_refunded', 'This payment has already been refunded in full.');
        const amount = input.amountMinor ?? refundable;
        if (amount > refundable) throw refusal('amount_too_large', 'The amount is more than this payment allows.');
        if (amount < 1) throw refusal('amount_too_small', 'The amount must be positive.');
        payment.refundedMinor += amount;
        return { refundId: nextId('re'), paymentId, amount: { amountMinor: amount, currency: payment.amount.currency }, status: 'succeeded' as const };
      });
    },

    async parseWebhook(rawBody, signature) {
      const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
      const parts = new Map((signature ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
      const timestamp = Number(parts.get('t'));
      const given = Buffer.from(parts.get('v1') ?? '', 'hex');
      const expected = Buffer.from(sign(body, MOCK_PAYMENTS_WEBHOOK_SECRET, timestamp), 'hex');
      if (!Number.isInteger(timestamp) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError('bad_request', 'The webhook signature does not verify.');
      }
      if (Math.floor(clock.now().getTime() / 1000) - timestamp > WEBHOOK_TOLERANCE_SECONDS) {
        throw new AppError('bad_request', 'The webhook signature is too old.');
      }
      return JSON.parse(body) as PaymentEvent;
    },

    paymentCount: (customerId) => [...payments.values()].filter((payment) => payment.customerId === customerId).length,

    completeCardSetup(setupId, paymentMethodId) {
      const setup = setups.get(setupId);
      if (!setup) throw new Error(`no setup ${setupId}`);
      Object.assign(setup, { status: 'succeeded', paymentMethodId, card: cardOf(paymentMethodId) });
    },

    loseNextResponse() {
      loseNext = true;
    },

    webhook(paymentId, options = {}) {
      const payment = find(paymentId);
      const timestamp = Math.floor(clock.now().getTime() / 1000) - (options.ageSeconds ?? 0);
      const event: PaymentEvent = {
        eventId: nextId('evt'),
        providerType: 'mock.hold_authorized',
        kind: 'hold_authorized',
        occurredAt: clock.now().toISOString(),
        paymentId,
        customerId: payment.customerId,
        amount: { ...payment.amount },
      };
      const body = JSON.stringify(event);
      return { body, signature: `t=${timestamp},v1=${sign(body, options.secret ?? MOCK_PAYMENTS_WEBHOOK_SECRET, timestamp)}` };
    },
  };
}
