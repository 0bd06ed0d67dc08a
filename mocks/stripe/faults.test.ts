import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_SECRET_KEY } from './credentials.js';
import { startStripeMock, type RunningStripeMock } from './test-support.js';

describe('Stripe mock fault injection', () => {
  let running: RunningStripeMock;

  beforeAll(async () => {
    running = await startStripeMock();
  });
  afterAll(() => running.mock.stop());

  const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as Stripe.errors.StripeError);
  const createCustomer = (headers: Record<string, string> = {}, idempotencyKey?: string, stripe = running.stripe) =>
    stripe.customers.create({ email: 'fault@example.com' }, { headers, ...(idempotencyKey ? { idempotencyKey } : {}) });
  const customerCount = async () => (await running.stripe.customers.list({ email: 'fault@example.com', limit: 100 })).data.length;

  it('answers 500 and 429 in Stripe error shape', async () => {
    const failed = await rejection(createCustomer({ 'x-mock-fault': 'error' }));
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failed).toMatchObject({ statusCode: 500, rawType: 'api_error' });

    const limited = await rejection(createCustomer({ 'x-mock-fault': 'rate-limit' }));
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(limited!.headers?.['retry-after']).toBe('1');
  });

  it('drops the answer of a request that succeeded, and the retry with the same key gets it', async () => {
    const before = await customerCount();
    const lost = await rejection(createCustomer({ 'x-mock-fault': 'drop-response' }, 'lost-response-1'));
    expect(lost).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(await customerCount()).toBe(before + 1);

    const retried = await createCustomer({}, 'lost-response-1');
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(await customerCount()).toBe(before + 1);
  });

  it('drops the next n answers when armed over the control API', async () => {
    const before = await customerCount();
    expect((await running.control('/__control/faults/drop-response', { count: 1 })).body).toEqual({ armed: 1 });
    const viaSdkRetry = running.sdk(STRIPE_MOCK_SECRET_KEY, { maxNetworkRetries: 1 });
    // The SDK's own retry reuses its generated Idempotency-Key, so the customer exists once.
    const created = await createCustomer({}, undefined, viaSdkRetry);
    expect(created.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(await customerCount()).toBe(before + 1);
  });

  it('hangs until the client gives up', async () => {
    const impatient = running.sdk(STRIPE_MOCK_SECRET_KEY, { timeout: 200 });
    const timedOut = await rejection(impatient.customers.create({}, { headers: { 'x-mock-fault': 'hang' } }));
    expect(timedOut).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });
});
