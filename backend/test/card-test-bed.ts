import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import type { Clock } from '../src/lib/clock.js';
import { stripeFor, type StripeForTests } from './stripe-mock.js';
import { createTestApp, guestToken, staffToken, type TestApp } from './test-app.js';

/**
 * Card-payment tests on a test app (which needs vitest's test database), kept apart from
 * stripe-mock.ts, which the browser harness also imports.
 */
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

export async function stripeTestBed(options: { clock?: Clock } = {}): Promise<StripeTestBed> {
  const t = await createTestApp({}, options);
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
