import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../../mocks/smtp-sink/sink.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { configureChannel, demoStay, runDueJobs } from '../../../test/notifications.js';
import { bearer, guestToken } from '../../../test/test-app.js';
import { createTaskList } from '../../jobs/task-list.js';

describe('express checkout: the guest pays, checks out and gets the receipt', () => {
  let bed: StripeTestBed;
  let sink: SmtpSink;

  beforeAll(async () => {
    bed = await stripeTestBed();
    sink = createSmtpSink();
    const { smtpPort } = await sink.start();
    await configureChannel(bed.t.ctx, 'email', bed.harbour, 'smtp', { host: '127.0.0.1', port: smtpPort });
  });
  afterAll(async () => {
    await bed?.close();
    await sink?.stop();
  });

  const checkOut = (token: string) => bed.t.app.inject({ method: 'POST', url: '/api/v1/stay/check-out', headers: bearer(token) });
  const folioOf = async (token: string) => (await bed.t.app.inject({ method: 'GET', url: '/api/v1/stay/folio', headers: bearer(token) })).json();
  const pmsStatus = async (confirmation: string, lastName: string) =>
    (await (await bed.t.ctx.integrations.resolve('pms', bed.harbour)).findReservation(confirmation, lastName))?.status;
  const receipts = async (stayId: string) =>
    (await bed.db.query(`SELECT recipient, payload FROM notifications WHERE stay_id = $1 AND type = 'stay.receipt'`, [stayId])).rows;

  it('refuses while money is owed or before the day, and changes nothing', async () => {
    // HV1006 leaves tomorrow (express checkout is open) and still owes the room.
    const owing = await demoStay(bed.t.ctx, 'HV1006');
    const owingToken = await guestToken(bed.t.app, 'HV1006', 'Tanaka');
    expect((await folioOf(owingToken)).balanceMinor).toBeGreaterThan(0);
    const refused = await checkOut(owingToken);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ message: expect.stringMatching(/pay the balance first/i), details: { missing: 'payment' } });
    expect(await pmsStatus('HV1006', 'Tanaka')).toBe('checked_in');
    expect(await pmsStatus('HV1005', 'Dubois')).toBe('checked_in');
    expect(await receipts(owing.stayId)).toEqual([]);

    // HV1007 leaves in four days.
    const early = await checkOut(await guestToken(bed.t.app, 'HV1007', 'Schmidt'));
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.details).toEqual({ opensOn: expect.any(String), departureDate: expect.any(String) });
  });

  it('a guest leaving tomorrow whose card hold covers the balance checks out at once: the hold is captured up to the balance, never charged twice', async () => {
    const { stayId } = await demoStay(bed.t.ctx, 'HV1006');
    // A hotel that holds the room as well as incidentals: 150 a night plus the deposit.
    await bed.db.query(`UPDATE property_settings SET hold_per_night_minor = 15000 WHERE property_id = $1`, [bed.harbour]);
    const { token } = await saveTestCard(bed.t.app, bed.stripe, 'HV1006', 'Tanaka');
    const owed = (await folioOf(token)).balanceMinor;
    expect(owed).toBeGreaterThan(0);
    const [held] = (await bed.db.query(`SELECT amount_minor FROM card_holds WHERE stay_id = $1`, [stayId])).rows;
    expect(held.amount_minor).toBeGreaterThanOrEqual(owed);

    for (const answer of [await checkOut(token), await checkOut(token)]) expect(answer.statusCode, answer.body).toBe(200);
    expect(await pmsStatus('HV1006', 'Tanaka')).toBe('checked_out');
    const holds = (await bed.db.query(`SELECT status, captured_minor FROM card_holds WHERE stay_id = $1`, [stayId])).rows;
    expect(holds).toEqual([{ status: 'captured', captured_minor: owed }]);
    const payments = (await bed.db.query(`SELECT kind, status, amount_minor FROM payments WHERE stay_id = $1`, [stayId])).rows;
    expect(payments).toEqual([{ kind: 'payment', status: 'posted', amount_minor: owed }]);
    const [receipt, ...more] = await receipts(stayId);
    expect(more).toEqual([]);
    expect(receipt.payload.receipt).toMatchObject({ balanceMinor: 0, paidMinor: owed });
  });

  it('a guest leaving today pays with a tip, checks out once in the PMS, and gets one receipt listing the folio', async () => {
    const { stayId, email } = await demoStay(bed.t.ctx, 'HV1005');
    const { token } = await saveTestCard(bed.t.app, bed.stripe, 'HV1005', 'Dubois');
    const owed = (await folioOf(token)).balanceMinor;
    expect(owed).toBeGreaterThan(0);
    const paid = await bed.t.app.inject({
      method: 'POST',
      url: '/api/v1/stay/payments',
      headers: { ...bearer(token), 'idempotency-key': 'express-pay-0001' },
      payload: { amountMinor: owed, currency: 'EUR', tip: { percent: 10, department: 'front_desk' } },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const folio = await folioOf(token);
    expect(folio.balanceMinor).toBe(0);

    const first = await checkOut(token);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stay: { id: stayId, status: 'checked_out' }, receiptTo: email });
    expect(await pmsStatus('HV1005', 'Dubois')).toBe('checked_out');
    const audit = (await bed.db.query(`SELECT actor_type, actor_id FROM audit_log WHERE subject_id = $1 AND action = 'stay.checked_out'`, [stayId])).rows;
    expect(audit).toEqual([{ actor_type: 'guest', actor_id: stayId }]);

    const [receipt, ...more] = await receipts(stayId);
    expect(more).toEqual([]);
    const tipMinor = Math.round(owed / 10);
    const charges = folio.lines.filter((line: { kind: string }) => line.kind === 'charge');
    expect(receipt).toMatchObject({
      recipient: email,
      payload: {
        receipt: {
          currency: 'EUR',
          charges: charges.map(({ date, description, amountMinor }: { date: string; description: string; amountMinor: number }) => ({ date, description, amountMinor })),
          tipMinor,
          balanceMinor: 0,
        },
      },
    });
    expect(receipt.payload.receipt.payments.length).toBeGreaterThanOrEqual(2);

    const again = await checkOut(token);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ stay: { id: stayId, status: 'checked_out' }, receiptTo: email });
    expect(await receipts(stayId)).toHaveLength(1);

    await runDueJobs(bed.t.ctx, bed.t.databaseUrl, createTaskList(bed.t.ctx));
    const mails = (await sink.messages()).filter((mail) => mail.to.includes(email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/receipt/i);
    for (const line of charges) expect(mails[0]!.text).toContain(line.description);
    expect(mails[0]!.text).toContain(new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(tipMinor / 100));
  });
});
