import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_WEBHOOK_SECRET } from '../../../../mocks/stripe/credentials.js';
import type { StripeEvent } from '../../../../mocks/stripe/objects.js';
import { Params } from '../../../../mocks/stripe/params.js';
import { signatureHeader } from '../../../../mocks/stripe/webhooks.js';
import { demoStay, makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import type { StripeForTests } from '../../../test/stripe-mock.js';
import { bearer, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import { createTaskList } from '../../jobs/task-list.js';

describe('card payments through Stripe (the Stripe mock server)', () => {
  let t: TestApp;
  let stripe: StripeForTests;
  let db: pg.Client;
  let frontDesk: string;
  let harbour: string;

  let bed: StripeTestBed;
  beforeAll(async () => {
    bed = await stripeTestBed();
    ({ t, stripe, db, frontDesk, harbour } = bed);
  });
  afterEach(() => fetch(`${stripe.url}/__control/faults`, { method: 'DELETE' }));
  afterAll(() => bed.close());

  const runJobs = async () => {
    await makeJobsDue(t.databaseUrl);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
  };
  const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0].n as number;
  const events = (filter: (event: StripeEvent) => boolean) =>
    stripe.mock.state.list<StripeEvent>('/v1/events', 'event', 'acct_default', Params.parse('limit=100'), filter).data;
  const deliver = (body: string, signature: string | undefined, property = 'harbour') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/stripe/${property}`,
      headers: { 'content-type': 'application/json', ...(signature !== undefined && { 'stripe-signature': signature }) },
      payload: body,
    });
  const signed = (body: string, ageSeconds = 0, secret = STRIPE_MOCK_WEBHOOK_SECRET) => signatureHeader(body, secret, Math.floor(Date.now() / 1000) - ageSeconds);

  const saveCard = (confirmation: string, lastName: string, card = 'pm_card_visa') => saveTestCard(t.app, stripe, confirmation, lastName, card);
  const customerOf = async (confirmation: string) =>
    (await db.query(`SELECT g.payments_customer_id AS id FROM stays s JOIN guests g ON g.id = s.guest_id WHERE s.confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const holdsUrl = (stayId: string) => `/api/v1/staff/properties/harbour/stays/${stayId}/holds`;
  const balance = async (stayId: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${stayId}`, headers: bearer(frontDesk) })).json().folio.balanceMinor as number;

  describe('webhooks', () => {
    it('stores a verified event once and answers at once; a job applies it', async () => {
      await saveCard('HV1005', 'Dubois');
      const [created] = events((candidate) => candidate.type === 'customer.created');
      const raw = JSON.stringify(created, null, 2);
      const first = await deliver(raw, signed(raw));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ received: true, duplicate: false });
      const again = await deliver(raw, signed(raw));
      expect(again.json()).toEqual({ received: true, duplicate: true });
      expect(await count(`SELECT count(*)::int AS n FROM payment_webhook_events WHERE event_id = $1`, [created!.id])).toBe(1);
      await runJobs();
      expect(await count(`SELECT count(*)::int AS n FROM payment_webhook_events WHERE event_id = $1 AND applied_at IS NOT NULL`, [created!.id])).toBe(1);
    });

    it('refuses a missing signature, another secret, one changed byte and a signature 301 s old, and stores nothing', async () => {
      const [event] = events((candidate) => candidate.type === 'customer.created');
      const raw = JSON.stringify({ ...event, id: 'evt_refusedDelivery01' }, null, 2);
      const at = raw.indexOf('evt_refusedDelivery01') + 4;
      const changed = raw.slice(0, at) + 'X' + raw.slice(at + 1);
      const cases: Array<[string, string | undefined]> = [
        [raw, undefined],
        [raw, ''],
        [raw, signed(raw, 0, 'whsec_someoneElse0000000000000000000001')],
        [changed, signed(raw)],
        [raw, signed(raw, 301)],
        [raw, 't=abc,v1=zz'],
      ];
      for (const [body, signature] of cases) {
        const response = await deliver(body, signature);
        expect(response.statusCode, `${signature}: ${response.body}`).toBe(400);
        expect(response.json().error.code).toBe('bad_request');
      }
      expect((await deliver(raw, signed(raw), 'nowhere')).statusCode).toBe(404);
      expect(await count(`SELECT count(*)::int AS n FROM payment_webhook_events WHERE event_id LIKE 'evt_refused%'`)).toBe(0);
      expect((await deliver(raw, signed(raw, 299))).statusCode).toBe(200);
    });

    it('ends in the state of the latest truth whatever the order and repeats of deliveries', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1007');
      await saveCard('HV1007', 'Schmidt');
      const [hold] = (await t.app.inject({ method: 'GET', url: holdsUrl(stayId), headers: bearer(frontDesk) })).json().holds;
      expect(hold.status).toBe('authorized');
      const intent = (await db.query(`SELECT provider_payment_id AS id FROM card_holds WHERE id = $1`, [hold.id])).rows[0].id as string;
      // Cancelled at Stripe directly (the dashboard, or the hold lapsing): only webhooks tell us.
      await stripe.mock.state.cancelPaymentIntent(intent, Params.parse('cancellation_reason=abandoned'), { account: 'acct_default', requestId: 'req_test', idempotencyKey: null });
      const about = events((event) => (event.data.object as { id?: string; payment_intent?: string }).id === intent || (event.data.object as { payment_intent?: string }).payment_intent === intent);
      expect(about.map((event) => event.type)).toEqual(expect.arrayContaining(['payment_intent.amount_capturable_updated', 'payment_intent.canceled']));
      // Newest first from the list: delivered newest first, each twice.
      for (const event of [...about, ...about]) {
        const raw = JSON.stringify(event, null, 2);
        expect((await deliver(raw, signed(raw))).statusCode).toBe(200);
      }
      await runJobs();
      const after = (await t.app.inject({ method: 'GET', url: holdsUrl(stayId), headers: bearer(frontDesk) })).json().holds[0];
      expect(after).toMatchObject({ id: hold.id, status: 'released', capturableMinor: 0 });
      expect(await count(`SELECT count(*)::int AS n FROM payment_webhook_events WHERE event_id = ANY($1)`, [about.map((event) => event.id)])).toBe(about.length);
    });
  });

  describe('card on file', () => {
    it('saves a card learned from Stripe (brand, last 4, expiry only) and places the hold: per night x nights + deposit', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1001');
      const token = await guestToken(t.app, 'HV1001', 'Müller');
      const setup = await t.app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup', headers: bearer(token) });
      expect(setup.json()).toEqual({ setupId: expect.stringMatching(/^seti_/), clientSecret: expect.stringContaining('_secret_'), publishableKey: expect.stringMatching(/^pk_test_/), jsUrl: `${stripe.url}/v3/` });
      // The browser claiming it is done does not make it so.
      const early = await t.app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup/complete', headers: bearer(token), payload: { setupId: setup.json().setupId } });
      expect(early.statusCode).toBe(422);
      await stripe.confirmSetup(setup.json().setupId, setup.json().clientSecret, 'pm_card_visa');
      const done = await t.app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup/complete', headers: bearer(token), payload: { setupId: setup.json().setupId } });
      expect(done.statusCode, done.body).toBe(200);
      // HV1001: arrived yesterday, leaves in 2 days: 3 nights x 50.00 + 100.00.
      expect(done.json()).toMatchObject({ card: { brand: 'visa', last4: '4242', expMonth: expect.any(Number), expYear: expect.any(Number) }, holds: [{ status: 'authorized', amountMinor: 25_000, capturableMinor: 25_000, version: 1 }] });
      const row = (await db.query(`SELECT * FROM card_setups WHERE stay_id = $1 AND succeeded_at IS NOT NULL`, [stayId])).rows[0];
      expect(Object.values(row).join(' ')).not.toMatch(/4242424242424242/);
      // The same "done" again changes nothing and places no second hold.
      await t.app.inject({ method: 'POST', url: '/api/v1/stay/payments/card-setup/complete', headers: bearer(token), payload: { setupId: setup.json().setupId } });
      expect(stripe.paymentIntents(await customerOf('HV1001'))).toHaveLength(1);
      const key = (await db.query(`SELECT idempotency_key FROM card_holds WHERE stay_id = $1`, [stayId])).rows[0].idempotency_key;
      expect(key).toBe(`stay:${stayId}:hold:v1`);
    });

    it('refuses a card number anywhere in a request with 400 naming the field, and never logs it', async () => {
      const token = await guestToken(t.app, 'HV1001', 'Müller');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stay/requests',
        headers: bearer(token),
        payload: { category: 'towels', note: 'my card is 4242 4242 4242 4242 exp 12/30' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([{ field: 'body.note', message: expect.stringMatching(/card number/) }]);
      expect(response.body).not.toContain('4242 4242');
      expect(t.logs.join('\n')).not.toMatch(/4242 ?4242 ?4242 ?4242/);
      // Room numbers, phone numbers and digit strings that fail the checksum pass.
      const fine = await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: bearer(token), payload: { category: 'towels', note: 'Room 204, call +351 912 345 678, ref 4242424242424241' } });
      expect(fine.statusCode, fine.body).toBe(201);
      // A password is only hashed: one made of digits is checked as a password, not refused as a card.
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: { email: 'frontdesk@harbour.local', password: '4242424242424242' } });
      expect(login.statusCode).toBe(401);
    });
  });

  describe('holds', () => {
    it('places exactly one hold for ten concurrent requests', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1005');
      await db.query(`UPDATE card_holds SET status = 'released' WHERE stay_id = $1`, [stayId]);
      const before = stripe.paymentIntents(await customerOf('HV1005')).length;
      const responses = await Promise.all(Array.from({ length: 10 }, () => t.app.inject({ method: 'POST', url: holdsUrl(stayId), headers: bearer(frontDesk), payload: {} })));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
      expect(stripe.paymentIntents(await customerOf('HV1005')).length).toBe(before + 1);
    });

    it('makes one PaymentIntent when Stripe took the hold but its answer was lost, and the request is retried', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1006');
      await saveCard('HV1006', 'Tanaka');
      await t.app.inject({ method: 'POST', url: `${holdsUrl(stayId)}/${(await db.query(`SELECT id FROM card_holds WHERE stay_id = $1`, [stayId])).rows[0].id}/release`, headers: bearer(frontDesk) });
      const customer = await customerOf('HV1006');
      const before = stripe.paymentIntents(customer).length;
      await stripe.control('/__control/faults/drop-response', { count: 1 });
      const lost = await t.app.inject({ method: 'POST', url: holdsUrl(stayId), headers: bearer(frontDesk), payload: { amountMinor: 60_000 } });
      expect(lost.statusCode).toBe(201);
      expect(lost.json()).toMatchObject({ status: 'placing', version: 2, lastError: expect.any(String) });
      expect(stripe.paymentIntents(customer).length).toBe(before + 1);
      const retried = await t.app.inject({ method: 'POST', url: holdsUrl(stayId), headers: bearer(frontDesk), payload: { amountMinor: 60_000 } });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ id: lost.json().id, status: 'authorized', amountMinor: 60_000, lastError: null });
      expect(stripe.paymentIntents(customer).length).toBe(before + 1);
    });

    it('captures up to the folio balance, releases the rest and posts the payment to the PMS once', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1006');
      const hold = (await t.app.inject({ method: 'GET', url: holdsUrl(stayId), headers: bearer(frontDesk) })).json().holds[0];
      expect(hold.status).toBe('authorized');
      const owed = await balance(stayId);
      expect(owed).toBeGreaterThan(0);
      expect(owed).toBeLessThan(60_000);
      const captured = await t.app.inject({ method: 'POST', url: `${holdsUrl(stayId)}/${hold.id}/capture`, headers: bearer(frontDesk) });
      expect(captured.statusCode, captured.body).toBe(200);
      expect(captured.json()).toMatchObject({
        hold: { id: hold.id, status: 'captured', capturedMinor: owed, capturableMinor: 0 },
        payment: { method: 'card', kind: 'payment', amountMinor: owed, status: 'posted', providerStatus: 'succeeded', holdId: hold.id },
      });
      expect(await balance(stayId)).toBe(0);
      const again = await t.app.inject({ method: 'POST', url: `${holdsUrl(stayId)}/${hold.id}/capture`, headers: bearer(frontDesk) });
      expect(again.json().payment.id).toBe(captured.json().payment.id);
      expect(await balance(stayId)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM payments WHERE hold_id = $1`, [hold.id])).toBe(1);
      const actions = (await db.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [captured.json().payment.id])).rows.map((row) => row.action);
      expect(actions).toEqual(['payment.recorded', 'payment.card_succeeded', 'payment.posted']);
    });

    it('lets only the front office of this property see and act on holds', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1006');
      const housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
      const alpine = await staffToken(t.app, 'frontdesk@alpine.local');
      expect((await t.app.inject({ method: 'GET', url: holdsUrl(stayId), headers: bearer(housekeeping) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: holdsUrl(stayId), headers: bearer(alpine), payload: {} })).statusCode).toBe(403);
    });
  });

  describe('the front desk charges the card on file', () => {
    it('charges it once per key with what it is for, posts it to the folio, and refuses without a card', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1003');
      const url = `/api/v1/staff/properties/harbour/stays/${stayId}/card-charges`;
      const charge = (key: string, body: Record<string, unknown> = { amountMinor: 2_500, currency: 'EUR', note: 'Late check-out' }) =>
        t.app.inject({ method: 'POST', url, headers: { ...bearer(frontDesk), 'idempotency-key': key }, payload: body });
      const noCard = await charge('desk-charge-0000');
      expect(noCard.statusCode, noCard.body).toBe(422);

      await saveCard('HV1003', 'Ferreira');
      const before = await balance(stayId);
      const [first, again] = [await charge('desk-charge-0001'), await charge('desk-charge-0001')];
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({ method: 'card', kind: 'payment', amountMinor: 2_500, status: 'posted', providerStatus: 'succeeded' });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      expect(await balance(stayId)).toBe(before - 2_500);
      expect(stripe.paymentIntents(await customerOf('HV1003')).filter((intent) => intent.capture_method !== 'manual')).toHaveLength(1);

      const wrongCurrency = await charge('desk-charge-0002', { amountMinor: 100, currency: 'CHF', note: 'x' });
      expect(wrongCurrency.statusCode).toBe(400);
      expect(wrongCurrency.json().error.details).toEqual([{ field: 'body.currency', message: expect.stringContaining('EUR') }]);
    });
  });

  describe('the guest pays with the card on file', () => {
    it('pays the balance with a tip for a department: both taken once, the balance becomes zero', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1001');
      const token = await guestToken(t.app, 'HV1001', 'Müller');
      const owed = await balance(stayId);
      expect(owed).toBeGreaterThan(0);
      const pay = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/stay/payments',
          headers: { ...bearer(token), 'idempotency-key': 'guest-pay-0001' },
          payload: { amountMinor: owed, currency: 'EUR', tip: { percent: 10, department: 'front_desk' } },
        });
      const paid = await pay();
      expect(paid.statusCode, paid.body).toBe(201);
      expect(paid.json()).toMatchObject({
        payments: [
          { kind: 'payment', amountMinor: owed, status: 'posted', providerStatus: 'succeeded' },
          { kind: 'tip', amountMinor: Math.round(owed / 10), status: 'posted', providerStatus: 'succeeded', tipDepartment: 'front_desk' },
        ],
        nextAction: null,
      });
      expect(await balance(stayId)).toBe(0);
      const again = await pay();
      expect(again.statusCode).toBe(200);
      expect(again.json().payments.map((payment: { id: string }) => payment.id)).toEqual(paid.json().payments.map((payment: { id: string }) => payment.id));
      // The hold, the payment and the tip.
      expect(stripe.paymentIntents(await customerOf('HV1001'))).toHaveLength(3);
      const alpineDesk = (await db.query(`SELECT id FROM staff_users WHERE email = 'frontdesk@alpine.local'`)).rows[0].id;
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stay/payments',
        headers: { ...bearer(token), 'idempotency-key': 'guest-pay-0002' },
        payload: { amountMinor: 100, currency: 'EUR', tip: { amountMinor: 100, staffId: alpineDesk } },
      });
      expect(elsewhere.statusCode).toBe(400);
      expect(elsewhere.json().error.details[0].field).toBe('body.tip.staffId');
      const overview = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/payments', headers: bearer(token) })).json();
      expect(overview).toMatchObject({ card: { last4: '4242' }, holds: [{ status: 'authorized' }] });
      expect(overview.payments).toHaveLength(2);
    });

    it('asks for 3-D Secure in the browser, then goes on with the same request', async () => {
      const { stayId } = await demoStay(t.ctx, 'HV1005');
      const { token, overview } = await saveCard('HV1005', 'Dubois', 'pm_card_authenticationRequired');
      expect(overview.card).toMatchObject({ brand: 'visa', last4: '3184' });
      const owed = await balance(stayId);
      const pay = () =>
        t.app.inject({ method: 'POST', url: '/api/v1/stay/payments', headers: { ...bearer(token), 'idempotency-key': 'guest-pay-3ds-01' }, payload: { amountMinor: owed, currency: 'EUR' } });
      const first = await pay();
      expect(first.statusCode, first.body).toBe(202);
      const { nextAction } = first.json();
      expect(nextAction).toMatchObject({ type: 'authenticate', clientSecret: expect.stringContaining('_secret_'), publishableKey: expect.stringMatching(/^pk_test_/), jsUrl: `${stripe.url}/v3/` });
      expect(first.json().payments[0]).toMatchObject({ status: 'pending', providerStatus: 'requires_action' });
      expect((await stripe.control('/__control/authenticate', { client_secret: nextAction.clientSecret, outcome: 'succeed' })).status).toBe(200);
      const second = await pay();
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().payments[0]).toMatchObject({ status: 'posted', providerStatus: 'succeeded' });
      expect(await balance(stayId)).toBe(0);
    });

    it("lets the guest authenticate a hold the bank asks 3-D Secure for, and then shows it in place", async () => {
      const { token } = await saveCard('HV1002', 'Okafor', 'pm_card_authenticationRequired');
      const overview = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/payments', headers: bearer(token) })).json();
      const waiting = await overview();
      expect(waiting.holds[0]).toMatchObject({ status: 'requires_action' });
      expect(waiting.holdAction).toMatchObject({ type: 'authenticate', clientSecret: expect.stringContaining('_secret_'), publishableKey: expect.stringMatching(/^pk_test_/) });
      expect((await stripe.control('/__control/authenticate', { client_secret: waiting.holdAction.clientSecret, outcome: 'succeed' })).status).toBe(200);
      const after = await overview();
      expect(after.holds[0]).toMatchObject({ id: waiting.holds[0].id, status: 'authorized' });
      expect(after.holdAction).toBeNull();
    });
  });
});
