import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Refund } from '../../../../mocks/stripe/objects.js';
import { Params } from '../../../../mocks/stripe/params.js';
import { addHarbourManager, demoStay } from '../../../test/notifications.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import type { StripeForTests } from '../../../test/stripe-mock.js';
import { bearer, staffToken, type TestApp } from '../../../test/test-app.js';

describe('refunds', () => {
  let t: TestApp;
  let stripe: StripeForTests;
  let db: pg.Client;
  let frontDesk: string;
  let manager: string;

  let bed: StripeTestBed;
  beforeAll(async () => {
    bed = await stripeTestBed();
    ({ t, stripe, db, frontDesk } = bed);
    await addHarbourManager(db);
    manager = await staffToken(t.app, 'manager@harbour.local');
  });
  afterEach(() => fetch(`${stripe.url}/__control/faults`, { method: 'DELETE' }));
  afterAll(() => bed.close());

  const stayUrl = (stayId: string) => `/api/v1/staff/properties/harbour/stays/${stayId}`;
  const balance = async (stayId: string) => (await t.app.inject({ method: 'GET', url: stayUrl(stayId), headers: bearer(frontDesk) })).json().folio.balanceMinor as number;
  const refund = (stayId: string, paymentId: string, token: string, key: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `${stayUrl(stayId)}/payments/${paymentId}/refunds`, headers: { ...bearer(token), 'idempotency-key': key }, payload });
  const stripeRefunds = (paymentIntent: string) =>
    stripe.mock.state.list<Refund>('/v1/refunds', 'refund', 'acct_default', Params.parse('limit=100'), (candidate) => candidate.payment_intent === paymentIntent).data;

  /** A stay whose hold was captured for its balance: a card payment, taken and on the folio. */
  async function capturedPayment(confirmation: string, lastName: string) {
    const { stayId } = await demoStay(t.ctx, confirmation);
    await saveTestCard(t.app, stripe, confirmation, lastName);
    const hold = (await t.app.inject({ method: 'GET', url: `${stayUrl(stayId)}/holds`, headers: bearer(frontDesk) })).json().holds[0];
    const captured = await t.app.inject({ method: 'POST', url: `${stayUrl(stayId)}/holds/${hold.id}/capture`, headers: bearer(frontDesk) });
    expect(captured.statusCode, captured.body).toBe(200);
    const payment = captured.json().payment;
    expect(payment).toMatchObject({ status: 'posted', providerStatus: 'succeeded' });
    const providerPaymentId = (await db.query(`SELECT provider_payment_id FROM payments WHERE id = $1`, [payment.id])).rows[0].provider_payment_id as string;
    return { stayId, payment: payment as { id: string; amountMinor: number }, providerPaymentId };
  }

  it('refunds part of a card payment through Stripe once, posts it to the folio as a negative payment, and audits it', async () => {
    const { stayId, payment, providerPaymentId } = await capturedPayment('HV1001', 'Müller');
    const before = await balance(stayId);
    const response = await refund(stayId, payment.id, frontDesk, 'refund-part-0001', { amountMinor: 1_000, reason: 'Minibar charged by mistake' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'refund', method: 'card', amountMinor: 1_000, refundOf: payment.id, note: 'Minibar charged by mistake', status: 'posted', providerStatus: 'succeeded' });
    expect(await balance(stayId)).toBe(before + 1_000);
    expect(stripeRefunds(providerPaymentId).map((made) => made.amount)).toEqual([1_000]);
    const key = (await db.query(`SELECT provider_idempotency_key FROM payments WHERE id = $1`, [response.json().id])).rows[0].provider_idempotency_key;
    expect(key).toBe(`payment:${payment.id}:refund:1`);
    const actions = (await db.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [response.json().id])).rows.map((row) => row.action);
    expect(actions).toEqual(['payment.refund_recorded', 'payment.card_succeeded', 'payment.posted']);
    const events = (await db.query(`SELECT type FROM realtime_events WHERE subject_id = $1 ORDER BY id`, [response.json().id])).rows.map((row) => row.type);
    expect(events).toContain('payment.refund_recorded');

    const over = await refund(stayId, payment.id, manager, 'refund-over-0001', { amountMinor: payment.amountMinor, reason: 'Everything again' });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ code: 'not_refundable', details: [{ field: 'body.amountMinor', message: expect.stringContaining(String(payment.amountMinor - 1_000)) }] });
    const noReason = await refund(stayId, payment.id, manager, 'refund-noreason-1', { amountMinor: 100 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('body.reason');
    expect(stripeRefunds(providerPaymentId)).toHaveLength(1);
  });

  it('lets the front desk refund up to the property limit of one payment, and a manager beyond it', async () => {
    const { stayId, payment, providerPaymentId } = await capturedPayment('HV1005', 'Dubois');
    await db.query(`UPDATE property_settings SET refund_front_desk_max_minor = 1500 WHERE property_id = (SELECT id FROM properties WHERE code = 'harbour')`);
    try {
      expect((await refund(stayId, payment.id, frontDesk, 'refund-limit-0001', { amountMinor: 1_000, reason: 'Late check-out waived' })).statusCode).toBe(201);
      // 1,000 + 1,000 is above 1,500 of this payment in all: no splitting past the limit.
      const above = await refund(stayId, payment.id, frontDesk, 'refund-limit-0002', { amountMinor: 1_000, reason: 'Room not ready' });
      expect(above.statusCode).toBe(403);
      expect(above.json().error.message).toMatch(/manager/);
      expect((await refund(stayId, payment.id, manager, 'refund-limit-0003', { amountMinor: 1_000, reason: 'Room not ready' })).statusCode).toBe(201);
      expect(stripeRefunds(providerPaymentId).map((made) => made.amount)).toEqual([1_000, 1_000]);
    } finally {
      await db.query(`UPDATE property_settings SET refund_front_desk_max_minor = DEFAULT`);
    }
  });

  it('never refunds more than was captured, however many refunds arrive at once', async () => {
    const { stayId, payment, providerPaymentId } = await capturedPayment('HV1006', 'Tanaka');
    const part = Math.floor(payment.amountMinor * 0.4);
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, index) => refund(stayId, payment.id, manager, `refund-race-000${index}`, { amountMinor: part, reason: 'Goodwill gesture' })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 201, 422, 422, 422]);
    expect(stripeRefunds(providerPaymentId).map((made) => made.amount)).toEqual([part, part]);
    const keys = (await db.query(`SELECT provider_idempotency_key AS key FROM payments WHERE refund_of = $1 ORDER BY key`, [payment.id])).rows.map((row) => row.key);
    expect(keys).toEqual([`payment:${payment.id}:refund:1`, `payment:${payment.id}:refund:2`]);
  });

  it('makes one Stripe refund when its answer was lost and the desk sends the same request again', async () => {
    const { stayId, payment, providerPaymentId } = await capturedPayment('HV1007', 'Schmidt');
    const before = await balance(stayId);
    await stripe.control('/__control/faults/drop-response', { count: 1 });
    const send = () => refund(stayId, payment.id, manager, 'refund-lost-0001', { amountMinor: 700, reason: 'Breakfast not taken' });
    const lost = await send();
    expect(lost.statusCode, lost.body).toBe(202);
    expect(lost.json()).toMatchObject({ status: 'pending', providerStatus: 'requested', lastError: expect.any(String) });
    expect(stripeRefunds(providerPaymentId)).toHaveLength(1);
    const again = await send();
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: lost.json().id, status: 'posted', providerStatus: 'succeeded' });
    expect(stripeRefunds(providerPaymentId).map((made) => made.amount)).toEqual([700]);
    expect(await balance(stayId)).toBe(before + 700);
    const changed = await refund(stayId, payment.id, manager, 'refund-lost-0001', { amountMinor: 800, reason: 'Breakfast not taken' });
    expect(changed.statusCode).toBe(409);
  });

  it('records a refund of cash (the money leaves the till) and posts it to the folio', async () => {
    const { stayId } = await demoStay(t.ctx, 'HV1002');
    const paid = await t.app.inject({
      method: 'POST',
      url: `${stayUrl(stayId)}/payments`,
      headers: { ...bearer(frontDesk), 'idempotency-key': 'cash-to-refund-01' },
      payload: { amountMinor: 5_000, currency: 'EUR', method: 'cash' },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const before = await balance(stayId);
    const response = await refund(stayId, paid.json().id, frontDesk, 'refund-cash-0001', { reason: 'Paid twice' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'refund', method: 'cash', amountMinor: 5_000, status: 'posted', providerStatus: null });
    expect(await balance(stayId)).toBe(before + 5_000);
    const nothingLeft = await refund(stayId, paid.json().id, frontDesk, 'refund-cash-0002', { reason: 'Paid twice' });
    expect(nothingLeft.statusCode).toBe(422);
    const ofRefund = await refund(stayId, response.json().id, manager, 'refund-cash-0003', { reason: 'A refund of a refund' });
    expect(ofRefund.statusCode).toBe(409);
  });
});
