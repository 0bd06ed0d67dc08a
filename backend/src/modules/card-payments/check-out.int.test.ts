import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoStay } from '../../../test/notifications.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import type { StripeForTests } from '../../../test/stripe-mock.js';
import { bearer, type TestApp } from '../../../test/test-app.js';
import { AppError } from '../../lib/errors.js';

describe('card holds at check-out and before they lapse', () => {
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
  afterAll(() => bed.close());

  const stayUrl = (stayId: string) => `/api/v1/staff/properties/harbour/stays/${stayId}`;
  const detail = async (stayId: string) => (await t.app.inject({ method: 'GET', url: stayUrl(stayId), headers: bearer(frontDesk) })).json();

  it('captures the hold up to the balance, posts it, then checks out; a PMS that has not taken the payment stops the check-out until it has', async () => {
    const { stayId } = await demoStay(t.ctx, 'HV1001');
    await saveTestCard(t.app, stripe, 'HV1001', 'Müller');
    const owed = (await detail(stayId)).folio.balanceMinor;
    expect(owed).toBeGreaterThan(0);

    const pms = await t.ctx.integrations.resolve('pms', harbour);
    const postPayment = vi.spyOn(pms, 'postPayment').mockRejectedValueOnce(new AppError('integration_unavailable', 'The PMS is not answering.'));
    const checkOut = () => t.app.inject({ method: 'POST', url: `${stayUrl(stayId)}/check-out`, headers: bearer(frontDesk) });
    const first = await checkOut();
    expect(first.statusCode, first.body).toBe(503);
    expect(first.json().error.message).toMatch(/captured/);
    expect((await detail(stayId)).stay.status).toBe('checked_in');

    const second = await checkOut();
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().status).toBe('checked_out');
    const holds = (await db.query(`SELECT status, captured_minor FROM card_holds WHERE stay_id = $1`, [stayId])).rows;
    expect(holds).toEqual([{ status: 'captured', captured_minor: owed }]);
    const payments = (await db.query(`SELECT id, status, amount_minor FROM payments WHERE stay_id = $1`, [stayId])).rows;
    expect(payments).toEqual([{ id: expect.any(String), status: 'posted', amount_minor: owed }]);
    expect(postPayment).toHaveBeenCalledTimes(2);
    const actions = (await db.query(`SELECT action FROM audit_log WHERE subject_id IN ($1, $2) ORDER BY id`, [payments[0].id, stayId])).rows.map((row) => row.action);
    expect(actions.slice(-2)).toEqual(['payment.posted', 'stay.checked_out']);
    // The desk's check-out sends the guest the same receipt as express checkout, once, listing the captured payment.
    const receipts = (await db.query(`SELECT payload FROM notifications WHERE stay_id = $1 AND type = 'stay.receipt'`, [stayId])).rows;
    expect(receipts).toHaveLength(1);
    expect(receipts[0].payload.receipt).toMatchObject({ balanceMinor: 0, payments: expect.arrayContaining([expect.objectContaining({ amountMinor: owed })]) });
    postPayment.mockRestore();
  });

  it('re-authorises a lapsing hold of a stay that goes on, captures one of a guest who has left, once however often it runs', async () => {
    const staying = await demoStay(t.ctx, 'HV1007');
    const left = await demoStay(t.ctx, 'HV1005');
    await saveTestCard(t.app, stripe, 'HV1007', 'Schmidt');
    await saveTestCard(t.app, stripe, 'HV1005', 'Dubois');
    await db.query(`UPDATE stays SET status = 'checked_out' WHERE id = $1`, [left.stayId]);
    const holdsOf = async (stayId: string) =>
      (await db.query(`SELECT id, version, status, amount_minor, capture_before, replaced_by, provider_payment_id FROM card_holds WHERE stay_id = $1 ORDER BY version`, [stayId])).rows;
    const [first] = await holdsOf(staying.stayId);
    // A day later at Stripe: a hold placed now lapses a day after the first one.
    expect((await stripe.control('/__control/clock/advance', { seconds: 86_400 })).status).toBe(200);
    const before = new Date(first.capture_before.getTime() + 12 * 3_600_000);

    const outcomes = await t.ctx.services.cardPayments.renewHoldsLapsingBefore(before);
    const [leftHold] = await holdsOf(left.stayId);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { holdId: first.id, outcome: 're-authorized' },
        { holdId: leftHold.id, outcome: 'captured' },
      ]),
    );
    const [old, renewed] = await holdsOf(staying.stayId);
    expect(old).toMatchObject({ status: 'released', replaced_by: renewed.id });
    expect(renewed).toMatchObject({ version: 2, status: 'authorized', amount_minor: first.amount_minor, replaced_by: null });
    expect(renewed.capture_before.getTime()).toBeGreaterThan(before.getTime());
    expect(leftHold.status).toBe('captured');
    expect((await db.query(`SELECT status FROM payments WHERE hold_id = $1`, [leftHold.id])).rows).toEqual([{ status: 'posted' }]);

    expect(await t.ctx.services.cardPayments.renewHoldsLapsingBefore(before)).toEqual([]);
    expect(await holdsOf(staying.stayId)).toHaveLength(2);
    const customer = (await db.query(`SELECT g.payments_customer_id AS id FROM stays s JOIN guests g ON g.id = s.guest_id WHERE s.id = $1`, [staying.stayId])).rows[0].id;
    expect(stripe.paymentIntents(customer).map((intent) => intent.status).sort()).toEqual(['canceled', 'requires_capture']);
  });

  it('raises the hold of a stay the PMS extends where the card allows, once, and tells the desk where it does not', async () => {
    const extend = async (confirmation: string, lastName: string, nights: number) => {
      const pms = await t.ctx.integrations.resolve('pms', harbour);
      const reservation = (await pms.findReservation(confirmation, lastName))!;
      const later = new Date(Date.parse(`${reservation.departureDate}T00:00:00Z`) + nights * 86_400_000).toISOString().slice(0, 10);
      // What a PMS sync writes when the desk has extended the stay in the PMS.
      return t.ctx.repositories.stays.upsertFromPms(harbour, { ...reservation, departureDate: later });
    };
    const raiseJobs = async () => (await db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'raise_card_hold'`)).rows[0].n;
    const holdOf = async (stayId: string) => (await db.query(`SELECT id, amount_minor, provider_payment_id FROM card_holds WHERE stay_id = $1 AND status = 'authorized'`, [stayId])).rows;
    const [policy] = (await db.query(`SELECT hold_per_night_minor AS night, hold_deposit_minor AS deposit FROM property_settings WHERE property_id = $1`, [harbour])).rows;

    // A Visa allows the raise: two more nights, two more nights' hold, at Stripe too.
    const visa = await demoStay(t.ctx, 'HV1002');
    await db.query(`UPDATE stays SET status = 'checked_in' WHERE id = $1`, [visa.stayId]);
    await saveTestCard(t.app, stripe, 'HV1002', 'Okafor');
    const [before] = await holdOf(visa.stayId);
    const jobsBefore = await raiseJobs();
    await extend('HV1002', 'Okafor', 2);
    expect(await raiseJobs()).toBe(jobsBefore + 1);
    expect(await t.ctx.services.cardPayments.raiseHoldOf(harbour, visa.stayId)).toBe('raised');
    expect(await t.ctx.services.cardPayments.raiseHoldOf(harbour, visa.stayId)).toBe('enough');
    const [after] = await holdOf(visa.stayId);
    expect(after).toMatchObject({ id: before.id, amount_minor: before.amount_minor + 2 * policy.night });
    const customer = (await db.query(`SELECT g.payments_customer_id AS id FROM stays s JOIN guests g ON g.id = s.guest_id WHERE s.id = $1`, [visa.stayId])).rows[0].id;
    expect(stripe.paymentIntents(customer).find((intent) => intent.id === after.provider_payment_id)).toMatchObject({ amount: after.amount_minor, amount_capturable: after.amount_minor });

    // An American Express hold cannot be raised: it stays as it was and the desk sees why.
    const amex = await demoStay(t.ctx, 'HV1004');
    await db.query(`UPDATE stays SET status = 'checked_in' WHERE id = $1`, [amex.stayId]);
    await saveTestCard(t.app, stripe, 'HV1004', "O'Connor", 'pm_card_amex');
    const [amexBefore] = await holdOf(amex.stayId);
    await extend('HV1004', "O'Connor", 3);
    expect(await t.ctx.services.cardPayments.raiseHoldOf(harbour, amex.stayId)).toBe('not_raisable');
    expect(await holdOf(amex.stayId)).toEqual([amexBefore]);
    const audit = (await db.query(`SELECT action, details FROM audit_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [amexBefore.id])).rows[0];
    expect(audit).toMatchObject({ action: 'hold.not_raisable', details: { wantedMinor: amexBefore.amount_minor + 3 * policy.night } });
  });
});
