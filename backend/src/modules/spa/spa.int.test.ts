import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { makeJobsDue, runDueJobs } from '../../../test/notifications.js';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import type { PmsPort } from '../../integrations/pms/pms.port.js';
import { mockSpaByProperty } from '../../integrations/spa/mock/mock.provider.js';
import type { MockSpa } from '../../integrations/spa/mock/mock-spa.js';
import { createTaskList } from '../../jobs/task-list.js';
import { AppError } from '../../lib/errors.js';

describe('spa bookings (the in-process spa and PMS doubles)', () => {
  let t: TestApp;
  let db: pg.Client;
  let harbour: string;
  let pms: PmsPort;
  let spa: MockSpa;
  let postCharge: MockInstance<PmsPort['postCharge']>;
  let realPostCharge: PmsPort['postCharge'];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id;
    // The instances the app uses (the integration manager keeps one per property).
    pms = await t.ctx.integrations.resolve('pms', harbour);
    realPostCharge = pms.postCharge;
    postCharge = vi.spyOn(pms, 'postCharge');
    await t.ctx.integrations.resolve('spa', harbour);
    spa = mockSpaByProperty.get(harbour)!;
    // Spa therapists at each hotel, with the demo password.
    await db.query(
      `WITH demo AS (SELECT password_hash FROM staff_users WHERE email = 'frontdesk@harbour.local'),
            made AS (INSERT INTO staff_users (email, name, role, password_hash)
                     SELECT 'spa@' || code || '.test', 'Spa ' || code, 'spa', demo.password_hash FROM properties CROSS JOIN demo RETURNING id, email)
       INSERT INTO staff_property_access (staff_id, property_id) SELECT made.id, p.id FROM made JOIN properties p ON made.email = 'spa@' || p.code || '.test'`,
    );
    tokens.spa = await staffToken(t.app, 'spa@harbour.test');
    tokens.spaAlpine = await staffToken(t.app, 'spa@alpine.test');
    tokens.desk = await staffToken(t.app, 'frontdesk@harbour.local');
    tokens.housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
    tokens.admin = await staffToken(t.app, 'admin@innkeeper.local');
    tokens.muller = await guestToken(t.app, 'HV1001', 'Müller');
    tokens.schmidt = await guestToken(t.app, 'HV1007', 'Schmidt');
    tokens.tanaka = await guestToken(t.app, 'HV1006', 'Tanaka');
    tokens.dubois = await guestToken(t.app, 'HV1005', 'Dubois');
  });
  afterEach(() => postCharge.mockReset().mockImplementation(realPostCharge));
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  /** A day this many days ahead, in harbour's time zone, and a start time on it. */
  const day = (daysAhead: number) => DateTime.now().setZone('Europe/Lisbon').plus({ days: daysAhead }).toISODate()!;
  const at = (daysAhead: number, hour: number) =>
    DateTime.fromISO(day(daysAhead), { zone: 'Europe/Lisbon' }).set({ hour }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
  const book = (token: string, key: string, body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/stay/spa/bookings', headers: { ...bearer(token), 'idempotency-key': key }, payload: body });
  const stayId = async (confirmation: string) => (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const spaLines = async (confirmation: string, bookingId: string) =>
    (await pms.getFolio(`MOCK-${confirmation}`)).lines.filter((line) => line.reference?.includes(`:spa:${bookingId}:`));
  /** What the booking's lines add to the folio balance: charges up, payments (a credit) down. */
  const spaBalance = async (confirmation: string, bookingId: string) =>
    (await spaLines(confirmation, bookingId)).reduce((sum, line) => sum + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0);
  const runJobs = async () => {
    await makeJobsDue(t.databaseUrl);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
  };
  const staff = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(token), ...(payload && { payload }) });

  it("shows the catalog in the guest's language and the day's availability in the property's time zone", async () => {
    await t.app.inject({ method: 'PUT', url: '/api/v1/stay/guest/language', headers: bearer(tokens.muller!), payload: { language: 'de' } });
    const catalog = await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/treatments', headers: bearer(tokens.muller!) });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.json()).toMatchObject({ enabled: true, therapists: true, roomCharge: true });
    expect(catalog.json().treatments).toContainEqual(expect.objectContaining({ id: 'massage-60', name: 'Tiefengewebsmassage', price: { amount: 9500, currency: 'EUR' } }));

    const slots = await t.app.inject({ method: 'GET', url: `/api/v1/stay/spa/availability?treatmentId=massage-60&date=${day(3)}`, headers: bearer(tokens.muller!) });
    expect(slots.statusCode).toBe(200);
    expect(slots.json()).toMatchObject({ timeZone: 'Europe/Lisbon' });
    expect(slots.json().slots[0].startsAt).toBe(at(3, 9));
  });

  it('charges the room once even when the PMS times out after accepting the charge, and the worker settles it', async () => {
    postCharge.mockImplementationOnce(async (reservationId, input) => {
      await realPostCharge(reservationId, input);
      throw new AppError('integration_timeout', 'The PMS did not answer in time.');
    });
    const response = await book(tokens.muller!, 'spa-room-0001', { treatmentId: 'massage-60', startsAt: at(3, 10), payment: 'room', notes: 'Firm, please' });
    expect(response.statusCode).toBe(201);
    const booking = response.json();
    // The price is the spa's, never the client's.
    expect(booking).toMatchObject({ status: 'booked', reference: `spa_bk_${booking.id}`, price: { amount: 9500, currency: 'EUR' }, charge: 'pending', therapist: { id: 't-lena' } });
    // Times as the spa port gives them: with harbour's offset, not in UTC.
    const dayBefore = DateTime.fromISO(at(3, 10), { zone: 'Europe/Lisbon' }).minus({ hours: 24 }).toISO({ suppressMilliseconds: true });
    expect(booking).toMatchObject({ startsAt: at(3, 10), endsAt: at(3, 11), freeCancellationUntil: dayBefore });
    expect(await spaLines('HV1001', booking.id)).toHaveLength(1);

    await runJobs();
    const [line, ...more] = await spaLines('HV1001', booking.id);
    expect(more).toHaveLength(0);
    expect(line).toMatchObject({ kind: 'charge', amountMinor: 9500, description: 'Tiefengewebsmassage' });
    expect(new Set(postCharge.mock.calls.map(([, input]) => input.idempotencyKey))).toEqual(new Set([`stay:${await stayId('HV1001')}:spa:${booking.id}:treatment:v1`]));
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/bookings', headers: bearer(tokens.muller!) });
    expect(mine.json().bookings).toEqual([expect.objectContaining({ id: booking.id, charge: 'posted' })]);
    // The confirmation email, and the reminder (its job was made due above), once each however often the jobs run.
    await runJobs();
    const mails = await db.query(`SELECT type FROM notifications WHERE idempotency_key LIKE $1 ORDER BY type`, [`spa:${booking.id}:%`]);
    expect(mails.rows).toEqual([{ type: 'spa.booked' }, { type: 'spa.reminder' }]);
  });

  it('asks the PMS once when the same booking is sent again while its room charge is still being posted', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const asking = new Promise<void>((resolve) => (asked = resolve));
    postCharge.mockImplementationOnce(async (reservationId, input) => {
      asked();
      await held;
      return realPostCharge(reservationId, input);
    });
    const body = { treatmentId: 'facial-45', startsAt: at(11, 10), payment: 'room' };
    const first = book(tokens.dubois!, 'spa-claim-0001', body);
    await asking;
    // The guest's app lost the answer and sends the same attempt: the charge is this first request's to post.
    const again = await book(tokens.dubois!, 'spa-claim-0001', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'booked', charge: 'pending' });
    release();
    expect((await first).json()).toMatchObject({ status: 'booked', charge: 'posted' });
    expect(postCharge).toHaveBeenCalledTimes(1);
    expect(await spaLines('HV1005', again.json().id)).toHaveLength(1);
  });

  it('books once when the spa system booked but its answer was lost, and the guest sends the request again', async () => {
    const body = { treatmentId: 'facial-45', startsAt: at(4, 11), payment: 'room' };
    spa.loseNextBook();
    const lost = await book(tokens.schmidt!, 'spa-retry-0001', body);
    expect(lost.statusCode).toBe(504);
    const again = await book(tokens.schmidt!, 'spa-retry-0001', body);
    expect(again.statusCode).toBe(200);
    const booking = again.json();
    expect(booking.status).toBe('booked');
    expect(spa.bookingsFor(booking.reference)).toHaveLength(1);
    expect(await spaLines('HV1007', booking.id)).toHaveLength(1);
    // A third time changes nothing.
    expect((await book(tokens.schmidt!, 'spa-retry-0001', body)).json()).toMatchObject({ id: booking.id, charge: 'posted' });
    expect(await spaLines('HV1007', booking.id)).toHaveLength(1);
  });

  it('gives the last slot to one of two guests racing for it; the other gets 409 with fresh availability', async () => {
    const startsAt = at(5, 14);
    expect((await book(tokens.dubois!, 'spa-race-0000', { treatmentId: 'massage-60', startsAt, therapistId: 't-marco', payment: 'room' })).statusCode).toBe(201);
    const [first, second] = await Promise.all([
      book(tokens.tanaka!, 'spa-race-0001', { treatmentId: 'massage-60', startsAt, payment: 'room' }),
      book(tokens.schmidt!, 'spa-race-0002', { treatmentId: 'massage-60', startsAt, payment: 'room' }),
    ]);
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([201, 409]);
    const loser = first!.statusCode === 409 ? first! : second!;
    const { details } = loser.json().error;
    expect(details.availability).toMatchObject({ treatmentId: 'massage-60', date: day(5) });
    expect(details.availability.slots.length).toBeGreaterThan(0);
    expect(details.availability.slots.map((slot: { startsAt: string }) => slot.startsAt)).not.toContain(startsAt);
    const taken = spa.port.daySchedule(day(5));
    expect((await taken).filter((booking) => booking.startsAt === startsAt && booking.status === 'booked')).toHaveLength(2);
  });

  it("keeps a guest to their own stay's bookings", async () => {
    const mine = (await book(tokens.tanaka!, 'spa-own-0001', { treatmentId: 'facial-45', startsAt: at(6, 9), payment: 'room' })).json();
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/bookings', headers: bearer(tokens.dubois!) });
    expect(other.json().bookings.map((booking: { id: string }) => booking.id)).not.toContain(mine.id);
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${mine.id}/cancel`, headers: bearer(tokens.dubois!) });
    expect(cancel.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/bookings', headers: bearer(tokens.tanaka!) })).json().bookings).toContainEqual(
      expect.objectContaining({ id: mine.id, status: 'booked' }),
    );
  });

  it('cancels free outside the window, and keeps the late fee inside it (settings by a manager, audit-logged)', async () => {
    const early = (await book(tokens.tanaka!, 'spa-cancel-0001', { treatmentId: 'massage-60', startsAt: at(7, 15), payment: 'room' })).json();
    const free = await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${early.id}/cancel`, headers: bearer(tokens.tanaka!) });
    expect(free.statusCode).toBe(200);
    expect(free.json()).toMatchObject({ status: 'cancelled', feeMinor: 0 });
    // The credit is a payment line, which every PMS takes (OPERA and Mews refuse a negative charge).
    expect((await spaLines('HV1006', early.id)).map(({ kind, amountMinor }) => ({ kind, amountMinor }))).toEqual([
      { kind: 'charge', amountMinor: 9500 },
      { kind: 'payment', amountMinor: 9500 },
    ]);
    expect(await spaBalance('HV1006', early.id)).toBe(0);
    expect(spa.bookingsFor(early.reference)[0]!.status).toBe('cancelled');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${early.id}/cancel`, headers: bearer(tokens.tanaka!) })).statusCode).toBe(409);

    const settings = { cancellationWindowHours: 720, lateCancelFeePercent: 40, noShowFeePercent: 100, roomChargeAllowed: true };
    expect((await staff('PUT', '/api/v1/admin/properties/harbour/spa-settings', tokens.spa!, settings)).statusCode).toBe(403);
    const saved = await staff('PUT', '/api/v1/admin/properties/harbour/spa-settings', tokens.admin!, settings);
    expect(saved.json()).toEqual(settings);
    expect((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'spa.settings_updated'`)).rows[0].n).toBe(1);

    const late = (await book(tokens.tanaka!, 'spa-cancel-0002', { treatmentId: 'massage-60', startsAt: at(7, 16), payment: 'room' })).json();
    expect(late.lateCancelFeeMinor).toBe(3800);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/stay/spa/bookings/${late.id}/cancel`, headers: bearer(tokens.tanaka!) });
    expect(cancelled.json()).toMatchObject({ status: 'late_cancelled', feeMinor: 3800 });
    expect(await spaBalance('HV1006', late.id)).toBe(3800);
    expect(spa.bookingsFor(late.reference)[0]!.status).toBe('late_cancelled');

    const noRoom = { ...settings, cancellationWindowHours: 24, roomChargeAllowed: false };
    await staff('PUT', '/api/v1/admin/properties/harbour/spa-settings', tokens.admin!, noRoom);
    const catalog = await t.app.inject({ method: 'GET', url: '/api/v1/stay/spa/treatments', headers: bearer(tokens.tanaka!) });
    expect(catalog.json()).toMatchObject({ enabled: true, roomCharge: false });
    const refused = await book(tokens.tanaka!, 'spa-cancel-0003', { treatmentId: 'massage-60', startsAt: at(7, 17), payment: 'room' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('body.payment');
    await staff('PUT', '/api/v1/admin/properties/harbour/spa-settings', tokens.admin!, { ...noRoom, roomChargeAllowed: true });
  });

  it("cancels the booking at the spa and tells the guest why when the room charge is refused", async () => {
    postCharge.mockRejectedValueOnce(new AppError('upstream_rejected', 'The PMS does not accept postings on this reservation.'));
    const response = await book(tokens.dubois!, 'spa-refused-0001', { treatmentId: 'facial-45', startsAt: at(8, 12), payment: 'room' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(/could not be charged to the room.*cancelled/);
    const row = (await db.query(`SELECT id, reference, status FROM spa_bookings WHERE request_key = 'spa-refused-0001'`)).rows[0];
    expect(row.status).toBe('failed');
    expect(spa.bookingsFor(row.reference)[0]!.status).toBe('cancelled');
  });

  it("gives the spa staff the day per therapist, with walk-ins from the spa's own system, and marks arrivals and no-shows", async () => {
    const date = day(9);
    const a = (await book(tokens.muller!, 'spa-day-0001', { treatmentId: 'massage-60', startsAt: at(9, 10), therapistId: 't-lena', payment: 'room' })).json();
    const deskBooked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/harbour/stays/${await stayId('HV1007')}/spa/bookings`,
      headers: { ...bearer(tokens.desk!), 'idempotency-key': 'spa-desk-0001' },
      payload: { treatmentId: 'facial-45', startsAt: at(9, 11), therapistId: 't-marco', payment: 'room' },
    });
    expect(deskBooked.statusCode).toBe(201);
    const b = deskBooked.json();
    const listed = await staff('GET', `/api/v1/staff/properties/harbour/stays/${await stayId('HV1007')}/spa/bookings`, tokens.desk!);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().bookings).toContainEqual(expect.objectContaining({ id: b.id, treatmentId: 'facial-45', startsAt: at(9, 11), status: 'booked', payment: 'room' }));
    expect((await staff('GET', `/api/v1/staff/properties/alpine/stays/${await stayId('HV1007')}/spa/bookings`, tokens.admin!)).statusCode).toBe(404);
    await spa.port.book({ reference: 'walk-in-1', treatmentId: 'facial-45', startsAt: at(9, 15), therapistId: 't-lena', guest: { firstName: 'Walk', lastName: 'In', email: null, phone: null }, notes: null });

    const schedule = await staff('GET', `/api/v1/staff/properties/harbour/spa/schedule?date=${date}`, tokens.spa!);
    expect(schedule.statusCode).toBe(200);
    const byTherapist = Object.fromEntries(schedule.json().therapists.map((group: { therapist: { id: string }; bookings: object[] }) => [group.therapist.id, group.bookings]));
    expect(byTherapist['t-lena']).toEqual([
      expect.objectContaining({ bookingId: a.id, status: 'booked', payment: 'room', stay: expect.objectContaining({ confirmationNumber: 'HV1001', room: '204' }) }),
      expect.objectContaining({ bookingId: null, guestName: 'Walk In', stay: null }),
    ]);
    expect(byTherapist['t-marco']).toEqual([expect.objectContaining({ bookingId: b.id, stay: expect.objectContaining({ confirmationNumber: 'HV1007' }) })]);

    const arrived = await staff('POST', `/api/v1/staff/properties/harbour/spa/bookings/${a.id}/arrived`, tokens.spa!);
    expect(arrived.json()).toMatchObject({ status: 'arrived' });
    expect(spa.bookingsFor(a.reference)[0]!.status).toBe('arrived');
    const noShow = await staff('POST', `/api/v1/staff/properties/harbour/spa/bookings/${b.id}/no-show`, tokens.spa!);
    expect(noShow.json()).toMatchObject({ status: 'no_show', feeMinor: 7000 });
    expect((await spaLines('HV1007', b.id)).map((line) => line.amountMinor)).toEqual([7000]);
    const audit = await db.query(`SELECT action, actor_type FROM audit_log WHERE subject_id = $1 AND actor_type = 'staff' ORDER BY id`, [b.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(['spa.booking_requested', 'spa.booked', 'spa.no_show']);
    const events = await db.query(`SELECT type FROM realtime_events WHERE subject_id = $1 ORDER BY id`, [b.id]);
    expect(events.rows.map((row) => row.type)).toEqual(expect.arrayContaining(['spa.booked', 'spa.no_show']));
  });

  it("keeps staff to their property's spa and roles", async () => {
    const booking = (await book(tokens.dubois!, 'spa-tenancy-0001', { treatmentId: 'facial-45', startsAt: at(10, 9), payment: 'room' })).json();
    expect((await staff('GET', `/api/v1/staff/properties/harbour/spa/schedule?date=${day(10)}`, tokens.spaAlpine!)).statusCode).toBe(403);
    expect((await staff('POST', `/api/v1/staff/properties/alpine/spa/bookings/${booking.id}/arrived`, tokens.spaAlpine!)).statusCode).toBe(404);
    expect((await staff('POST', `/api/v1/staff/properties/harbour/spa/bookings/${booking.id}/arrived`, tokens.housekeeping!)).statusCode).toBe(403);
    expect((await staff('POST', `/api/v1/staff/properties/harbour/spa/bookings/${booking.id}/arrived`, tokens.desk!)).statusCode).toBe(403);
    expect((await staff('GET', `/api/v1/staff/properties/harbour/spa/schedule?date=${day(10)}`, tokens.muller!)).statusCode).toBe(401);
    expect((await db.query(`SELECT status FROM spa_bookings WHERE id = $1`, [booking.id])).rows[0].status).toBe('booked');
  });
});
