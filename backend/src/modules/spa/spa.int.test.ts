import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import type { PmsPort } from '../../integrations/pms/pms.port.js';
import { mockSpaByProperty } from '../../integrations/spa/mock/mock.provider.js';
import { createTaskList } from '../../jobs/task-list.js';
import { AppError } from '../../lib/errors.js';

describe('spa bookings (in-process spa double, demo PMS)', () => {
  let t: TestApp;
  let db: pg.Client;
  let harbour: string;
  let admin: string;
  let anna: string;
  let chidi: string;
  let pms: PmsPort;
  let postCharge: MockInstance<PmsPort['postCharge']>;
  let realPostCharge: PmsPort['postCharge'];

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id;
    admin = await staffToken(t.app, 'admin@innkeeper.local');
    anna = await guestToken(t.app, 'HV1001', 'Müller');
    chidi = await guestToken(t.app, 'HV1002', 'Okafor');
    pms = await t.ctx.integrations.resolve('pms', harbour);
    realPostCharge = pms.postCharge;
    postCharge = vi.spyOn(pms, 'postCharge');
  });
  afterEach(() => postCharge.mockClear());
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** Tomorrow at this hour in Lisbon (every demo stay used here includes tomorrow). */
  const tomorrowAt = (hour: number) =>
    DateTime.now().setZone('Europe/Lisbon').plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true })!;
  const book = (token: string, key: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/stay/spa/bookings', headers: { ...bearer(token), 'idempotency-key': key }, payload });
  const massage = (hour: number, extra: object = {}) => ({ treatmentId: 'massage-60', startsAt: tomorrowAt(hour), payment: 'room', ...extra });
  const mock = () => mockSpaByProperty.get(harbour)!;
  const stayId = async (confirmation: string) => (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  /** Spa postings on the PMS folio of the stay, by the reference the PMS keeps (our idempotency key). */
  const spaPostings = async (confirmation: string) => {
    const id = await stayId(confirmation);
    return (await pms.getFolio(`MOCK-${confirmation}`)).lines.filter((line) => line.reference?.startsWith(`stay:${id}:spa:`));
  };
  const runJobs = async () => {
    await makeJobsDue(t.databaseUrl);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
  };
  const settings = (body: object) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/staff/properties/harbour/spa/settings',
      headers: bearer(admin),
      payload: { cancellationWindowHours: 24, lateCancelFeePercent: 50, noShowFeePercent: 100, roomChargeAllowed: true, ...body },
    });
  const staffAction = (bookingId: string, action: string, token = admin, property = 'harbour') =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${property}/spa/bookings/${bookingId}/${action}`, headers: bearer(token) });

  it('shows the catalog in the guest language with prices from the spa system', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/catalog?language=de', headers: bearer(anna) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ enabled: true, therapists: true, treatments: expect.arrayContaining([expect.objectContaining({ id: 'massage-60', name: 'Tiefengewebsmassage', price: { amount: 9500, currency: 'EUR' } })]) });
  });

  it('books and charges the room once, even when the PMS times out after taking the charge, and a retry with the same key books once', async () => {
    postCharge.mockImplementationOnce(async (reservationId, input) => {
      await realPostCharge(reservationId, input);
      throw new AppError('integration_timeout', 'The PMS did not answer in time.');
    });
    const first = await book(anna, 'spa-anna-0001', massage(10, { therapistId: 't-lena' }));
    expect(first.statusCode).toBe(201);
    const booking = first.json();
    expect(booking).toMatchObject({ status: 'booked', priceMinor: 9500, currency: 'EUR', chargeStatus: 'pending', therapist: { id: 't-lena' }, reference: expect.stringMatching(/^spa_bk_/) });
    expect(await spaPostings('HV1001')).toHaveLength(1);

    await runJobs();
    const again = await book(anna, 'spa-anna-0001', massage(10, { therapistId: 't-lena' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: booking.id, status: 'booked', chargeStatus: 'posted' });
    expect(await spaPostings('HV1001')).toEqual([expect.objectContaining({ amountMinor: 9500, description: 'Spa: Deep tissue massage' })]);
    expect(mock().bookingsFor(booking.reference)).toHaveLength(1);
    expect(new Set(postCharge.mock.calls.map(([, input]) => input.idempotencyKey))).toEqual(new Set([`stay:${booking.stayId}:spa:${booking.id}:v1`]));
  });

  it('books once when the spa system took the booking but its answer was lost', async () => {
    mock().loseNextBook();
    const lost = await book(anna, 'spa-anna-0002', massage(12));
    expect(lost.statusCode).toBe(504);
    const pending = (await db.query(`SELECT id, reference, status FROM spa_bookings WHERE request_key = 'spa-anna-0002'`)).rows[0];
    expect(pending.status).toBe('pending');
    const retried = await book(anna, 'spa-anna-0002', massage(12));
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: pending.id, status: 'booked', chargeStatus: 'posted' });
    expect(mock().bookingsFor(pending.reference)).toHaveLength(1);
  });

  it('gives the last slot to one of two guests racing for it; the other gets 409 with fresh availability', async () => {
    expect((await book(anna, 'spa-anna-0003', massage(14, { therapistId: 't-marco' }))).statusCode).toBe(201);
    const [a, b] = await Promise.all([book(anna, 'spa-anna-0004', massage(14)), book(chidi, 'spa-chidi-0001', massage(14))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const refused = (a.statusCode === 409 ? a : b).json().error;
    expect(refused.details).toMatchObject({ field: 'body.startsAt', treatmentId: 'massage-60', date: tomorrowAt(14).slice(0, 10) });
    expect(refused.details.slots.length).toBeGreaterThan(0);
    expect(refused.details.slots.some((slot: { startsAt: string }) => slot.startsAt === tomorrowAt(14))).toBe(false);
    const onTheDay = (await mock().port.daySchedule(tomorrowAt(14).slice(0, 10))).filter((entry) => entry.startsAt === tomorrowAt(14));
    expect(onTheDay).toHaveLength(2);
  });

  it('keeps one stay out of another stay’s bookings', async () => {
    const booking = (await book(anna, 'spa-anna-0005', massage(16))).json();
    const chidis = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/bookings', headers: bearer(chidi) })).json().bookings;
    expect(chidis.map((entry: { id: string }) => entry.id)).not.toContain(booking.id);
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${booking.id}/cancel`, headers: bearer(chidi) });
    expect(cancel.statusCode).toBe(404);
    const annas = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/bookings', headers: bearer(anna) })).json().bookings;
    expect(annas.map((entry: { id: string }) => entry.id)).toContain(booking.id);
  });

  it('cancels free outside the window (the charge credited back in full) and keeps the late fee inside it', async () => {
    const cancel = (id: string) => t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${id}/cancel`, headers: bearer(anna) });
    expect((await settings({ cancellationWindowHours: 0 })).statusCode).toBe(200);
    const early = (await book(anna, 'spa-anna-0006', massage(9))).json();
    const freed = await cancel(early.id);
    expect(freed.statusCode).toBe(200);
    expect(freed.json()).toMatchObject({ status: 'cancelled', cancellable: false });
    expect(mock().bookingsFor(early.reference)[0]!.status).toBe('cancelled');

    expect((await settings({ cancellationWindowHours: 720, lateCancelFeePercent: 40 })).statusCode).toBe(200);
    const late = (await book(anna, 'spa-anna-0007', massage(11))).json();
    expect(late.cancellationFeeMinor).toBe(3800);
    expect((await cancel(late.id)).json()).toMatchObject({ status: 'late_cancelled' });
    expect(mock().bookingsFor(late.reference)[0]!.status).toBe('late_cancelled');

    const lines = await spaPostings('HV1001');
    const of = (id: string) => lines.filter((line) => line.reference?.includes(id)).map((line) => ({ kind: line.kind, amountMinor: line.amountMinor }));
    expect(of(early.id)).toEqual([
      { kind: 'charge', amountMinor: 9500 },
      { kind: 'payment', amountMinor: 9500 },
    ]);
    expect(of(late.id)).toEqual([
      { kind: 'charge', amountMinor: 9500 },
      { kind: 'payment', amountMinor: 5700 },
    ]);
    await settings({});
  });

  it('refuses a room charge where the hotel takes none, naming payment', async () => {
    await settings({ roomChargeAllowed: false });
    const refused = await book(anna, 'spa-anna-0008', massage(13));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual([expect.objectContaining({ field: 'body.payment' })]);
    await settings({});
  });

  it('cancels at the spa system and tells the guest why when the PMS refuses the charge', async () => {
    postCharge.mockRejectedValueOnce(new AppError('upstream_rejected', 'The reservation does not accept postings.'));
    const refused = await book(anna, 'spa-anna-0009', massage(15));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/could not charge this treatment to your room/);
    const row = (await db.query(`SELECT reference, status FROM spa_bookings WHERE request_key = 'spa-anna-0009'`)).rows[0];
    expect(row.status).toBe('cancelled');
    expect(mock().bookingsFor(row.reference)[0]!.status).toBe('cancelled');
  });

  it('gives the spa its day with bookings made in the spa system too; staff mark arrived and no-show (the fee kept by the rule)', async () => {
    const date = tomorrowAt(10).slice(0, 10);
    await mock().port.book({ reference: 'walk-in-1', treatmentId: 'facial-45', startsAt: tomorrowAt(17), therapistId: 't-marco', guest: { firstName: 'Walk', lastName: 'In', email: null, phone: null }, notes: null });
    const arriving = (await book(anna, 'spa-anna-0010', massage(17))).json();
    const noShow = (await book(chidi, 'spa-chidi-0002', massage(16, { therapistId: 't-marco' }))).json();

    const schedule = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/spa/schedule?date=${date}`, headers: bearer(admin) });
    expect(schedule.statusCode).toBe(200);
    const entries = schedule.json().bookings as Array<{ id: string | null; source: string; guest: { name: string }; therapist: { name: string } | null }>;
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'spa_system', id: null, guest: expect.objectContaining({ name: 'Walk In' }) })]));
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ id: arriving.id, source: 'innkeeper', guest: expect.objectContaining({ name: 'Anna Müller' }) })]));
    const names = entries.map((entry) => entry.therapist?.name ?? '');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    const arrived = await staffAction(arriving.id, 'arrived');
    expect(arrived.json()).toMatchObject({ status: 'arrived' });
    expect(mock().bookingsFor(arriving.reference)[0]!.status).toBe('arrived');

    await settings({ noShowFeePercent: 30 });
    expect((await staffAction(noShow.id, 'no-show')).json()).toMatchObject({ status: 'no_show' });
    expect((await spaPostings('HV1002')).filter((line) => line.reference?.includes(noShow.id)).map((line) => line.amountMinor)).toEqual([9500, 6650]);
    const audit = (await db.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [noShow.id])).rows.map((row) => row.action);
    expect(audit).toEqual(['spa.booking_made', 'spa.no_show']);
    await settings({});
  });

  it('lets the front desk book for a guest, and keeps other properties and roles out', async () => {
    const desk = await staffToken(t.app, 'frontdesk@harbour.local');
    const stay = await stayId('HV1002');
    const made = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/harbour/stays/${stay}/spa-bookings`,
      headers: { ...bearer(desk), 'idempotency-key': 'spa-desk-0001' },
      payload: { treatmentId: 'facial-45', startsAt: tomorrowAt(11), payment: 'room' },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ createdBy: 'staff', treatmentId: 'facial-45', priceMinor: 7000 });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/spa/schedule?date=${tomorrowAt(11).slice(0, 10)}`, headers: bearer(desk) })).statusCode).toBe(403);

    const alpineDesk = await staffToken(t.app, 'frontdesk@alpine.local');
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/alpine/stays/${stay}/spa-bookings`,
      headers: { ...bearer(alpineDesk), 'idempotency-key': 'spa-desk-0002' },
      payload: { treatmentId: 'facial-45', startsAt: tomorrowAt(12), payment: 'room' },
    });
    expect(elsewhere.statusCode).toBe(404);
    // The admin of both hotels asks for harbour's booking through alpine's path: not there.
    expect((await staffAction(made.json().id, 'arrived', admin, 'alpine')).statusCode).toBe(404);
  });
});
