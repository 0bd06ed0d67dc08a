import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET } from '../../../../../mocks/stripe/credentials.js';
import type { PaymentIntent, StripeEvent } from '../../../../../mocks/stripe/objects.js';
import { Params } from '../../../../../mocks/stripe/params.js';
import { createStripeMock, type StripeMock } from '../../../../../mocks/stripe/server.js';
import { signatureHeader } from '../../../../../mocks/stripe/webhooks.js';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runPaymentsContract } from '../payments.contract.js';
import type { PaymentsPort, PlaceHoldInput } from '../payments.port.js';
import { createStripePayments } from './stripe.adapter.js';
import { stripeConfigSchema, stripeJsUrl, stripeProvider } from './stripe.provider.js';

const property = { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };
const cards = {
  incremental: 'pm_card_visa',
  noIncrement: 'pm_card_amex',
  insufficientFunds: 'pm_card_chargeDeclinedInsufficientFunds',
  authenticationRequired: 'pm_card_authenticationRequired',
};

interface Sent {
  method: string;
  path: string;
  headers: Headers;
  body: string;
  status: number;
  answer: { error?: { code?: string; param?: string } };
}

/** The adapter against a Stripe mock, its SDK's fetch recording every request and answer. */
function adapterFor(baseUrl: string, overrides: Record<string, unknown> = {}, options: { production?: boolean; clock?: Clock } = {}) {
  const sent: Sent[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // Recorded before the answer, which may never come (a dropped connection: status 0).
    const request: Sent = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : '',
      status: 0,
      answer: {},
    };
    sent.push(request);
    const response = await fetch(input, init);
    const text = await response.clone().text();
    request.status = response.status;
    request.answer = text.startsWith('{') ? JSON.parse(text) : {};
    return response;
  };
  const config = stripeConfigSchema.parse({
    secretKey: STRIPE_MOCK_SECRET_KEY,
    publishableKey: STRIPE_MOCK_PUBLISHABLE_KEY,
    webhookSecret: STRIPE_MOCK_WEBHOOK_SECRET,
    apiBase: baseUrl,
    ...overrides,
  });
  const payments = createStripePayments(config, {
    http: createHttpClientFactory({ production: options.production ?? false, fetch: recording }),
    clock: options.clock ?? { now: () => new Date() },
    property,
  });
  return { payments, sent };
}

const paymentIntentsOf = (mock: StripeMock, customerId: string) =>
  mock.state.list<PaymentIntent>('/v1/payment_intents', 'payment_intent', 'acct_default', Params.parse('limit=100'), (intent) => intent.customer === customerId).data;

const control = (baseUrl: string, path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

runPaymentsContract('stripe', async () => {
  const mock = createStripeMock();
  const baseUrl = await mock.start(0);
  return {
    payments: adapterFor(baseUrl).payments,
    currency: 'EUR',
    cards,
    // As Stripe.js confirms it: with the publishable key and the setup's client secret.
    async completeCardSetup(setupId, clientSecret, paymentMethodId) {
      const response = await fetch(`${baseUrl}/v1/setup_intents/${setupId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STRIPE_MOCK_PUBLISHABLE_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethodId }),
      });
      expect(response.status).toBe(200);
    },
    countPayments: async (customerId) => paymentIntentsOf(mock, customerId).length,
    loseNextResponse: async () => void (await control(baseUrl, '/__control/faults/drop-response', { count: 1 })),
    async webhook(paymentId, options = {}) {
      // The event the mock emitted for the hold, as the mock delivers it, signed as the mock signs.
      const [event] = mock.state.list<StripeEvent>('/v1/events', 'event', 'acct_default', Params.parse('limit=100'), (candidate) =>
        candidate.type === 'payment_intent.amount_capturable_updated' && (candidate.data.object as { id: string }).id === paymentId).data;
      const body = JSON.stringify(event, null, 2);
      const timestamp = Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0);
      return { body, signature: signatureHeader(body, options.secret ?? STRIPE_MOCK_WEBHOOK_SECRET, timestamp) };
    },
    close: () => mock.stop(),
  };
});

describe('Stripe adapter against the Stripe mock', () => {
  let mock: StripeMock;
  let baseUrl: string;
  beforeAll(async () => {
    mock = createStripeMock();
    baseUrl = await mock.start(0);
  });
  afterAll(() => mock.stop());
  afterEach(() => fetch(`${baseUrl}/__control/faults`, { method: 'DELETE' }));

  const run = `${Date.now()}`;
  const customerOf = async (payments: PaymentsPort, label: string) =>
    (await payments.createCustomer({ guestId: label, email: `${label}@guests.example`, idempotencyKey: `adapter:${run}:customer:${label}` })).customerId;
  /** An off-session hold on the Visa test card. */
  const hold = (customerId: string, amountMinor: number, idempotencyKey: string, overrides: Partial<PlaceHoldInput> = {}): PlaceHoldInput => ({
    customerId,
    paymentMethodId: cards.incremental,
    amount: { amountMinor, currency: 'EUR' },
    description: 'Incidentals hold',
    offSession: true,
    idempotencyKey,
    ...overrides,
  });

  it('passes our Idempotency-Key on every POST, and sends only requests the mock accepts', async () => {
    const { payments, sent } = adapterFor(baseUrl);
    const customerId = await customerOf(payments, 'keys');
    const keys: string[] = [`adapter:${run}:customer:keys`];
    const key = (what: string) => {
      keys.push(`adapter:${run}:${what}`);
      return keys.at(-1)!;
    };
    await payments.startCardSetup({ customerId, metadata: { guest_id: 'keys' }, idempotencyKey: key('setup') });
    const first = await payments.placeHold(hold(customerId, 30_000, key('stay:keys:hold:v1'), { metadata: { stay_id: 'keys' } }));
    await payments.incrementHold(first.paymentId, { newTotalMinor: 45_000, idempotencyKey: key('stay:keys:hold:v2') });
    await payments.captureHold(first.paymentId, { amountMinor: 40_000, idempotencyKey: key('stay:keys:capture') });
    await payments.refund(first.paymentId, { amountMinor: 1_000, reason: 'requested_by_customer', idempotencyKey: key('stay:keys:refund:1') });
    const second = await payments.placeHold(hold(customerId, 10_000, key('stay:keys:hold:v3'), { offSession: false }));
    await payments.releaseHold(second.paymentId, { idempotencyKey: key('stay:keys:release') });
    await payments.charge({ customerId, paymentMethodId: cards.incremental, amount: { amountMinor: 500, currency: 'EUR' }, description: 'Tip', idempotencyKey: key('tip:keys') });

    const posts = sent.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.headers.get('idempotency-key'))).toEqual(keys);
    expect(sent.filter((request) => request.status >= 400 || request.status === 0)).toEqual([]);
    for (const request of sent) expect(request.headers.get('authorization')).toBe(`Bearer ${STRIPE_MOCK_SECRET_KEY}`);

    const holdBody = new URLSearchParams(posts.find((request) => request.headers.get('idempotency-key')?.endsWith('stay:keys:hold:v1'))!.body);
    expect(Object.fromEntries(holdBody)).toMatchObject({
      amount: '30000',
      currency: 'eur',
      capture_method: 'manual',
      confirm: 'true',
      off_session: 'true',
      customer: customerId,
      'allowed_payment_method_types[0]': 'card',
      'payment_method_options[card][request_incremental_authorization]': 'if_available',
      'payment_method_options[card][request_extended_authorization]': 'if_available',
      'metadata[stay_id]': 'keys',
      'expand[0]': 'latest_charge',
    });
    const incrementBody = new URLSearchParams(posts.find((request) => request.path.endsWith('/increment_authorization'))!.body);
    expect(incrementBody.get('amount')).toBe('45000');
  });

  it("lets the SDK retry a lost answer with our key, so Stripe replays it and one PaymentIntent exists", async () => {
    const { payments, sent } = adapterFor(baseUrl);
    const customerId = await customerOf(payments, 'retry');
    await control(baseUrl, '/__control/faults/drop-response', { count: 1 });
    const placed = await payments.placeHold(hold(customerId, 20_000, `adapter:${run}:stay:retry:hold:v1`));
    expect(placed.status).toBe('authorized');
    const attempts = sent.filter((request) => request.path === '/v1/payment_intents' && request.method === 'POST');
    expect(attempts.map((request) => request.headers.get('idempotency-key'))).toEqual([`adapter:${run}:stay:retry:hold:v1`, `adapter:${run}:stay:retry:hold:v1`]);
    expect(paymentIntentsOf(mock, customerId)).toHaveLength(1);
  });

  it('maps Stripe failures to the house error codes', async () => {
    const noRetries = adapterFor(baseUrl, { maxNetworkRetries: 0 }).payments;
    await control(baseUrl, '/__control/faults', { mode: 'error', count: 1 });
    await expect(noRetries.healthCheck()).rejects.toSatisfy(codeOf('integration_unavailable'));

    await control(baseUrl, '/__control/faults', { mode: 'rate-limit', count: 1 });
    const limited = await noRetries.healthCheck().catch((error: unknown) => error);
    expect(limited).toSatisfy(codeOf('integration_unavailable'));
    expect((limited as AppError).options.retryAfterSeconds).toBe(1);

    const impatient = adapterFor(baseUrl, { maxNetworkRetries: 0, timeoutMs: 1_000 }).payments;
    await control(baseUrl, '/__control/faults', { mode: 'hang', count: 1 });
    await expect(impatient.healthCheck()).rejects.toSatisfy(codeOf('integration_timeout'));

    const wrongKey = adapterFor(baseUrl, { secretKey: 'sk_test_notTheMockKey0000000000000000000001' }).payments;
    await expect(wrongKey.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));

    await expect(noRetries.captureHold('pi_doesNotExist', { idempotencyKey: `adapter:${run}:missing` })).rejects.toSatisfy(codeOf('not_found'));
  });

  it('refuses a reused key with other parameters as a conflict', async () => {
    const { payments } = adapterFor(baseUrl);
    const customerId = await customerOf(payments, 'conflict');
    const key = `adapter:${run}:stay:conflict:hold:v1`;
    await payments.placeHold(hold(customerId, 10_000, key));
    await expect(payments.placeHold(hold(customerId, 12_000, key))).rejects.toSatisfy(codeOf('conflict'));
  });

  it('refuses test keys of different modes and, in production, a plain-http or private API address', async () => {
    const mixed = adapterFor(baseUrl, { publishableKey: 'pk_live_innkeeperMock000000000000000000000001' }).payments;
    await expect(mixed.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    const production = adapterFor(baseUrl, {}, { production: true });
    await expect(production.payments.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect(production.sent).toEqual([]);
  });
});

describe('Stripe webhooks and settings', () => {
  // contracts/services.md §1.12: a delivery signed with whsec_test_7f3a9c, received 5 s after it was signed.
  const fixtureBody =
    '{"id":"evt_1HotelHoldA","object":"event","api_version":"2026-10-28.endive","created":1795528800,"data":{"object":{"id":"pi_3HotelHold0001","object":"payment_intent","amount":30000,"amount_capturable":30000,"currency":"usd","status":"requires_capture","capture_method":"manual"}},"livemode":false,"pending_webhooks":1,"request":{"id":"req_H0ld001","idempotency_key":"stay_8842:hold:v1"},"type":"payment_intent.amount_capturable_updated"}';
  const fixtureSignature = 't=1795528800,v1=6596967a3360eccd4511c21298a6f42b5540b416f7d7a74bebbb3f4c5885bc7e';
  const receiving = (secondsAfter: number) =>
    adapterFor('http://127.0.0.1:9', { webhookSecret: 'whsec_test_7f3a9c' }, { clock: { now: () => new Date((1795528800 + secondsAfter) * 1000) } }).payments;

  it("verifies Stripe's signed fixture and reads it as a hold authorised", async () => {
    expect(await receiving(5).parseWebhook(fixtureBody, fixtureSignature)).toEqual({
      eventId: 'evt_1HotelHoldA',
      providerType: 'payment_intent.amount_capturable_updated',
      kind: 'hold_authorized',
      occurredAt: new Date(1795528800 * 1000).toISOString(),
      paymentId: 'pi_3HotelHold0001',
      amount: { amountMinor: 30_000, currency: 'USD' },
      idempotencyKey: 'stay_8842:hold:v1',
    });
  });

  it('accepts it up to 300 s after signing and refuses it at 301 s', async () => {
    expect((await receiving(300).parseWebhook(fixtureBody, fixtureSignature)).eventId).toBe('evt_1HotelHoldA');
    await expect(receiving(301).parseWebhook(fixtureBody, fixtureSignature)).rejects.toThrow(/tolerance/);
  });

  it('reads its settings from the STRIPE_* variables and finds Stripe.js beside the mock', () => {
    vi.stubEnv('STRIPE_SECRET_KEY', STRIPE_MOCK_SECRET_KEY);
    vi.stubEnv('STRIPE_API_BASE', 'http://127.0.0.1:4107');
    vi.stubEnv('STRIPE_PUBLISHABLE_KEY', '');
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', '');
    vi.stubEnv('STRIPE_JS_URL', '');
    try {
      expect(stripeProvider.fromEnv()).toEqual({ secretKey: STRIPE_MOCK_SECRET_KEY, apiBase: 'http://127.0.0.1:4107' });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(stripeJsUrl({ apiBase: 'http://127.0.0.1:4107' })).toBe('http://127.0.0.1:4107/v3/');
    expect(stripeJsUrl({ apiBase: 'https://api.stripe.com' })).toBe('https://js.stripe.com/v3/');
    expect(stripeJsUrl({ apiBase: 'https://api.stripe.com', jsUrl: 'https://cdn.example/stripe.js' })).toBe('https://cdn.example/stripe.js');
  });
});
