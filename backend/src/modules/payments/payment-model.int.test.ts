import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_WEBHOOK_SECRET } from '../../../../mocks/stripe/credentials.js';
import type { PaymentIntent, Refund, StripeEvent, StripeObject } from '../../../../mocks/stripe/objects.js';
import type { StripeState } from '../../../../mocks/stripe/state.js';
import { Params } from '../../../../mocks/stripe/params.js';
import { signatureHeader } from '../../../../mocks/stripe/webhooks.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { addHarbourManager, demoStay, makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { bearer, guestToken, staffToken } from '../../../test/test-app.js';
import type { PmsPort } from '../../integrations/pms/pms.port.js';
import { createTaskList } from '../../jobs/task-list.js';

/**
 * Model-based test of issue 10's payments: random sequences of hold, capture, release, desk
 * payment, guest payment with tip, refund, client retries, lost Stripe answers and duplicated,
 * reordered webhooks, checked after every step against a small reference model and against the
 * real systems (the mock PMS folio, the payments rows, the Stripe mock's own state).
 * Hold increments are not built yet, so there is no increment command.
 * Each run takes one of four in-house Harbour stays in turn and starts from its state as it is:
 * its open hold released and its balance topped up to START_BALANCE with a PMS charge (a fresh
 * database per run costs about a second; rotating stays costs nothing).
 * Measured here (2 shared cores): about 0.6 s a run, so 1,000 runs take about 11 minutes (855 took 561 s);
 * the default of 50 keeps the file near 20 s.
 */
const SEED = Number(process.env.PAYMENT_MODEL_SEED ?? 20261130);
const RUNS = Number(process.env.PAYMENT_MODEL_RUNS ?? 50);
const START_BALANCE = 30_000;
const STAYS = [
  { confirmation: 'HV1001', lastName: 'Müller' },
  { confirmation: 'HV1005', lastName: 'Dubois' },
  { confirmation: 'HV1006', lastName: 'Tanaka' },
  { confirmation: 'HV1007', lastName: 'Schmidt' },
] as const;

/** How many Stripe answers in a row are lost from the start of a request (0: none). */
const lost = fc.nat({ max: 2 });
const retries = fc.nat({ max: 2 });
const command = fc.oneof(
  fc.record({ type: fc.constant('hold' as const), amountMinor: fc.integer({ min: 1_000, max: 60_000 }), lost }),
  fc.record({ type: fc.constant('capture' as const), lost }),
  fc.record({ type: fc.constant('release' as const) }),
  fc.record({
    type: fc.constant('desk' as const),
    amountMinor: fc.integer({ min: 100, max: 20_000 }),
    method: fc.constantFrom('cash', 'card_terminal', 'bank_transfer'),
    retries,
  }),
  fc.record({
    type: fc.constant('guestPay' as const),
    amountMinor: fc.integer({ min: 100, max: 20_000 }),
    tip: fc.oneof(fc.constant(undefined), fc.record({ percent: fc.integer({ min: 1, max: 20 }) }), fc.record({ amountMinor: fc.integer({ min: 1, max: 2_000 }) })),
    retries,
    lost,
  }),
  fc.record({
    type: fc.constant('refund' as const),
    pick: fc.nat(),
    /** Percent of what is left to refund; 0: all of it (no amount); 101: one minor unit more than is left. */
    share: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, 101)),
    retries,
    lost,
  }),
  { arbitrary: fc.record({ type: fc.constant('webhooks' as const), order: fc.array(fc.nat(), { maxLength: 40 }), twice: fc.boolean() }), weight: 1 },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

interface ModelPayment {
  id: string;
  kind: 'payment' | 'tip' | 'refund';
  method: string;
  amountMinor: number;
  refundedMinor: number;
}
interface Model {
  balance: number;
  /** The stay's open (authorised) hold. */
  hold: { id: string; capturableMinor: number } | null;
  /** Holds captured in this run, with the payment the capture made: a capture again must answer it. */
  captured: Map<string, string>;
  payments: ModelPayment[];
  /** PaymentIntents this run should have made at Stripe. */
  intents: number;
}

describe(`payments against a reference model (seed ${SEED}, ${RUNS} runs; PAYMENT_MODEL_SEED and PAYMENT_MODEL_RUNS to change)`, () => {
  let bed: StripeTestBed;
  let manager: string;
  let pms: PmsPort;
  const guests = new Map<string, string>();
  const delivered = new Set<string>();

  beforeAll(async () => {
    bed = await stripeTestBed();
    await addHarbourManager(bed.db);
    manager = await staffToken(bed.t.app, 'manager@harbour.local');
    pms = await bed.t.ctx.integrations.resolve('pms', bed.harbour);
    for (const stay of STAYS) {
      await saveTestCard(bed.t.app, bed.stripe, stay.confirmation, stay.lastName);
      guests.set(stay.confirmation, await guestToken(bed.t.app, stay.confirmation, stay.lastName));
    }
  });
  afterAll(() => bed?.close());

  const inject = (method: 'GET' | 'POST', url: string, token: string, payload?: object, key?: string) =>
    bed.t.app.inject({ method, url, headers: { ...bearer(token), ...(key && { 'idempotency-key': key }) }, ...(payload && { payload }) });
  const stayUrl = (stayId: string) => `/api/v1/staff/properties/harbour/stays/${stayId}`;
  const loseAnswers = (count: number) => bed.stripe.control('/__control/faults/drop-response', { count });

  /**
   * Sends a request with `lost` Stripe answers lost, then the same request again (same key)
   * until `settled`: a lost answer may be told as 202 or 503, never as a 500.
   */
  async function untilSettled(lostAnswers: number, send: () => Promise<LightMyRequestResponse>, settled: (response: LightMyRequestResponse) => boolean) {
    await loseAnswers(lostAnswers);
    let response = await send();
    await loseAnswers(0);
    for (let attempt = 0; attempt < 3 && !settled(response); attempt++) {
      expect(response.statusCode, response.body).not.toBe(500);
      response = await send();
    }
    expect(settled(response), response.body).toBe(true);
    return response;
  }

  async function runCommand(stay: { stayId: string; confirmation: string }, model: Model, step: Command, keyPrefix: string) {
    const holds = `${stayUrl(stay.stayId)}/holds`;
    switch (step.type) {
      case 'hold': {
        const open = model.hold;
        const response = await untilSettled(step.lost, () => inject('POST', holds, bed.frontDesk, { amountMinor: step.amountMinor }), (r) => r.json().status === 'authorized');
        if (open) {
          expect(response.statusCode).toBe(200);
          expect(response.json().id).toBe(open.id);
          return;
        }
        if (step.lost === 0) expect(response.statusCode).toBe(201);
        expect(response.json()).toMatchObject({ amountMinor: step.amountMinor, capturableMinor: step.amountMinor, capturedMinor: 0 });
        model.hold = { id: response.json().id, capturableMinor: step.amountMinor };
        model.intents += 1;
        return;
      }
      case 'capture': {
        const open = model.hold;
        const [again] = [...model.captured.keys()].slice(-1);
        const holdId = open?.id ?? again;
        if (!holdId) return;
        const response = await untilSettled(step.lost, () => inject('POST', `${holds}/${holdId}/capture`, bed.frontDesk), (r) => r.statusCode === 200 && (r.json().payment?.status ?? 'posted') === 'posted');
        if (!open) {
          // Never a second capture: the same payment again.
          expect(response.json().payment.id).toBe(model.captured.get(holdId));
          return;
        }
        const amountMinor = Math.min(Math.max(model.balance, 0), open.capturableMinor);
        model.hold = null;
        if (amountMinor === 0) {
          expect(response.json()).toMatchObject({ hold: { status: 'released' }, payment: null });
          return;
        }
        expect(response.json()).toMatchObject({
          hold: { id: holdId, status: 'captured', capturedMinor: amountMinor, capturableMinor: 0 },
          payment: { kind: 'payment', method: 'card', amountMinor, status: 'posted', providerStatus: 'succeeded', holdId },
        });
        model.captured.set(holdId, response.json().payment.id);
        model.payments.push({ id: response.json().payment.id, kind: 'payment', method: 'card', amountMinor, refundedMinor: 0 });
        model.balance -= amountMinor;
        return;
      }
      case 'release': {
        if (!model.hold) return;
        const response = await inject('POST', `${holds}/${model.hold.id}/release`, bed.frontDesk);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ id: model.hold.id, status: 'released' });
        model.hold = null;
        return;
      }
      case 'desk': {
        const send = () => inject('POST', `${stayUrl(stay.stayId)}/payments`, bed.frontDesk, { amountMinor: step.amountMinor, currency: 'EUR', method: step.method }, `${keyPrefix}-desk`);
        const first = await send();
        expect(first.statusCode, first.body).toBe(201);
        expect(first.json()).toMatchObject({ amountMinor: step.amountMinor, method: step.method, status: 'posted' });
        for (let retry = 0; retry < step.retries; retry++) {
          const again = await send();
          expect(again.statusCode).toBe(200);
          expect(again.json().id).toBe(first.json().id);
        }
        model.payments.push({ id: first.json().id, kind: 'payment', method: step.method, amountMinor: step.amountMinor, refundedMinor: 0 });
        model.balance -= step.amountMinor;
        return;
      }
      case 'guestPay': {
        const tipMinor = !step.tip ? 0 : 'percent' in step.tip ? Math.round((step.amountMinor * step.tip.percent) / 100) : step.tip.amountMinor;
        const payload = { amountMinor: step.amountMinor, currency: 'EUR', ...(step.tip && { tip: { ...step.tip, department: 'front_desk' } }) };
        const send = () => inject('POST', '/api/v1/stay/payments', guests.get(stay.confirmation)!, payload, `${keyPrefix}-guest`);
        // Below Stripe's EUR 0.50 the tip is refused before anything is charged: the model does not change.
        if (step.tip && tipMinor < 50) {
          const refused = await send();
          expect(refused.statusCode).toBe(400);
          expect(refused.json().error.details[0].field).toBe('percent' in step.tip ? 'body.tip.percent' : 'body.tip.amountMinor');
          return;
        }
        const settled = (r: LightMyRequestResponse) => r.statusCode < 202 && r.json().payments.every((payment: { status: string }) => payment.status === 'posted');
        const first = await untilSettled(step.lost, send, settled);
        if (step.lost === 0) expect(first.statusCode).toBe(201);
        const expected = [{ kind: 'payment', amountMinor: step.amountMinor }, ...(tipMinor > 0 ? [{ kind: 'tip', amountMinor: tipMinor }] : [])];
        expect(first.json().payments).toMatchObject(expected.map((part) => ({ ...part, method: 'card', providerStatus: 'succeeded' })));
        for (let retry = 0; retry < step.retries; retry++) {
          const again = await send();
          expect(again.statusCode).toBe(200);
          expect(again.json().payments.map((payment: { id: string }) => payment.id)).toEqual(first.json().payments.map((payment: { id: string }) => payment.id));
        }
        first.json().payments.forEach((payment: { id: string }, index: number) =>
          model.payments.push({ id: payment.id, kind: expected[index]!.kind as 'payment' | 'tip', method: 'card', amountMinor: expected[index]!.amountMinor, refundedMinor: 0 }),
        );
        model.intents += expected.length;
        model.balance -= step.amountMinor;
        return;
      }
      case 'refund': {
        const refundable = model.payments.filter((payment) => payment.kind === 'payment');
        if (refundable.length === 0) return;
        const original = refundable[step.pick % refundable.length]!;
        const left = original.amountMinor - original.refundedMinor;
        const amountMinor = step.share === 0 ? left : step.share === 101 ? left + 1 : Math.max(1, Math.floor((left * step.share) / 100));
        const payload = { ...(step.share !== 0 && { amountMinor }), reason: 'Model-based refund' };
        const send = () => inject('POST', `${stayUrl(stay.stayId)}/payments/${original.id}/refunds`, manager, payload, `${keyPrefix}-refund`);
        if (left === 0 || step.share === 101) {
          const refused = await send();
          expect(refused.statusCode, refused.body).toBe(422);
          expect(refused.json().error.code).toBe('not_refundable');
          return;
        }
        const first = await untilSettled(original.method === 'card' ? step.lost : 0, send, (r) => r.statusCode < 202 && r.json().status === 'posted');
        if (step.lost === 0 || original.method !== 'card') expect(first.statusCode).toBe(201);
        expect(first.json()).toMatchObject({ kind: 'refund', method: original.method, amountMinor, refundOf: original.id });
        for (let retry = 0; retry < step.retries; retry++) {
          const again = await send();
          expect(again.statusCode).toBe(200);
          expect(again.json().id).toBe(first.json().id);
        }
        original.refundedMinor += amountMinor;
        model.payments.push({ id: first.json().id, kind: 'refund', method: original.method, amountMinor, refundedMinor: 0 });
        model.balance += amountMinor;
        return;
      }
      case 'webhooks': {
        // Every event not delivered yet and, with `twice`, each once more, in the generated order.
        const fresh = stripeAll<StripeEvent>('/v1/events', 'event', (event) => !delivered.has(event.id));
        const batch = step.twice ? [...fresh, ...fresh] : fresh;
        const ordered = batch.map((event, index) => ({ event, rank: step.order[index % Math.max(step.order.length, 1)] ?? index })).sort((a, b) => a.rank - b.rank);
        for (const { event } of ordered) {
          const raw = JSON.stringify(event);
          const response = await bed.t.app.inject({
            method: 'POST',
            url: '/api/v1/webhooks/stripe/harbour',
            headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(raw, STRIPE_MOCK_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) },
            payload: raw,
          });
          expect(response.statusCode, response.body).toBe(200);
          delivered.add(event.id);
        }
        await makeJobsDue(bed.t.databaseUrl);
        await runDueJobs(bed.t.ctx, bed.t.databaseUrl, createTaskList(bed.t.ctx));
        return;
      }
    }
  }

  const customerOf = async (stayId: string) =>
    (await bed.db.query(`SELECT g.payments_customer_id AS id FROM stays s JOIN guests g ON g.id = s.guest_id WHERE s.id = $1`, [stayId])).rows[0].id as string;
  /** Every object of a kind at the Stripe mock that passes the filter, page by page (a page holds at most 100). */
  function stripeAll<T extends { id: string }>(url: string, kind: Parameters<StripeState['list']>[1], filter: (object: T) => boolean): T[] {
    const all: T[] = [];
    for (let page = { has_more: true, data: [] as T[] }; page.has_more; ) {
      const after = all.length ? `&starting_after=${all[all.length - 1]!.id}` : '';
      page = bed.stripe.mock.state.list<T & StripeObject>(url, kind, 'acct_default', Params.parse(`limit=100${after}`), filter);
      all.push(...page.data);
    }
    return all;
  }
  const intentsOf = (customer: string) => stripeAll<PaymentIntent>('/v1/payment_intents', 'payment_intent', (intent) => intent.customer === customer);

  /** The invariants, against the model and against the PMS, our rows and Stripe. */
  async function check(stay: { stayId: string; confirmation: string; customer: string; rowsBefore: Set<string>; paymentLinesBefore: number; intentsBefore: number }, model: Model) {
    const detail = (await inject('GET', stayUrl(stay.stayId), bed.frontDesk)).json();
    expect(detail.folio.balanceMinor).toBe(model.balance);

    const rows = (
      await bed.db.query<{ id: string; kind: string; amount_minor: number; status: string; pms_idempotency_key: string; hold_id: string | null; refund_of: string | null }>(
        `SELECT id, kind, amount_minor, status, pms_idempotency_key, hold_id, refund_of FROM payments WHERE stay_id = $1`,
        [stay.stayId],
      )
    ).rows;
    const ofRun = rows.filter((row) => !stay.rowsBefore.has(row.id));
    const summary = (list: { id: string; kind: string; amountMinor: number }[]) => list.map((p) => `${p.id} ${p.kind} ${p.amountMinor}`).sort();
    expect(summary(ofRun.map((row) => ({ id: row.id, kind: row.kind, amountMinor: row.amount_minor })))).toEqual(summary(model.payments));

    // Every payment on the folio exactly once, a tip with its charge; nothing on the folio that is not a payments row.
    const lines = (await pms.getFolio(`MOCK-${stay.confirmation}`)).lines;
    const references = lines.map((line) => line.reference);
    for (const row of rows) {
      expect(row.status, row.id).toBe('posted');
      expect(references.filter((reference) => reference === row.pms_idempotency_key)).toHaveLength(1);
      if (row.kind === 'tip') expect(references.filter((reference) => reference === `${row.pms_idempotency_key}:charge`)).toHaveLength(1);
    }
    // A refund posts as a debit line: payment lines are the run's payments and tips, and nothing else.
    expect(lines.filter((line) => line.kind === 'payment').length - stay.paymentLinesBefore).toBe(ofRun.filter((row) => row.kind !== 'refund').length);

    // Refunds never above what was taken; one payment per hold at most (never a second capture).
    for (const row of rows) {
      const refunded = rows.filter((other) => other.refund_of === row.id).reduce((sum, other) => sum + other.amount_minor, 0);
      expect(refunded, row.id).toBeLessThanOrEqual(row.amount_minor);
    }
    const perHold = new Map<string, number>();
    for (const row of rows) if (row.hold_id) perHold.set(row.hold_id, (perHold.get(row.hold_id) ?? 0) + 1);
    expect([...perHold.values()].every((count) => count === 1)).toBe(true);

    // At Stripe: no PaymentIntent made twice, captured <= authorised, refunds <= captured.
    const intents = intentsOf(stay.customer);
    expect(intents.length - stay.intentsBefore).toBe(model.intents);
    const ids = new Set(intents.map((intent) => intent.id));
    const refunds = stripeAll<Refund>('/v1/refunds', 'refund', (refund) => refund.status === 'succeeded' && ids.has(refund.payment_intent as string));
    for (const intent of intents) {
      expect(intent.amount_received, intent.id).toBeLessThanOrEqual(intent.amount);
      const refunded = refunds.filter((refund) => refund.payment_intent === intent.id).reduce((sum, refund) => sum + refund.amount, 0);
      expect(refunded, intent.id).toBeLessThanOrEqual(intent.amount_received);
    }
  }

  /** A stay as a run starts from: no open hold, and START_BALANCE owed. */
  async function startRun(run: number) {
    const { confirmation } = STAYS[run % STAYS.length]!;
    const { stayId } = await demoStay(bed.t.ctx, confirmation);
    for (const hold of (await inject('GET', `${stayUrl(stayId)}/holds`, bed.frontDesk)).json().holds) {
      if (hold.status === 'authorized') expect((await inject('POST', `${stayUrl(stayId)}/holds/${hold.id}/release`, bed.frontDesk)).statusCode).toBe(200);
    }
    const owed = (await inject('GET', stayUrl(stayId), bed.frontDesk)).json().folio.balanceMinor as number;
    if (owed !== START_BALANCE) {
      await pms.postCharge(`MOCK-${confirmation}`, { amountMinor: START_BALANCE - owed, currency: 'EUR', description: 'Model run top-up', code: 'misc', idempotencyKey: `model-run:${run}` });
    }
    const rowsBefore = new Set((await bed.db.query<{ id: string }>(`SELECT id FROM payments WHERE stay_id = $1`, [stayId])).rows.map((row) => row.id));
    const customer = await customerOf(stayId);
    const paymentLinesBefore = (await pms.getFolio(`MOCK-${confirmation}`)).lines.filter((line) => line.kind === 'payment').length;
    return { stayId, confirmation, customer, rowsBefore, paymentLinesBefore, intentsBefore: intentsOf(customer).length };
  }

  it('keeps captured <= authorised, refunds <= captured, one capture per hold, the folio equal to the model, each payment posted once', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        run += 1;
        const stay = await startRun(run);
        const model: Model = { balance: START_BALANCE, hold: null, captured: new Map(), payments: [], intents: 0 };
        await check(stay, model);
        for (const [index, step] of commands.entries()) {
          await runCommand(stay, model, step, `model-${run}-${index}`);
          await check(stay, model);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // About half a second a run here; generous so a busy machine does not fail it.
  }, 30_000 + RUNS * 2_000);
});
