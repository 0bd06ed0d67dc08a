import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, DEMO_PASSWORD, staffToken, type TestApp } from '../../../test/test-app.js';

const login = (t: TestApp, email: string, password: string, ip = '198.51.100.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: { email, password }, remoteAddress: ip });

describe('staff login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ STAFF_LOGIN_ACCOUNT_FAILURES: '3', STAFF_LOGIN_IP_FAILURES: '6' });
  });
  afterAll(() => t.close());

  it('signs in with the demo password and answers token, expiry and staff', async () => {
    const response = await login(t, 'Admin@Innkeeper.local', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.token).toMatch(/^stf_/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(body.staff).toMatchObject({ email: 'admin@innkeeper.local', role: 'admin' });
    expect(body.staff.propertyIds).toHaveLength(2);
    expect(JSON.stringify(body)).not.toContain('argon2');
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await login(t, 'nobody@innkeeper.local', DEMO_PASSWORD, '198.51.100.2');
    const wrong = await login(t, 'frontdesk@alpine.local', 'not-the-password', '198.51.100.2');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: { error: { requestId?: string } }) => ({ ...body.error, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('slows guessing at an account without keeping its user out of their usual desk, and audits each failure', async () => {
    const email = 'housekeeping@harbour.local';
    const desk = '198.51.100.77';
    expect((await login(t, email, DEMO_PASSWORD, desk)).statusCode).toBe(200);

    // The attacker's address A: three wrong passwords reach the account's limit (3 here).
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await login(t, email, `guess-${attempt}`, '203.0.113.1')).statusCode).toBe(401);
    }
    // Guesses from more addresses make the wait long: 3 + 5 failures in the window = 2^5 s.
    await t.ctx.database.pool.query(
      `INSERT INTO auth_failures (bucket) SELECT 'login-account:' || $1 FROM generate_series(1, 5)`,
      [email],
    );
    const slowed = await login(t, email, DEMO_PASSWORD, '203.0.113.2');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().error.code).toBe('rate_limited');
    const retryAfter = Number(slowed.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(1);
    expect(retryAfter).toBeLessThanOrEqual(32);

    // The real user at the desk they signed in from before is not slowed at all.
    expect((await login(t, email, DEMO_PASSWORD, desk)).statusCode).toBe(200);

    const { rows } = await t.ctx.database.pool.query(
      `SELECT actor_type, subject_type, details FROM audit_log WHERE action = 'staff.login_failed' AND details->>'email' = $1 ORDER BY id`,
      [email],
    );
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ actor_type: 'system', subject_type: 'staff', details: { email, ip: '203.0.113.1' } });
    expect(JSON.stringify(rows)).not.toContain('guess-');
  });

  it('limits failed logins per IP across accounts', async () => {
    const ip = '192.0.2.50';
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await login(t, `user${attempt}@nowhere.local`, 'wrong', ip)).statusCode).toBe(401);
    }
    expect((await login(t, 'admin@innkeeper.local', DEMO_PASSWORD, ip)).statusCode).toBe(429);
    expect((await login(t, 'admin@innkeeper.local', DEMO_PASSWORD, '192.0.2.51')).statusCode).toBe(200);
  });

  it('rejects a login body with missing or unknown fields, naming them', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/login',
      payload: { email: 'not-an-email', role: 'admin' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('body.email');
    expect(response.json().error.message).toContain('body.password');
    expect(response.json().error.message).toContain('body.role');
  });

  it('revokes the token on logout', async () => {
    const token = await staffToken(t.app, 'frontdesk@harbour.local');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: 'frontdesk@harbour.local',
      role: 'front_desk',
      properties: [{ code: 'harbour', name: 'Harbour View Hotel', id: expect.any(String) }],
      departments: ['front_desk', 'concierge'],
    });
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/logout', headers: bearer(token) });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
  });

  it('accepts exactly `Bearer <token>`: any letter case of the scheme, one space, nothing after', async () => {
    const token = await staffToken(t.app, 'frontdesk@harbour.local');
    const me = (authorization: string) => t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: { authorization } });
    for (const accepted of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`]) {
      expect((await me(accepted)).statusCode, accepted).toBe(200);
    }
    for (const refused of [`Bearer ${token} extra`, `Bearer  ${token}`, `Bearer ${token} `, `Bearer\t${token}`, `Basic ${token}`, token, `Bearer ${token},x`]) {
      const response = await me(refused);
      expect(response.statusCode, refused).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
  });

  it('keeps passwords and tokens out of the logs', async () => {
    const response = await login(t, 'frontdesk@alpine.local', DEMO_PASSWORD, '198.51.100.77');
    const token = response.json().token as string;
    await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) });
    const logs = t.logs.join('');
    expect(logs).toContain('/api/v1/staff/me');
    expect(logs).not.toContain(DEMO_PASSWORD);
    expect(logs).not.toContain(token);
  });
});

describe('staff role and property scope', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    for (const email of ['admin@innkeeper.local', 'frontdesk@harbour.local', 'housekeeping@harbour.local']) {
      tokens[email] = await staffToken(t.app, email);
    }
  });
  afterAll(() => t.close());

  const list = (email: string, property: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/properties/${property}/stays`,
      headers: bearer(tokens[email]!),
    });

  it('lets the harbour front desk list harbour stays but not alpine ones', async () => {
    expect((await list('frontdesk@harbour.local', 'harbour')).statusCode).toBe(200);
    const alpine = await list('frontdesk@harbour.local', 'alpine');
    expect(alpine.statusCode).toBe(403);
    expect(alpine.json().error.code).toBe('forbidden');
  });

  it('accepts a property id as well as its code', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(tokens['admin@innkeeper.local']!) });
    for (const id of me.json().propertyIds as string[]) {
      expect((await list('admin@innkeeper.local', id)).statusCode).toBe(200);
    }
  });

  it('refuses a role that the route does not allow', async () => {
    expect((await list('housekeeping@harbour.local', 'harbour')).statusCode).toBe(403);
  });

  it('refuses requests without a valid staff token', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/stays' });
    expect(none.statusCode).toBe(401);
    const bogus = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/properties/harbour/stays',
      headers: bearer('stf_forged'),
    });
    expect(bogus.statusCode).toBe(401);
  });

  it('lists arrivals, in-house guests and departures for a day', async () => {
    const headers = bearer(tokens['frontdesk@harbour.local']!);
    const get = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays?${query}`, headers })).json();
    const arrivals = await get('status=arrivals');
    const arriving = arrivals.stays.map((stay: { confirmationNumber: string }) => stay.confirmationNumber);
    expect(arriving).toEqual(expect.arrayContaining(['HV1002', 'HV1003', 'HV1004']));
    expect(arriving).not.toContain('HV1013');
    const inHouse = (await get('status=in_house')).stays.map((stay: { confirmationNumber: string }) => stay.confirmationNumber);
    expect(inHouse).toEqual(expect.arrayContaining(['HV1001', 'HV1005', 'HV1006', 'HV1007']));
    expect(inHouse).not.toContain('HV1002');
    const departures = (await get('status=departures')).stays.map((stay: { confirmationNumber: string }) => stay.confirmationNumber);
    expect(departures).toEqual(['HV1005']);
    expect(arrivals.counts).toEqual({ arrivals: 3, in_house: 4, departures: 1 });
    const tomorrow = new Date(`${arrivals.date}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    const next = await get(`status=arrivals&date=${tomorrow.toISOString().slice(0, 10)}`);
    expect(next.stays.map((stay: { confirmationNumber: string }) => stay.confirmationNumber)).toEqual(['HV1008']);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/stays?date=tomorrow', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('querystring.date');
  });

  it('finds stays of any date by guest name, confirmation number or room', async () => {
    const headers = bearer(tokens['frontdesk@harbour.local']!);
    const search = async (q: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays?q=${encodeURIComponent(q)}`, headers });
      expect(response.statusCode, q).toBe(200);
      return response.json().stays.map((stay: { confirmationNumber: string }) => stay.confirmationNumber);
    };
    // Accents, case, apostrophes and the first name do not matter, as in a guest lookup.
    expect(await search('muller')).toEqual(['HV1001']);
    expect(await search('Anna Müller')).toEqual(['HV1001']);
    expect(await search('oconnor')).toEqual(['HV1004']);
    expect(await search('zoe')).toEqual(['HV1012']);
    expect(await search('hv1015')).toEqual(['HV1015']);
    expect(await search('305')).toEqual(['HV1005']);
    // Another property's guests are not found; LIKE wildcards are plain characters.
    expect(await search('Rossi')).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    // Nearest to the day first: today's arrivals, ..., the stay ten days ahead last.
    const all = await search('HV10');
    expect(all).toHaveLength(15);
    expect(all.slice(0, 4).sort()).toEqual(['HV1002', 'HV1003', 'HV1004', 'HV1013']);
    expect(all.at(-1)).toBe('HV1015');
    const blank = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/stays?q=%20', headers });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain('querystring.q');
  });
});
