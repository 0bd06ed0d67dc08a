import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';

describe('stays backed by the PMS (the in-process mock PMS)', () => {
  let t: TestApp;
  let db: pg.Client;
  let frontDesk: string;
  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const stayId = async (confirmation: string) =>
    (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;

  it('keeps the looked-up reservation with its PMS id and a sync time', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName: 'Müller' } });
    expect(response.json().stay).toMatchObject({ stale: false, syncedAt: expect.any(String) });
    const row = (await db.query(`SELECT pms_reservation_id, synced_at FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0];
    expect(row.pms_reservation_id).toBe('MOCK-HV1001');
    expect(row.synced_at).not.toBeNull();
  });

  it('shows the guest their folio in minor units with a balance that adds up', async () => {
    const token = await guestToken(t.app, 'HV1001', 'muller');
    const folio = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/folio', headers: bearer(token) })).json();
    expect(folio.currency).toBe('EUR');
    expect(folio.lines.length).toBeGreaterThan(0);
    const sum = folio.lines.reduce(
      (total: number, line: { kind: string; amountMinor: number }) => total + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor),
      0,
    );
    expect(folio.balanceMinor).toBe(sum);
  });

  it('updates contact details in the PMS and in our record', async () => {
    const token = await guestToken(t.app, 'HV1003', 'Ferreira');
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/stay/guest',
      headers: bearer(token),
      payload: { email: 'sofia@example.org', phone: '+351911111111', address: { lines: ['Rua Nova 3'], city: 'Porto', countryCode: 'PT' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().guest).toMatchObject({ email: 'sofia@example.org', phone: '+351911111111' });
    const guest = (await db.query(`SELECT g.address FROM guests g JOIN stays s ON s.guest_id = g.id WHERE s.confirmation_number = 'HV1003'`)).rows[0];
    expect(guest.address.city).toBe('Porto');
  });

  it('names each invalid contact field and writes nothing', async () => {
    const token = await guestToken(t.app, 'HV1004', "O'Connor");
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/stay/guest',
      headers: bearer(token),
      payload: { email: 'not-an-email', phone: '0912 345', address: { lines: ['1', '2', '3', '4'], countryCode: 'Portugal' } },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.phone', 'body.address.lines', 'body.address.countryCode']));
    const email = (await db.query(`SELECT g.email FROM guests g JOIN stays s ON s.guest_id = g.id WHERE s.confirmation_number = 'HV1004'`)).rows[0].email;
    expect(email).toBe('hv1004@guests.example');
    const empty = await t.app.inject({ method: 'PATCH', url: '/api/v1/stay/guest', headers: bearer(token), payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('gives staff a stay with its folio', async () => {
    const id = await stayId('HV1007');
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${id}`, headers: bearer(frontDesk) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stay: { confirmationNumber: 'HV1007' }, folio: { currency: 'EUR' }, folioError: null });
    const alpineStay = await stayId('AL2002');
    const elsewhere = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${alpineStay}`, headers: bearer(frontDesk) });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('checks in through the PMS once, however often the button is pressed, and audits it once', async () => {
    const id = await stayId('HV1002');
    const checkIn = () =>
      t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/harbour/stays/${id}/check-in`, headers: bearer(frontDesk), payload: { room: '201' } });
    const first = await checkIn();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'checked_in', room: '201' });
    expect((await checkIn()).json()).toMatchObject({ status: 'checked_in', room: '201' });
    const audits = await db.query(`SELECT details FROM audit_log WHERE action = 'stay.checked_in' AND subject_id = $1`, [id]);
    expect(audits.rows).toEqual([{ details: { room: '201' } }]);
    const events = await db.query(`SELECT type, stay_id FROM realtime_events WHERE subject_id = $1`, [id]);
    expect(events.rows).toEqual([{ type: 'stay.checked_in', stay_id: id }]);
  });

  it('refuses a check-out with an open balance as the PMS does (422)', async () => {
    const id = await stayId('HV1006');
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/harbour/stays/${id}/check-out`, headers: bearer(frontDesk) });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('upstream_rejected');
    expect((await db.query(`SELECT status FROM stays WHERE id = $1`, [id])).rows[0].status).toBe('checked_in');
  });

  it('does not let housekeeping check guests in', async () => {
    const housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
    const id = await stayId('HV1003');
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/harbour/stays/${id}/check-in`, headers: bearer(housekeeping) });
    expect(response.statusCode).toBe(403);
  });
});

describe('when the PMS is down', () => {
  let t: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ PMS_SYNC_TTL_SECONDS: '0' });
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    // HV1001 becomes known through a lookup while the PMS works.
    await guestToken(t.app, 'HV1001', 'Müller');
    // Then the harbour PMS points at a port where nothing answers.
    const admin = await staffToken(t.app, 'admin@innkeeper.local');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/properties/harbour/integrations/pms',
      headers: bearer(admin),
      payload: {
        provider: 'opera',
        config: {
          gatewayUrl: 'http://127.0.0.1:1',
          clientId: 'x',
          clientSecret: 'y',
          appKey: '8c1f2a9e-3b7d-4c55-9a61-2f0e7d4b1a01',
          enterpriseId: 'INNKDEMO',
          hotelId: 'HARBOUR',
          timeoutMs: 500,
        },
      },
    });
    expect(saved.statusCode).toBe(200);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('still opens a stay we know, marked stale with its sync time', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName: 'muller' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().stay).toMatchObject({ confirmationNumber: 'HV1001', stale: true, syncedAt: expect.any(String) });
    const stay = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(response.json().token) });
    expect(stay.json()).toMatchObject({ stale: true });
  });

  it('answers a new lookup with 503 and Retry-After naming no vendor, counts it as a failure, and writes nothing else', async () => {
    // A booking we have never seen: only the PMS could tell us about it.
    await db.query(`DELETE FROM stays WHERE confirmation_number = 'HV1009'`);
    const before = (await db.query(`SELECT count(*)::int AS n FROM guest_sessions`)).rows[0].n;
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1009', lastName: 'Brown' } });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('integration_unavailable');
    expect(response.body.toLowerCase()).not.toMatch(/opera|oracle|ohip|127\.0\.0\.1/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM guest_sessions`)).rows[0].n).toBe(before);
    expect((await db.query(`SELECT bucket FROM auth_failures ORDER BY bucket`)).rows.map((row) => row.bucket)).toEqual([
      'lookup-confirmation:HV1009',
      'lookup-ip:127.0.0.1',
    ]);
    expect((await db.query(`SELECT count(*)::int AS n FROM stays WHERE confirmation_number = 'HV1009'`)).rows[0].n).toBe(0);
  });

  it('answers the folio with 503 and Retry-After', async () => {
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName: 'muller' } });
    const folio = await t.app.inject({ method: 'GET', url: '/api/v1/stay/folio', headers: bearer(lookup.json().token) });
    expect(folio.statusCode).toBe(503);
    expect(folio.headers['retry-after']).toBeDefined();
  });

  it('keeps counting guesses while the PMS is down: past the limit the answer is "link sent", never a token', async () => {
    const guess = (lastName: string, ip: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName }, remoteAddress: ip });
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await guess(`Guess${attempt}`, `192.0.2.${attempt}`)).statusCode);
    expect(statuses).toEqual([503, 503, 503, 503, 503]);
    // The right name now gets the same answer as any other: a token only comes through the emailed link.
    const right = await guess('Müller', '192.0.2.200');
    const wrong = await guess('Smith', '192.0.2.201');
    expect(right.statusCode).toBe(202);
    expect(right.body).toBe(wrong.body);
  });
});
