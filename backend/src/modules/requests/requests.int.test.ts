import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';

const STAFF_REQUESTS = '/api/v1/staff/properties/harbour/requests';

describe('service requests', () => {
  let t: TestApp;
  let db: pg.Client;
  let anna: string;
  let lea: string;
  let housekeeping: string;
  let frontDesk: string;
  let admin: string;

  const create = (token: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: bearer(token), payload });
  const act = (token: string, requestId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `${STAFF_REQUESTS}/${requestId}`, headers: bearer(token), payload });
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await db.query(`SELECT count(*) FROM ${table} WHERE ${where}`, params)).rows[0].count);
  const notificationsFor = async (requestId: string) =>
    (
      await db.query<{ type: string; recipient: string; channel: string }>(
        `SELECT type, recipient, channel FROM notifications WHERE payload->>'requestId' = $1 ORDER BY type, recipient`,
        [requestId],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    [anna, lea, housekeeping, frontDesk, admin] = await Promise.all([
      guestToken(t.app, 'HV1001', 'Müller'),
      guestToken(t.app, 'HV1005', 'Dubois'),
      staffToken(t.app, 'housekeeping@harbour.local'),
      staffToken(t.app, 'frontdesk@harbour.local'),
      staffToken(t.app, 'admin@innkeeper.local'),
    ]);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it("lists the property's categories with department, SLA and items", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/stay/request-categories', headers: bearer(anna) });
    expect(response.statusCode).toBe(200);
    const { categories } = response.json();
    expect(categories.map((c: { code: string }) => c.code)).toEqual([
      'towels', 'amenities', 'cleaning', 'repair', 'late_checkout', 'wake_up_call', 'taxi', 'restaurant',
    ]);
    expect(categories[0]).toMatchObject({ department: 'housekeeping', slaMinutes: 20, items: expect.arrayContaining(['Bath towels']) });
  });

  it('creates a request due after the SLA, audit-logged, with an event and staff notifications in one go', async () => {
    const response = await create(anna, { category: 'towels', items: ['Bath towels', 'Bathrobe'], note: '  Two please  ' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ category: { code: 'towels' }, department: 'housekeeping', status: 'new', items: ['Bath towels', 'Bathrobe'], note: 'Two please' });
    expect(new Date(body.dueAt).getTime() - new Date(body.createdAt).getTime()).toBe(20 * 60_000);
    expect(body).not.toHaveProperty('assignee');

    expect(await count('audit_log', `action = 'request.created' AND subject_id = $1 AND actor_type = 'guest'`, [body.id])).toBe(1);
    expect(await count('realtime_events', `type = 'request.created' AND subject_id = $1 AND department = 'housekeeping' AND stay_id IS NOT NULL`, [body.id])).toBe(1);
    expect(await notificationsFor(body.id)).toEqual([{ type: 'request.created', recipient: 'housekeeping@harbour.local', channel: 'email' }]);
    expect(await count('graphile_worker.jobs', `key IN (SELECT 'notification:' || n.id FROM notifications n WHERE n.payload->>'requestId' = $1)`, [body.id])).toBe(1);
  });

  it.each([
    [{ category: 'jacuzzi' }, 'body.category'],
    [{ category: 'towels', note: '' }, 'body.note'],
    [{ category: 'towels', note: '   ' }, 'body.note'],
    [{ category: 'towels', note: 'x'.repeat(1001) }, 'body.note'],
    [{ category: 'towels', items: ['Caviar'] }, 'body.items'],
    [{ category: 'cleaning', items: ['Bath towels'] }, 'body.items'],
    [{ category: 'towels', preferredTime: 'tonight' }, 'body.preferredTime'],
    [{ category: 'towels', colour: 'blue' }, 'body.colour'],
    [{}, 'body.category'],
  ])('answers %j with 400 naming %s, writing nothing', async (payload, field) => {
    const before = await count('service_requests');
    const response = await create(anna, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await count('service_requests')).toBe(before);
  });

  it("keeps a guest to their own stay's requests", async () => {
    const own = (await create(lea, { category: 'taxi', note: 'Airport at 6' })).json();
    const annaList = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/requests', headers: bearer(anna) })).json().requests;
    expect(annaList.map((r: { id: string }) => r.id)).not.toContain(own.id);
    const leaList = (await t.app.inject({ method: 'GET', url: '/api/v1/stay/requests', headers: bearer(lea) })).json().requests;
    expect(leaList.map((r: { id: string }) => r.id)).toEqual([own.id]);

    const stolen = await t.app.inject({ method: 'POST', url: `/api/v1/stay/requests/${own.id}/cancel`, headers: bearer(anna) });
    expect(stolen.statusCode).toBe(404);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/stay/requests/${own.id}/cancel`, headers: bearer(lea) });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/stay/requests/${own.id}/cancel`, headers: bearer(lea) });
    expect(again.statusCode).toBe(409);
  });

  it('shows staff only the departments their role sees', async () => {
    const towels = (await create(anna, { category: 'towels' })).json();
    const repair = (await create(anna, { category: 'repair', items: ['Shower'] })).json();
    const ids = async (token: string, query = '') =>
      (await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}${query}`, headers: bearer(token) })).json().requests.map((r: { id: string }) => r.id);

    expect(await ids(housekeeping)).toContain(towels.id);
    expect(await ids(housekeeping)).not.toContain(repair.id);
    expect(await ids(admin)).toEqual(expect.arrayContaining([towels.id, repair.id]));
    expect(await ids(admin, '?department=maintenance')).not.toContain(towels.id);
    expect(await ids(admin, '?status=completed,cancelled')).not.toContain(towels.id);
    const forbidden = await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}?department=maintenance`, headers: bearer(housekeeping) });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}?status=lost`, headers: bearer(admin) })).statusCode).toBe(400);

    // A request outside the role's departments does not exist for it.
    expect((await act(housekeeping, repair.id, { action: 'acknowledge' })).statusCode).toBe(404);
    const alpine = await staffToken(t.app, 'frontdesk@alpine.local');
    expect((await t.app.inject({ method: 'GET', url: STAFF_REQUESTS, headers: bearer(alpine) })).statusCode).toBe(403);
  });

  it('follows the transition table, notifies the guest on acknowledge and complete, and refuses illegal moves with 409', async () => {
    const request = (await create(anna, { category: 'amenities', items: ['Pillows'] })).json();
    const helena = (await db.query(`SELECT id FROM staff_users WHERE email = 'housekeeping@harbour.local'`)).rows[0].id;
    const fernando = (await db.query(`SELECT id FROM staff_users WHERE email = 'frontdesk@harbour.local'`)).rows[0].id;

    const refused = await act(housekeeping, request.id, { action: 'assign', assigneeId: fernando });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('body.assigneeId');

    const assigned = await act(housekeeping, request.id, { action: 'assign', assigneeId: helena });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'acknowledged', assignee: { id: helena, name: 'Helena House' } });
    expect((await act(housekeeping, request.id, { action: 'acknowledge' })).statusCode).toBe(409);
    expect((await act(housekeeping, request.id, { action: 'start' })).json()).toMatchObject({ status: 'in_progress' });
    const done = await act(housekeeping, request.id, { action: 'complete' });
    expect(done.json()).toMatchObject({ status: 'completed' });
    expect(done.json().completedAt).not.toBeNull();

    const illegal = await act(housekeeping, request.id, { action: 'cancel', reason: 'too late' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error).toMatchObject({ code: 'conflict', details: { status: 'completed', action: 'cancel' } });

    // The demo guest has an email address and a mobile number: each update goes to both.
    const mobile = expect.stringMatching(/^\+3519\d{8}$/);
    expect(await notificationsFor(request.id)).toEqual([
      { type: 'request.acknowledged', recipient: mobile, channel: 'sms' },
      { type: 'request.acknowledged', recipient: 'hv1001@guests.example', channel: 'email' },
      { type: 'request.completed', recipient: mobile, channel: 'sms' },
      { type: 'request.completed', recipient: 'hv1001@guests.example', channel: 'email' },
      { type: 'request.created', recipient: 'housekeeping@harbour.local', channel: 'email' },
    ]);
    const actions = (await db.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [request.id])).rows.map((r) => r.action);
    expect(actions).toEqual(['request.created', 'request.assigned', 'request.started', 'request.completed']);
    const events = (await db.query(`SELECT type FROM realtime_events WHERE subject_id = $1 ORDER BY id`, [request.id])).rows.map((r) => r.type);
    expect(events).toEqual(['request.created', 'request.assigned', 'request.started', 'request.completed']);
  });

  it('validates staff actions', async () => {
    const request = (await create(anna, { category: 'towels' })).json();
    expect((await act(housekeeping, request.id, { action: 'teleport' })).statusCode).toBe(400);
    expect((await act(housekeeping, request.id, { action: 'cancel' })).json().error.details[0].field).toBe('body.reason');
    expect((await act(housekeeping, request.id, { action: 'assign' })).statusCode).toBe(400);
    expect((await act(housekeeping, '00000000-0000-4000-8000-000000000000', { action: 'start' })).statusCode).toBe(404);
    const cancelled = await act(housekeeping, request.id, { action: 'cancel', reason: 'Guest asked at the desk' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Guest asked at the desk' });
  });

  it('keeps internal notes away from guests', async () => {
    const request = (await create(anna, { category: 'cleaning' })).json();
    const note = await t.app.inject({
      method: 'POST',
      url: `${STAFF_REQUESTS}/${request.id}/notes`,
      headers: bearer(housekeeping),
      payload: { body: 'Guest was rude on the phone' },
    });
    expect(note.statusCode).toBe(201);
    const detail = (await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}/${request.id}`, headers: bearer(housekeeping) })).json();
    expect(detail.notes).toEqual([expect.objectContaining({ body: 'Guest was rude on the phone', author: expect.objectContaining({ name: 'Helena House' }) })]);
    const guestView = await t.app.inject({ method: 'GET', url: '/api/v1/stay/requests', headers: bearer(anna) });
    expect(guestView.body).not.toContain('rude');
    expect(await count('realtime_events', `type = 'request.note_added' AND subject_id = $1 AND stay_id IS NULL`, [request.id])).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: `${STAFF_REQUESTS}/${request.id}/notes`, headers: bearer(housekeeping), payload: { body: '' } })).statusCode).toBe(400);
  });

  it('lets staff create a request for a stay of their property', async () => {
    const stayId = (await db.query(`SELECT id FROM stays WHERE confirmation_number = 'HV1006'`)).rows[0].id;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/harbour/stays/${stayId}/requests`,
      headers: bearer(frontDesk),
      payload: { category: 'wake_up_call', preferredTime: '2030-01-01T06:30:00+01:00' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ createdByType: 'staff', department: 'front_desk', stay: { room: '112' } });
    expect(new Date(response.json().preferredTime).toISOString()).toBe('2030-01-01T05:30:00.000Z');
    const alpineStay = (await db.query(`SELECT id FROM stays WHERE confirmation_number = 'AL2002'`)).rows[0].id;
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/harbour/stays/${alpineStay}/requests`,
      headers: bearer(frontDesk),
      payload: { category: 'taxi' },
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it("shows the front office every department's requests of one stay, and other roles their own queues of it", async () => {
    const annaStay = (await db.query(`SELECT id FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0].id;
    const towels = (await create(anna, { category: 'towels' })).json();
    const taxi = (await create(anna, { category: 'taxi' })).json();
    const elsewhere = (await create(lea, { category: 'towels' })).json();
    const ids = async (token: string, query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}?${query}`, headers: bearer(token) });
      expect(response.statusCode, query).toBe(200);
      return response.json().requests.map((r: { id: string }) => r.id);
    };

    const atDesk = await ids(frontDesk, `stayId=${annaStay}`);
    expect(atDesk).toEqual(expect.arrayContaining([towels.id, taxi.id]));
    expect(atDesk).not.toContain(elsewhere.id);
    // Without a stay the desk's queue stays its own.
    expect(await ids(frontDesk, '')).not.toContain(towels.id);
    const ofHousekeeping = await ids(housekeeping, `stayId=${annaStay}`);
    expect(ofHousekeeping).toContain(towels.id);
    expect(ofHousekeeping).not.toContain(taxi.id);
    // Acting still needs the department.
    expect((await act(frontDesk, towels.id, { action: 'acknowledge' })).statusCode).toBe(404);
  });

  it("finds done and cancelled requests by the day they were made, in the property's time zone", async () => {
    const old = (await create(anna, { category: 'towels' })).json();
    await act(housekeeping, old.id, { action: 'complete' });
    // 23:30 UTC on 1 July is 00:30 on 2 July in Lisbon (summer time): a 2 July request there.
    await db.query(`UPDATE service_requests SET created_at = '2030-07-01T23:30:00Z' WHERE id = $1`, [old.id]);
    const ids = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}?${query}`, headers: bearer(housekeeping) })).json().requests.map((r: { id: string }) => r.id);

    expect(await ids('status=completed,cancelled&from=2030-07-02&to=2030-07-02')).toEqual([old.id]);
    expect(await ids('status=completed&to=2030-07-01')).not.toContain(old.id);
    expect(await ids('status=completed&from=2030-07-03')).not.toContain(old.id);
    expect(await ids('status=new&from=2030-07-02&to=2030-07-02')).toEqual([]);
    const backwards = await t.app.inject({ method: 'GET', url: `${STAFF_REQUESTS}?from=2030-03-02&to=2030-03-01`, headers: bearer(housekeeping) });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toContain('querystring.to');
  });

  it("lists the colleagues a request can be assigned to: names and roles only, of the department's queue", async () => {
    const staffOf = async (token: string, query = '') => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/staff${query}`, headers: bearer(token) });
      return { status: response.statusCode, body: response.json() };
    };
    const housekeepers = await staffOf(housekeeping, '?department=housekeeping');
    expect(housekeepers.status).toBe(200);
    // The admin (every queue) and housekeeping; not the front desk, nor alpine's staff.
    expect(housekeepers.body.staff.map((person: { name: string }) => person.name)).toEqual(['Ada Admin', 'Helena House']);
    expect(Object.keys(housekeepers.body.staff[0]).sort()).toEqual(['id', 'name', 'role']);
    expect((await staffOf(frontDesk)).body.staff.map((person: { name: string }) => person.name)).toEqual(['Ada Admin', 'Fernando Front']);
    expect((await staffOf(housekeeping, '?department=front_desk')).status).toBe(403);
    expect((await staffOf(admin, '?department=spa')).body.staff.map((person: { role: string }) => person.role)).toEqual(['admin', 'spa']);

    // Deactivated colleagues are not offered.
    await db.query(`UPDATE staff_users SET active = false WHERE email = 'housekeeping@harbour.local'`);
    try {
      expect((await staffOf(admin, '?department=housekeeping')).body.staff.map((person: { name: string }) => person.name)).toEqual(['Ada Admin']);
    } finally {
      await db.query(`UPDATE staff_users SET active = true WHERE email = 'housekeeping@harbour.local'`);
    }
  });

  it('gives staff the categories to create a request with', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/request-categories', headers: bearer(frontDesk) });
    expect(response.statusCode).toBe(200);
    expect(response.json().categories.map((c: { code: string }) => c.code)).toContain('towels');
  });

  describe("the hotel's labels per language", () => {
    const guestNames = async (token: string, language: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/stay/request-categories?language=${language}`, headers: bearer(token) });
      expect(response.statusCode).toBe(200);
      return Object.fromEntries(response.json().categories.map((c: { code: string; name: string }) => [c.code, c.name]));
    };

    it("names the categories in the guest's language, and staff by their base names", async () => {
      expect(await guestNames(anna, 'de')).toMatchObject({ towels: 'Handtücher', cleaning: 'Zimmerreinigung', late_checkout: 'Späterer Check-out' });
      expect(await guestNames(anna, 'pt')).toMatchObject({ towels: 'Toalhas' });
      const staff = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/request-categories', headers: bearer(frontDesk) });
      expect(staff.json().categories.find((c: { code: string }) => c.code === 'towels').name).toBe('Towels');
    });

    it("falls back to the property's default language, then to the base name; refuses a language it does not speak", async () => {
      await db.query(`UPDATE request_categories SET labels = labels - 'it' WHERE code = 'towels'`);
      await db.query(`UPDATE request_categories SET labels = labels - 'it' - 'fr' WHERE code = 'taxi'`);
      await db.query(`UPDATE property_settings SET default_language = 'fr' WHERE property_id = (SELECT id FROM properties WHERE code = 'harbour')`);
      try {
        expect(await guestNames(anna, 'it')).toMatchObject({ towels: 'Serviettes', taxi: 'Taxi', cleaning: 'Pulizia della camera' });
        const unspoken = await t.app.inject({ method: 'GET', url: '/api/v1/stay/request-categories?language=nl', headers: bearer(anna) });
        expect(unspoken.statusCode).toBe(400);
        expect(unspoken.json().error.details[0].field).toBe('querystring.language');
      } finally {
        await db.query(`UPDATE property_settings SET default_language = 'en' WHERE property_id = (SELECT id FROM properties WHERE code = 'harbour')`);
        await db.query(`UPDATE request_categories SET labels = labels || '{"it": "Asciugamani"}' WHERE code = 'towels'`);
        await db.query(`UPDATE request_categories SET labels = labels || '{"it": "Taxi", "fr": "Taxi"}' WHERE code = 'taxi'`);
      }
    });

    it("tells a German guest about their request under its German name, and staff under the base name", async () => {
      await db.query(`UPDATE guests SET language = 'de' WHERE email = 'hv1005@guests.example'`);
      try {
        const request = (await create(lea, { category: 'towels' })).json();
        expect((await act(housekeeping, request.id, { action: 'acknowledge' })).statusCode).toBe(200);
        const sent = await db.query<{ type: string; channel: string; language: string; category: string }>(
          `SELECT type, channel, language, payload->>'category' AS category FROM notifications WHERE payload->>'requestId' = $1 ORDER BY type, channel`,
          [request.id],
        );
        expect(sent.rows).toEqual([
          { type: 'request.acknowledged', channel: 'email', language: 'de', category: 'Handtücher' },
          { type: 'request.acknowledged', channel: 'sms', language: 'de', category: 'Handtücher' },
          { type: 'request.created', channel: 'email', language: 'en', category: 'Towels' },
        ]);
      } finally {
        await db.query(`UPDATE guests SET language = NULL WHERE email = 'hv1005@guests.example'`);
      }
    });
  });

  describe('when a write fails', () => {
    const snapshot = async () => ({
      requests: await count('service_requests'),
      notifications: await count('notifications'),
      audit: await count('audit_log', `action LIKE 'request.%'`),
      events: await count('realtime_events'),
      jobs: await count('graphile_worker.jobs'),
    });

    it.each([
      ['the request insert', 'service_requests'],
      ['the last step (the realtime event, after notifications were planned)', 'realtime_events'],
    ])('leaves nothing behind when %s fails', async (_step, table) => {
      await db.query(`CREATE OR REPLACE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
      await db.query(`CREATE TRIGGER test_fail BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fail()`);
      try {
        const before = await snapshot();
        const response = await create(anna, { category: 'towels', note: 'doomed' });
        expect(response.statusCode).toBe(500);
        expect(response.body).not.toContain('injected');
        expect(await snapshot()).toEqual(before);
      } finally {
        await db.query(`DROP TRIGGER test_fail ON ${table}`);
      }
    });
  });
});
