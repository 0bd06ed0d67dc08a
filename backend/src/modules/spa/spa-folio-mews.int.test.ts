import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMewsMock } from '../../../../mocks/mews/server.js';
import { useMewsPms } from '../../../test/mews-pms.js';
import { makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import type { PmsPort } from '../../integrations/pms/pms.port.js';
import { createTaskList } from '../../jobs/task-list.js';
import { AppError } from '../../lib/errors.js';

describe('spa room charges and credits on a Mews folio (the Mews mock server)', () => {
  let t: TestApp;
  let db: pg.Client;
  let harbour: string;
  let desk: string;
  const mews = createMewsMock();

  beforeAll(async () => {
    const mewsUrl = await mews.start(0);
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id;
    const admin = await staffToken(t.app, 'admin@innkeeper.local');
    desk = await staffToken(t.app, 'frontdesk@harbour.local');
    const switched = await useMewsPms(t.app, admin, mewsUrl);
    expect(switched.statusCode, switched.body).toBe(200);
    expect(await t.ctx.integrations.providerOf('pms', harbour)).toBe('mews');
  });
  afterAll(async () => {
    await db.end();
    await t.close();
    await mews.stop();
  });

  const stayId = async (confirmation: string) => (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const stayUrl = (id: string) => `/api/v1/staff/properties/harbour/stays/${id}`;
  const balance = async (id: string) => {
    const stay = (await t.app.inject({ method: 'GET', url: stayUrl(id), headers: bearer(desk) })).json();
    expect(stay.folioError).toBeNull();
    return stay.folio.balanceMinor as number;
  };
  const at = (daysAhead: number, hour: number) =>
    DateTime.now().setZone('Europe/Lisbon').plus({ days: daysAhead }).startOf('day').set({ hour }).toISO({ suppressMilliseconds: true })!;

  it('gives a free cancellation back on the folio as a payment, once, even when Mews times out after accepting it', async () => {
    const id = await stayId('HV1007');
    const before = await balance(id);
    const booked = await t.app.inject({
      method: 'POST',
      url: `${stayUrl(id)}/spa/bookings`,
      headers: { ...bearer(desk), 'idempotency-key': 'spa-mews-0001' },
      payload: { treatmentId: 'massage-60', startsAt: at(2, 10), payment: 'room' },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const booking = booked.json();
    expect(booking).toMatchObject({ status: 'booked', charge: 'posted', price: { amount: 9500 } });
    expect(await balance(id)).toBe(before + 9500);

    // The instance the app uses (the integration manager keeps one per property): Mews takes the credit, and the answer is lost.
    const pms: PmsPort = await t.ctx.integrations.resolve('pms', harbour);
    const realPostPayment = pms.postPayment.bind(pms);
    const postPayment = vi.spyOn(pms, 'postPayment').mockImplementationOnce(async (reservationId, input) => {
      await realPostPayment(reservationId, input);
      throw new AppError('integration_timeout', 'Mews did not answer in time.');
    });
    const guest = await guestToken(t.app, 'HV1007', 'Schmidt');
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${booking.id}/cancel`, headers: bearer(guest) });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', feeMinor: 0 });
    const credit = async () => (await db.query(`SELECT status, pms_idempotency_key FROM spa_charges WHERE booking_id = $1 AND kind = 'credit'`, [booking.id])).rows[0];
    expect((await credit()).status).toBe('pending');
    expect(await balance(id)).toBe(before);

    await makeJobsDue(t.databaseUrl);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
    const { status, pms_idempotency_key: key } = await credit();
    expect(status).toBe('posted');
    expect(postPayment.mock.calls.map(([, input]) => ({ amountMinor: input.amountMinor, idempotencyKey: input.idempotencyKey }))).toEqual([
      { amountMinor: 9500, idempotencyKey: key },
      { amountMinor: 9500, idempotencyKey: key },
    ]);
    expect(await balance(id)).toBe(before);
    postPayment.mockRestore();
  });
});
