/**
 * Express checkout with a card hold: our API against the same vendor calls made directly, in the
 * same run, against the same Stripe mock server and the same in-process demo PMS (no added latency).
 *
 * Ours, per guest (timed): `POST /api/v1/stay/payments/card-setup/complete` (the card is confirmed
 * with Stripe, kept, and the hold placed) and `POST /api/v1/stay/check-out` (the hold captured up to
 * the folio balance, the payment posted to the PMS, the PMS check-out, the receipt queued).
 * Direct, per guest (timed): the official SDK creating and confirming the same manual-capture
 * PaymentIntent and capturing the balance, then the PMS port posting the payment and checking out.
 * Untimed on both sides: the guest's Stripe customer and the card the browser saves.
 *
 * The demo data has three guests who may check out early enough (HV1005, HV1006, AL2003), so each
 * round runs on a fresh copy of the seeded database with a fresh app; BENCH_CHECKOUTS rounds up to
 * a multiple of three.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import Stripe from 'stripe';
import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY } from '../mocks/stripe/credentials.js';
import { createStripeMock } from '../mocks/stripe/server.js';
import { buildApp } from '../backend/src/app.js';
import { parseEnv } from '../backend/src/config/env.js';
import { createContext } from '../backend/src/context.js';
import { createMockPms } from '../backend/src/integrations/pms/mock/mock-pms.js';
import { withDatabase } from '../backend/test/scratch-database.js';
import { pointPaymentsAtStripeMock } from '../backend/test/stripe-mock.js';
import { openBenchDatabase } from './bench-database.js';

const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 60);
const GUESTS = [
  { property: 'harbour', confirmation: 'HV1005', lastName: 'Dubois' },
  { property: 'harbour', confirmation: 'HV1006', lastName: 'Tanaka' },
  { property: 'alpine', confirmation: 'AL2003', lastName: 'Favre' },
] as const;
/** A hold that covers the room as well as incidentals, so express checkout captures it. */
const HOLD_PER_NIGHT_MINOR = 30_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function json(response: Response) {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body}`);
  return JSON.parse(body);
}

async function confirmCard(stripeUrl: string, setupId: string, clientSecret: string) {
  return json(
    await fetch(`${stripeUrl}/v1/setup_intents/${setupId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_MOCK_PUBLISHABLE_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: clientSecret, payment_method: 'pm_card_visa' }),
    }),
  );
}

/** One round of ours: a fresh copy of the seeded database, a fresh app, three guests checking out. */
async function oursRound(serverUrl: string, template: string, stripeUrl: string, round: number): Promise<number[]> {
  const name = `innkeeper_bench_checkout_${round}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  // Not production: that refuses plain-http vendor addresses such as the Stripe mock's.
  const env = parseEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent', INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  const ctx = createContext(env, withDatabase(serverUrl, name));
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const times: number[] = [];
  try {
    const { rows: hotels } = await ctx.database.pool.query<{ id: string }>(`SELECT id FROM properties`);
    for (const { id } of hotels) await pointPaymentsAtStripeMock(ctx, id, stripeUrl);
    for (const guest of GUESTS) {
      const { token } = await json(
        await fetch(`${base}/api/v1/stays/lookup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ confirmation: guest.confirmation, lastName: guest.lastName }),
        }),
      );
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const setup = await json(await fetch(`${base}/api/v1/stay/payments/card-setup`, { method: 'POST', headers: { authorization: headers.authorization } }));
      await confirmCard(stripeUrl, setup.setupId, setup.clientSecret);

      const start = process.hrtime.bigint();
      await json(await fetch(`${base}/api/v1/stay/payments/card-setup/complete`, { method: 'POST', headers, body: JSON.stringify({ setupId: setup.setupId }) }));
      const done = await json(await fetch(`${base}/api/v1/stay/check-out`, { method: 'POST', headers: { authorization: headers.authorization } }));
      times.push(elapsed(start));
      if (done.stay.status !== 'checked_out') throw new Error(`${guest.confirmation} was not checked out`);
    }
  } finally {
    await app.close();
    await ctx.close();
  }
  return times;
}

/** One round direct: the same Stripe and PMS calls, with no API, database or queue in between. */
async function directRound(stripe: Stripe, stripeUrl: string): Promise<number[]> {
  const times: number[] = [];
  const now = () => new Date();
  const pmsOf = {
    harbour: createMockPms({ code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' }, now),
    alpine: createMockPms({ code: 'alpine', timeZone: 'Europe/Zurich', currency: 'CHF' }, now),
  };
  for (const guest of GUESTS) {
    const pms = pmsOf[guest.property];
    const reservation = (await pms.findReservation(guest.confirmation, guest.lastName))!;
    const customer = await stripe.customers.create({ name: guest.lastName });
    const setup = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    await confirmCard(stripeUrl, setup.id, setup.client_secret!);
    const card = (await stripe.setupIntents.retrieve(setup.id)).payment_method as string;
    const currency = guest.property === 'harbour' ? 'eur' : 'chf';

    const start = process.hrtime.bigint();
    const folio = await pms.getFolio(reservation.reservationId);
    const nights = Math.round((Date.parse(reservation.departureDate) - Date.parse(reservation.arrivalDate)) / 86_400_000);
    const hold = await stripe.paymentIntents.create(
      {
        amount: HOLD_PER_NIGHT_MINOR * nights,
        currency,
        customer: customer.id,
        payment_method: card,
        capture_method: 'manual',
        confirm: true,
        off_session: true,
        payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
      },
      { idempotencyKey: `direct:${setup.id}:hold` },
    );
    const captured = await stripe.paymentIntents.capture(hold.id, { amount_to_capture: folio.balanceMinor }, { idempotencyKey: `direct:${setup.id}:capture` });
    await pms.postPayment(reservation.reservationId, {
      amountMinor: folio.balanceMinor,
      currency: currency.toUpperCase(),
      description: 'Card payment',
      externalReference: captured.id,
      idempotencyKey: `direct:${setup.id}:post`,
    });
    await pms.checkOut(reservation.reservationId);
    times.push(elapsed(start));
  }
  return times;
}

/** One write transaction on this database server (a durable commit waits for the disk): what each step recorded before and after a vendor call costs. */
async function commitTimes(databaseUrl: string, count: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const times: number[] = [];
  try {
    // A logged table: temporary ones skip the write-ahead log, and so the wait for the disk.
    await client.query('CREATE TABLE bench_commit (n int)');
    for (let i = 0; i < count; i += 1) {
      const start = process.hrtime.bigint();
      await client.query('INSERT INTO bench_commit VALUES ($1)', [i]);
      times.push(elapsed(start));
    }
    await client.query('DROP TABLE bench_commit');
  } finally {
    await client.end();
  }
  return times;
}

function summary(name: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { run: name, checkouts: sorted.length, 'p50 ms': Number(percentile(sorted, 50).toFixed(1)), 'p99 ms': Number(percentile(sorted, 99).toFixed(1)) };
}

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();
  const template = new URL(databaseUrl).pathname.slice(1);
  const serverUrl = withDatabase(databaseUrl, 'postgres');
  try {
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    await setup.query(
      `INSERT INTO property_settings (property_id, hold_per_night_minor) SELECT id, $1 FROM properties
       ON CONFLICT (property_id) DO UPDATE SET hold_per_night_minor = EXCLUDED.hold_per_night_minor`,
      [HOLD_PER_NIGHT_MINOR],
    );
    await setup.end();

    const ours: number[] = [];
    const direct: number[] = [];
    const rounds = Math.ceil(CHECKOUTS / GUESTS.length);
    // Round 0 is an untimed warm-up (module loading, JIT, connection set-up).
    for (let round = 0; round <= rounds; round += 1) {
      // A Stripe mock per round: the database copies repeat the stays' ids, so their idempotency keys too.
      const stripeMock = createStripeMock();
      const stripeUrl = await stripeMock.start(0);
      const url = new URL(stripeUrl);
      const stripe = new Stripe(STRIPE_MOCK_SECRET_KEY, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
      try {
        const oursTimes = await oursRound(serverUrl, template, stripeUrl, round);
        const directTimes = await directRound(stripe, stripeUrl);
        if (round > 0) {
          ours.push(...oursTimes);
          direct.push(...directTimes);
        }
      } finally {
        await stripeMock.stop();
      }
    }

    const results = [
      summary('one durable write commit (same database server)', await commitTimes(databaseUrl, 200)),
      summary('direct: Stripe SDK + PMS port', direct),
      summary('Innkeeper: card complete + express checkout', ours),
    ];
    console.log('\nExpress checkout with a card hold (hold → capture → PMS post → PMS check-out; ours also queues the receipt)');
    console.table(results);
    const [c, d, o] = results as [ReturnType<typeof summary>, ReturnType<typeof summary>, ReturnType<typeof summary>];
    const own = o['p50 ms'] - d['p50 ms'];
    console.log(`our own time per checkout (p50 Innkeeper − p50 direct): ${own.toFixed(1)} ms, about ${Math.round(own / c['p50 ms'])} durable commits' worth; ratio p50 ${(o['p50 ms'] / d['p50 ms']).toFixed(2)}, p99 ${(o['p99 ms'] / d['p99 ms']).toFixed(2)}`);
  } finally {
    await close();
  }
}

await main();
