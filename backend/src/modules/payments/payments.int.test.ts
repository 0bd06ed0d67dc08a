import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import type { PmsPort } from '../../integrations/pms/pms.port.js';
import { createTaskList } from '../../jobs/task-list.js';
import { AppError } from '../../lib/errors.js';

describe('payments at the desk (the in-process mock PMS)', () => {
  let t: TestApp;
  let db: pg.Client;
  let frontDesk: string;
  let pms: PmsPort;
  let postPayment: MockInstance<PmsPort['postPayment']>;
  let realPostPayment: PmsPort['postPayment'];

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    const harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id as string;
    // The instance the app uses (the integration manager keeps one per property): its postings are the folio's.
    pms = await t.ctx.integrations.resolve('pms', harbour);
    realPostPayment = pms.postPayment;
    postPayment = vi.spyOn(pms, 'postPayment');
  });
  afterEach(() => postPayment.mockClear());
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const stayId = async (confirmation: string) =>
    (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const url = (id: string, property = 'harbour') => `/api/v1/staff/properties/${property}/stays/${id}/payments`;
  const pay = (id: string, payload: object, key: string | undefined, token = frontDesk, property = 'harbour') =>
    t.app.inject({
      method: 'POST',
      url: url(id, property),
      headers: { ...bearer(token), ...(key !== undefined && { 'idempotency-key': key }) },
      payload,
    });
  const detail = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${id}`, headers: bearer(frontDesk) })).json();
  const balance = async (id: string) => (await detail(id)).folio.balanceMinor as number;
  /** Desk payments on the PMS folio of this stay, by the reference the PMS keeps (our idempotency key). */
  const folioPostings = async (id: string) =>
    (await pms.getFolio(`MOCK-${(await detail(id)).stay.confirmationNumber}`)).lines.filter((line) =>
      line.reference?.startsWith(`stay:${id}:desk-payment:`),
    );
  const runJobs = async () => {
    await makeJobsDue(t.databaseUrl);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
  };
  const checkOut = (id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/harbour/stays/${id}/check-out`, headers: bearer(frontDesk) });
  const actions = async (paymentId: string) =>
    (await db.query(`SELECT action, actor_type FROM audit_log WHERE subject_id = $1 ORDER BY id`, [paymentId])).rows;

  it('records a cash payment, posts it to the folio once, and the guest can check out', async () => {
    const id = await stayId('HV1006');
    const owed = await balance(id);
    expect(owed).toBeGreaterThan(0);
    expect((await checkOut(id)).statusCode).toBe(422);

    const response = await pay(id, { amountMinor: owed, currency: 'EUR', method: 'cash', reference: 'Till 2' }, 'desk-form-0001');
    expect(response.statusCode).toBe(201);
    const payment = response.json();
    expect(payment).toMatchObject({
      stayId: id,
      amountMinor: owed,
      currency: 'EUR',
      method: 'cash',
      reference: 'Till 2',
      status: 'posted',
      pmsPostingId: expect.any(String),
      attempts: 1,
      lastError: null,
      recordedBy: { name: expect.any(String) },
    });
    expect(postPayment).toHaveBeenCalledTimes(1);
    expect(postPayment.mock.calls[0]![1]).toMatchObject({ idempotencyKey: `stay:${id}:desk-payment:${payment.id}:v1`, externalReference: 'Till 2' });
    expect(await balance(id)).toBe(0);
    expect(await actions(payment.id)).toEqual([
      { action: 'payment.recorded', actor_type: 'staff' },
      { action: 'payment.posted', actor_type: 'staff' },
    ]);
    const events = await db.query(`SELECT type, stay_id FROM realtime_events WHERE subject_id = $1 ORDER BY id`, [payment.id]);
    expect(events.rows).toEqual([
      { type: 'payment.recorded', stay_id: id },
      { type: 'payment.posted', stay_id: id },
    ]);

    // The retry job queued with the payment finds it posted and leaves it alone.
    await runJobs();
    expect(postPayment).toHaveBeenCalledTimes(1);
    const list = await t.app.inject({ method: 'GET', url: url(id), headers: bearer(frontDesk) });
    expect(list.json().payments).toEqual([expect.objectContaining({ id: payment.id, status: 'posted' })]);

    const out = await checkOut(id);
    expect(out.statusCode).toBe(200);
    expect(out.json().status).toBe('checked_out');
  });

  it('answers the same key with the same payment and never posts it again', async () => {
    const id = await stayId('HV1001');
    const body = { amountMinor: 5_000, currency: 'EUR', method: 'card_terminal', reference: 'RCPT-881' };
    const first = await pay(id, body, 'desk-form-0002');
    const again = await pay(id, body, 'desk-form-0002');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(postPayment).toHaveBeenCalledTimes(1);
    expect(await folioPostings(id)).toHaveLength(1);

    const otherAmount = await pay(id, { ...body, amountMinor: 5_001 }, 'desk-form-0002');
    expect(otherAmount.statusCode).toBe(409);
    expect(otherAmount.json().error.message).toMatch(/amountMinor/);
    expect(otherAmount.json().error.details).toEqual([{ field: 'headers.idempotency-key', message: expect.stringContaining('amountMinor') }]);
    expect(postPayment).toHaveBeenCalledTimes(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM payments WHERE stay_id = $1`, [id])).rows[0].n).toBe(1);
  });

  it('makes one payment and one posting of ten concurrent requests with the same key', async () => {
    const id = await stayId('HV1007');
    const body = { amountMinor: 12_000, currency: 'EUR', method: 'bank_transfer' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => pay(id, body, 'desk-form-0003')));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    // The others arrive while it is being posted (202, pending) or after (200, posted).
    expect(statuses.every((status) => [200, 201, 202].includes(status))).toBe(true);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM payments WHERE stay_id = $1`, [id])).rows[0].n).toBe(1);
    expect(postPayment).toHaveBeenCalledTimes(1);
    expect(await folioPostings(id)).toHaveLength(1);
  });

  it('keeps a payment pending while the PMS is down and lets the worker post it exactly once; then check-out works', async () => {
    const id = await stayId('HV1005');
    const owed = await balance(id);
    postPayment.mockRejectedValueOnce(new AppError('integration_unavailable', 'The PMS is not answering.'));
    const response = await pay(id, { amountMinor: owed, currency: 'EUR', method: 'cash' }, 'desk-form-0004');
    expect(response.statusCode).toBe(202);
    const payment = response.json();
    expect(payment).toMatchObject({ status: 'pending', attempts: 1, lastError: 'The PMS is not answering.', pmsPostingId: null });
    expect(await balance(id)).toBe(owed);

    await runJobs();
    const list = (await t.app.inject({ method: 'GET', url: url(id), headers: bearer(frontDesk) })).json().payments;
    expect(list).toEqual([expect.objectContaining({ id: payment.id, status: 'posted', attempts: 2, lastError: null })]);
    expect(postPayment).toHaveBeenCalledTimes(2);
    expect(new Set(postPayment.mock.calls.map(([, input]) => input.idempotencyKey))).toEqual(new Set([`stay:${id}:desk-payment:${payment.id}:v1`]));
    expect(await folioPostings(id)).toHaveLength(1);
    expect(await actions(payment.id)).toEqual([
      { action: 'payment.recorded', actor_type: 'staff' },
      { action: 'payment.deferred', actor_type: 'staff' },
      { action: 'payment.posted', actor_type: 'system' },
    ]);

    // Done: the job is gone and nothing runs again.
    await runJobs();
    expect(postPayment).toHaveBeenCalledTimes(2);
    expect((await checkOut(id)).statusCode).toBe(200);
  });

  it('does not post twice when the PMS took the payment but its answer was lost', async () => {
    const id = await stayId('HV1003');
    postPayment.mockImplementationOnce(async (reservationId, input) => {
      await realPostPayment(reservationId, input);
      throw new AppError('integration_timeout', 'The PMS did not answer in time.');
    });
    const response = await pay(id, { amountMinor: 2_500, currency: 'EUR', method: 'card_terminal' }, 'desk-form-0006');
    expect(response.statusCode).toBe(202);
    const [onFolio, ...more] = await folioPostings(id);
    expect(more).toHaveLength(0);

    await runJobs();
    const list = (await t.app.inject({ method: 'GET', url: url(id), headers: bearer(frontDesk) })).json().payments;
    expect(list).toEqual([expect.objectContaining({ id: response.json().id, status: 'posted', pmsPostingId: onFolio!.id })]);
    expect(await folioPostings(id)).toHaveLength(1);
  });

  it('answers a refusal by the PMS with 422, records it as failed, and does not ask again', async () => {
    const id = await stayId('HV1011');
    const body = { amountMinor: 1_000, currency: 'EUR', method: 'cash' };
    const refused = await pay(id, body, 'desk-form-0005');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'upstream_rejected', details: { payment: { status: 'failed' } } });
    expect((await pay(id, body, 'desk-form-0005')).statusCode).toBe(422);
    await runJobs();
    expect(postPayment).toHaveBeenCalledTimes(1);
    const list = (await t.app.inject({ method: 'GET', url: url(id), headers: bearer(frontDesk) })).json().payments;
    expect(list).toEqual([expect.objectContaining({ status: 'failed', lastError: expect.stringMatching(/does not accept postings/) })]);
  });

  it('names the field of every bad input and writes nothing', async () => {
    const id = await stayId('HV1004');
    await db.query(`UPDATE property_settings SET desk_payment_max_minor = 200000 WHERE property_id = (SELECT id FROM properties WHERE code = 'harbour')`);
    const valid = { amountMinor: 1_000, currency: 'EUR', method: 'cash' };
    const cases: Array<[object, string | undefined, string]> = [
      [{ ...valid, currency: 'CHF' }, 'bad-input-0001', 'body.currency'],
      [{ ...valid, amountMinor: -100 }, 'bad-input-0002', 'body.amountMinor'],
      [{ ...valid, amountMinor: 0 }, 'bad-input-0003', 'body.amountMinor'],
      [{ ...valid, amountMinor: 10.5 }, 'bad-input-0004', 'body.amountMinor'],
      [{ ...valid, amountMinor: 200_001 }, 'bad-input-0005', 'body.amountMinor'],
      [{ ...valid, method: 'cheque' }, 'bad-input-0006', 'body.method'],
      [{ ...valid, reference: 'Till\u00002' }, 'bad-input-0007', 'body.reference'],
      [{ ...valid, reference: '4242 4242 4242 4242' }, 'bad-input-0008', 'body.reference'],
      [{ ...valid, note: 'card 5555555555554444 exp 12/30' }, 'bad-input-0009', 'body.note'],
      [valid, undefined, 'headers.idempotency-key'],
      [valid, 'short', 'headers.idempotency-key'],
      [valid, 'has spaces in it', 'headers.idempotency-key'],
    ];
    for (const [payload, key, field] of cases) {
      const response = await pay(id, payload, key);
      expect(response.statusCode, `${field} ${JSON.stringify(payload)}`).toBe(400);
      expect(response.json().error.details.map((issue: { field: string }) => issue.field), JSON.stringify(payload)).toContain(field);
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM payments WHERE stay_id = $1`, [id])).rows[0].n).toBe(0);
    expect(postPayment).not.toHaveBeenCalled();
  });

  it('lets only the front office of this property record or see payments', async () => {
    const id = await stayId('HV1004');
    const body = { amountMinor: 1_000, currency: 'EUR', method: 'cash' };
    const alpineDesk = await staffToken(t.app, 'frontdesk@alpine.local');
    const housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
    const guest = await guestToken(t.app, 'HV1004', "O'Connor");
    expect((await pay(id, body, 'access-0001', alpineDesk)).statusCode).toBe(403);
    expect((await pay(id, body, 'access-0002', alpineDesk, 'alpine')).statusCode).toBe(404);
    expect((await pay(id, body, 'access-0003', housekeeping)).statusCode).toBe(403);
    expect((await pay(id, body, 'access-0004', guest)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: url(id), headers: bearer(housekeeping) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: url(id), headers: bearer(guest) })).statusCode).toBe(401);
    const alpineStay = await stayId('AL2002');
    expect((await t.app.inject({ method: 'GET', url: url(alpineStay), headers: bearer(frontDesk) })).statusCode).toBe(404);
    expect(postPayment).not.toHaveBeenCalled();
  });
});
