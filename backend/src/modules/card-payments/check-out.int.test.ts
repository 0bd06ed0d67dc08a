import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoStay } from '../../../test/notifications.js';
import { saveTestCard, stripeTestBed, type StripeForTests, type StripeTestBed } from '../../../test/stripe-mock.js';
import type { TestApp } from '../../../test/test-app.js';
import { AppError } from '../../lib/errors.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('check-out with a card hold', () => {
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
    postPayment.mockRestore();
  });
});
