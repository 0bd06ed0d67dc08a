import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET } from '../../mocks/stripe/credentials.js';
import type { PaymentIntent } from '../../mocks/stripe/objects.js';
import { Params } from '../../mocks/stripe/params.js';
import { createStripeMock, type StripeMock } from '../../mocks/stripe/server.js';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import type { AppContext } from '../src/context.js';
import { adminId } from './notifications.js';
import { createTestApp, guestToken, staffToken, type TestApp } from './test-app.js';

export interface StripeForTests {
  mock: StripeMock;
  url: string;
  /** PaymentIntents at the mock for a customer, from the mock's own state. */
  paymentIntents(customerId: string): PaymentIntent[];
  control(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** What Stripe.js does with a setup's client secret in the guest's browser: saves this test card. */
  confirmSetup(setupId: string, clientSecret: string, paymentMethod: string): Promise<{ status: string }>;
  close(): Promise<void>;
}

/**
 * The Stripe mock server, with a property's payments provider pointed at it (as an admin saves
 * it). The SDK's own retries are off so a lost answer reaches our code, as tests need.
 */
export async function stripeFor(ctx: AppContext, propertyId: string): Promise<StripeForTests> {
  const mock = createStripeMock();
  const url = await mock.start(0);
  await ctx.integrations.save(
    'payments',
    propertyId,
    {
      provider: 'stripe',
      config: { secretKey: STRIPE_MOCK_SECRET_KEY, publishableKey: STRIPE_MOCK_PUBLISHABLE_KEY, webhookSecret: STRIPE_MOCK_WEBHOOK_SECRET, apiBase: url, maxNetworkRetries: 0 },
    },
    await adminId(ctx),
  );
  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  return {
    mock,
    url,
    control,
    paymentIntents: (customerId) =>
      mock.state.list<PaymentIntent>('/v1/payment_intents', 'payment_intent', 'acct_default', Params.parse('limit=100'), (intent) => intent.customer === customerId).data,
    async confirmSetup(setupId, clientSecret, paymentMethod) {
      const response = await fetch(`${url}/v1/setup_intents/${setupId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STRIPE_MOCK_PUBLISHABLE_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethod }),
      });
      return (await response.json()) as { status: string };
    },
    close: () => mock.stop(),
  };
}

/** The guest saves a test card as the browser would: setup from our API, card to Stripe, "done" to our API (which places the hold). */
export async function saveTestCard(app: FastifyInstance, stripe: StripeForTests, confirmation: string, lastName: string, card = 'pm_card_visa') {
  const token = await guestToken(app, confirmation, lastName);
  const bearer = { authorization: `Bearer ${token}` };
  const setup = await app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup', headers: bearer });
  expect(setup.statusCode, setup.body).toBe(200);
  const { setupId, clientSecret } = setup.json();
  const confirmed = await stripe.confirmSetup(setupId, clientSecret, card);
  // A card whose bank asks for 3-D Secure: the guest authenticates in the Stripe.js stand-in.
  if (confirmed.status === 'requires_action') await stripe.control('/__control/authenticate', { client_secret: clientSecret, outcome: 'succeed' });
  const done = await app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup/complete', headers: bearer, payload: { setupId } });
  expect(done.statusCode, done.body).toBe(200);
  return { token, setupId, overview: done.json() };
}

/** An app on its own database with Harbour's payments on the Stripe mock: what every card-payment test file starts from. */
export interface StripeTestBed {
  t: TestApp;
  stripe: StripeForTests;
  /** A connection of its own, for looking at rows. */
  db: pg.Client;
  harbour: string;
  /** Harbour's front desk's token. */
  frontDesk: string;
  close(): Promise<void>;
}

export async function stripeTestBed(): Promise<StripeTestBed> {
  const t = await createTestApp();
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  const harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id as string;
  const stripe = await stripeFor(t.ctx, harbour);
  const frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
  return {
    t,
    stripe,
    db,
    harbour,
    frontDesk,
    async close() {
      await db.end();
      await stripe.close();
      await t.close();
    },
  };
}
