import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';

const lookup = (t: TestApp, payload: Record<string, string>, ip = '198.51.100.10') =>
  t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload, remoteAddress: ip });

describe('guest stay lookup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GUEST_LOOKUP_IP_FAILURES: '20', GUEST_LOOKUP_CONFIRMATION_FAILURES: '5' });
  });
  afterAll(() => t.close());

  it('opens HV1001 with an accent-free, lower-case last name', async () => {
    const response = await lookup(t, { confirmation: 'hv1001', lastName: 'muller' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.token).toMatch(/^gst_/);
    expect(body.stay).toMatchObject({
      confirmationNumber: 'HV1001',
      status: 'checked_in',
      room: '204',
      guest: { firstName: 'Anna', lastName: 'Müller' },
      property: { code: 'harbour', currency: 'EUR', timeZone: 'Europe/Lisbon' },
    });
    // The token lives until the end of the day after departure, in Lisbon time.
    const expires = new Date(body.expiresAt);
    const departure = new Date(`${body.stay.departureDate}T00:00:00Z`);
    const hoursAfterDeparture = (expires.getTime() - departure.getTime()) / 3_600_000;
    expect(hoursAfterDeparture).toBeGreaterThanOrEqual(46);
    expect(hoursAfterDeparture).toBeLessThanOrEqual(49);
  });

  it('answers the GET form with a property', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stays/lookup?confirmation=AL2001&lastName=ROSSI&property=alpine',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().stay).toMatchObject({ confirmationNumber: 'AL2001', property: { code: 'alpine' } });
  });

  it('does not find a stay at the wrong property', async () => {
    expect((await lookup(t, { confirmation: 'AL2001', lastName: 'Rossi', property: 'harbour' })).statusCode).toBe(404);
  });

  it('gives the same 404 for a wrong last name and an unknown confirmation number', async () => {
    const wrongName = await lookup(t, { confirmation: 'HV1002', lastName: 'Smith' }, '198.51.100.11');
    const unknown = await lookup(t, { confirmation: 'HV9999', lastName: 'Okafor' }, '198.51.100.11');
    expect(wrongName.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (body: { error: { requestId?: string } }) => ({ ...body.error, requestId: undefined });
    expect(strip(wrongName.json())).toEqual(strip(unknown.json()));
  });

  it('does not open a cancelled stay', async () => {
    expect((await lookup(t, { confirmation: 'HV1013', lastName: 'Hassan' })).statusCode).toBe(404);
  });

  it('lets ten guests on one hotel Wi-Fi address open their own stays', async () => {
    const guests: Array<[string, string]> = [
      ['HV1001', 'Müller'], ['HV1002', 'Okafor'], ['HV1003', 'Ferreira'], ['HV1004', "O'Connor"],
      ['HV1005', 'Dubois'], ['HV1006', 'Tanaka'], ['HV1007', 'Schmidt'], ['HV1008', 'Silva'],
      ['HV1009', 'Brown'], ['HV1010', 'Garcia'],
    ];
    for (const [confirmation, lastName] of guests) {
      expect((await lookup(t, { confirmation, lastName }, '10.0.0.1')).statusCode).toBe(200);
    }
  });
});

describe('guest token', () => {
  let t: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const myStay = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(token) });

  it("opens the token's own stay and nothing else", async () => {
    const anna = await guestToken(t.app, 'HV1001', 'Müller');
    const chidi = await guestToken(t.app, 'HV1002', 'Okafor');
    expect((await myStay(anna)).json().confirmationNumber).toBe('HV1001');
    expect((await myStay(chidi)).json().confirmationNumber).toBe('HV1002');
    const staffRoute = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/properties/harbour/stays',
      headers: bearer(anna),
    });
    expect(staffRoute.statusCode).toBe(401);
  });

  it('is refused when missing, forged, or sent in the URL', async () => {
    const token = await guestToken(t.app, 'HV1007', 'Schmidt');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stay' })).statusCode).toBe(401);
    expect((await myStay(`${token}x`)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/stay?token=${token}` })).statusCode).toBe(401);
  });

  it('stops working when it expires, is revoked, or the stay is cancelled', async () => {
    const expired = await guestToken(t.app, 'HV1003', 'Ferreira');
    const revoked = await guestToken(t.app, 'HV1004', "O'Connor");
    const cancelled = await guestToken(t.app, 'HV1008', 'Silva');
    await db.query(
      `UPDATE guest_sessions SET expires_at = now() - interval '1 minute'
       WHERE stay_id = (SELECT id FROM stays WHERE confirmation_number = 'HV1003')`,
    );
    await db.query(
      `UPDATE guest_sessions SET revoked_at = now()
       WHERE stay_id = (SELECT id FROM stays WHERE confirmation_number = 'HV1004')`,
    );
    await db.query(`UPDATE stays SET status = 'cancelled' WHERE confirmation_number = 'HV1008'`);
    for (const token of [expired, revoked, cancelled]) expect((await myStay(token)).statusCode).toBe(401);
  });

  it('keeps confirmation numbers, names and tokens out of the logs', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stays/lookup?confirmation=HV1005&lastName=Dubois',
    });
    const token = response.json().token as string;
    await myStay(token);
    const logs = t.logs.join('');
    expect(logs).toContain('/api/v1/stays/lookup');
    expect(logs).not.toMatch(/HV1005|Dubois/);
    expect(logs).not.toContain(token);
  });

  it('is not a staff token', async () => {
    const staff = await staffToken(t.app, 'frontdesk@harbour.local');
    expect((await myStay(staff)).statusCode).toBe(401);
  });
});

describe('guest contact details and language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const patch = async (token: string, payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/stay/guest', headers: bearer(token), payload });

  it('saves a phone, city and country without a street, and shows the address after a reload', async () => {
    const token = await guestToken(t.app, 'HV1003', 'Ferreira');
    const saved = await patch(token, { phone: '+41791234567', address: { lines: [''], city: ' Zürich ', postalCode: '', countryCode: 'ch' } });
    expect(saved.statusCode).toBe(200);
    const reloaded = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(token) });
    expect(reloaded.json().guest).toMatchObject({ phone: '+41791234567', address: { lines: [], city: 'Zürich', countryCode: 'CH' } });
  });

  it('keeps a full address', async () => {
    const token = await guestToken(t.app, 'HV1004', "O'Connor");
    const address = { lines: ['12 Main Street', 'Flat 3'], city: 'Dublin', postalCode: 'D02 X285', countryCode: 'IE' };
    expect((await patch(token, { email: 'james@example.com', address })).statusCode).toBe(200);
    const reloaded = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(token) });
    expect(reloaded.json().guest).toMatchObject({ email: 'james@example.com', address });
  });

  it('names each bad field with a sentence', async () => {
    const token = await guestToken(t.app, 'HV1004', "O'Connor");
    const response = await patch(token, { phone: '0912', address: { countryCode: 'Portugal' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.phone', message: 'Enter the phone number in international format: a plus, the country code and the number.' },
        { field: 'body.address.countryCode', message: 'Enter the country as its two-letter code, e.g. PT.' },
      ]),
    );
  });

  it("takes the guest's language from the PMS, and then as the guest chooses it", async () => {
    const token = await guestToken(t.app, 'HV1010', 'Garcia');
    const stay = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(token) });
    expect(stay.json().guest.language).toBe('es');
    const chosen = await t.app.inject({ method: 'PUT', url: '/api/v1/stay/guest/language', headers: bearer(token), payload: { language: 'it' } });
    expect(chosen.statusCode).toBe(200);
    // A later sync from the PMS keeps the guest's own choice.
    await guestToken(t.app, 'HV1010', 'Garcia');
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(token) });
    expect(after.json().guest.language).toBe('it');
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/v1/stay/guest/language', headers: bearer(token), payload: { language: 'tlh' } });
    expect(unknown.statusCode).toBe(400);
  });
});
