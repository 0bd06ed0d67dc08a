import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';

const PASSWORD = 'correct-horse-battery';

describe('admin staff users API', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let harbour: string;
  let alpine: string;
  let db: pg.Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t.app, 'admin@innkeeper.local');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(admin) })).json();
    adminId = me.id;
    harbour = me.properties.find((property: { code: string }) => property.code === 'harbour').id;
    alpine = me.properties.find((property: { code: string }) => property.code === 'alpine').id;
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const create = (payload: object, token = admin) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/staff-users', headers: bearer(token), payload });
  const patch = (staffId: string, payload: object, token = admin) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff-users/${staffId}`, headers: bearer(token), payload });
  const login = (email: string, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: { email, password } });
  const stays = (token: string, property: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/${property}/stays`, headers: bearer(token) });

  it('lists users with role, properties and active, and never a password hash', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff-users', headers: bearer(admin) });
    expect(response.statusCode).toBe(200);
    const users = response.json();
    expect(users.map((user: { email: string }) => user.email)).toEqual(
      expect.arrayContaining(['admin@innkeeper.local', 'frontdesk@harbour.local', 'housekeeping@harbour.local', 'frontdesk@alpine.local']),
    );
    expect(users.find((user: { email: string }) => user.email === 'frontdesk@harbour.local')).toMatchObject({
      role: 'front_desk',
      active: true,
      properties: [{ id: harbour, code: 'harbour', name: 'Harbour View Hotel' }],
    });
    expect(response.body).not.toContain('argon2');
  });

  it('creates a user who can then sign in at their property only', async () => {
    const response = await create({ email: 'Nina@Harbour.local', name: 'Nina New', role: 'front_desk', propertyIds: [harbour], password: PASSWORD });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'nina@harbour.local', name: 'Nina New', role: 'front_desk', active: true, properties: [{ code: 'harbour' }] });
    expect(response.body).not.toContain(PASSWORD);

    const signedIn = await login('nina@harbour.local');
    expect(signedIn.statusCode).toBe(200);
    const token = signedIn.json().token;
    expect((await stays(token, 'harbour')).statusCode).toBe(200);
    expect((await stays(token, 'alpine')).statusCode).toBe(403);

    const hash = (await db.query(`SELECT password_hash FROM staff_users WHERE email = 'nina@harbour.local'`)).rows[0].password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 409 conflict for an email already in use, in any letter case', async () => {
    const response = await create({ email: 'FRONTDESK@harbour.local', name: 'Copy', role: 'front_desk', propertyIds: [harbour], password: PASSWORD });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('rejects bad input with a 400 naming each field, and writes nothing', async () => {
    const response = await create({ email: 'not-an-email', name: '', role: 'overlord', propertyIds: ['harbour'], password: 'short', colour: 'red' });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.email', 'body.name', 'body.role', 'body.propertyIds.0', 'body.password', 'body.colour']),
    );
    const noProperties = await create({ email: 'x@harbour.local', name: 'X', role: 'spa', propertyIds: [], password: PASSWORD });
    expect(noProperties.json().error.details.map((issue: { field: string }) => issue.field)).toEqual(['body.propertyIds']);
    const badId = await patch('not-a-uuid', { name: 'X' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toContain('params.staffId');
    expect((await db.query(`SELECT 1 FROM staff_users WHERE email = 'x@harbour.local'`)).rowCount).toBe(0);
  });

  it('keeps other roles out, and admins out of properties they cannot access', async () => {
    const frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff-users', headers: bearer(frontDesk) })).statusCode).toBe(403);
    const byFrontDesk = await create({ email: 'sneaky@harbour.local', name: 'S', role: 'admin', propertyIds: [harbour], password: PASSWORD }, frontDesk);
    expect(byFrontDesk.statusCode).toBe(403);

    // A harbour-only admin may not grant alpine, and does not see alpine-only users.
    const harbourAdmin = await create({ email: 'boss@harbour.local', name: 'Harbour Boss', role: 'admin', propertyIds: [harbour], password: PASSWORD });
    const bossToken = (await login('boss@harbour.local')).json().token;
    const grant = await create({ email: 'ski@alpine.local', name: 'Ski', role: 'spa', propertyIds: [alpine], password: PASSWORD }, bossToken);
    expect(grant.statusCode).toBe(403);
    expect(grant.json().error.code).toBe('forbidden');
    const seen = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff-users', headers: bearer(bossToken) })).json();
    expect(seen.map((user: { email: string }) => user.email)).not.toContain('frontdesk@alpine.local');
    const alpineDesk = (await db.query(`SELECT id FROM staff_users WHERE email = 'frontdesk@alpine.local'`)).rows[0].id;
    expect((await patch(alpineDesk, { active: false }, bossToken)).statusCode).toBe(404);

    expect(harbourAdmin.statusCode).toBe(201);
  });

  it('keeps accounts that also work at another property out of a single-property admin\'s reach', async () => {
    const both = (await create({ email: 'twohats@harbour.local', name: 'Two Hats', role: 'front_desk', propertyIds: [harbour, alpine], password: PASSWORD })).json();
    await create({ email: 'solo@harbour.local', name: 'Solo Boss', role: 'admin', propertyIds: [harbour], password: PASSWORD });
    const solo = (await login('solo@harbour.local')).json().token;

    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff-users', headers: bearer(solo) })).json();
    const emails = listed.map((user: { email: string }) => user.email);
    expect(emails).toEqual(expect.arrayContaining(['frontdesk@harbour.local', 'solo@harbour.local']));
    expect(emails).not.toContain('twohats@harbour.local');
    expect(emails).not.toContain('admin@innkeeper.local');

    // Every field of an update, on the two-property account and on the full admin: as if they did not exist.
    for (const target of [both.id, adminId]) {
      for (const change of [{ password: 'take-over-the-account' }, { role: 'admin' }, { active: false }, { name: 'Mine' }, { propertyIds: [harbour] }]) {
        const response = await patch(target, change, solo);
        expect(response.statusCode, JSON.stringify(change)).toBe(404);
        expect(response.json().error.code).toBe('not_found');
      }
    }
    expect((await login('twohats@harbour.local')).statusCode).toBe(200);
    expect((await login('twohats@harbour.local', 'take-over-the-account')).statusCode).toBe(401);
    const unchanged = (await db.query(`SELECT name, role, active FROM staff_users WHERE id = $1`, [both.id])).rows[0];
    expect(unchanged).toEqual({ name: 'Two Hats', role: 'front_desk', active: true });
    expect((await db.query(`SELECT count(*)::int AS n FROM staff_property_access WHERE staff_id = $1`, [both.id])).rows[0].n).toBe(2);

    // Granting a property the admin does not hold is refused, on create and on update.
    const harbourDesk = (await db.query(`SELECT id FROM staff_users WHERE email = 'frontdesk@harbour.local'`)).rows[0].id;
    expect((await patch(harbourDesk, { propertyIds: [harbour, alpine] }, solo)).statusCode).toBe(403);
    expect((await create({ email: 'x2@harbour.local', name: 'X', role: 'admin', propertyIds: [harbour, alpine], password: PASSWORD }, solo)).statusCode).toBe(403);
  });

  it('refuses to leave a property without an active admin, even when two admins demote each other at once', async () => {
    // The demo admin is harbour's and alpine's only admin: dropping alpine from their own account would orphan it.
    const orphan = await patch(adminId, { propertyIds: [harbour] });
    expect(orphan.statusCode).toBe(409);
    expect(orphan.json().error.message).toContain('last active admin of Alpine Lodge');

    const first = (await create({ email: 'ann@alpine.local', name: 'Ann', role: 'admin', propertyIds: [alpine], password: PASSWORD })).json();
    const second = (await create({ email: 'ben@alpine.local', name: 'Ben', role: 'admin', propertyIds: [alpine], password: PASSWORD })).json();
    await patch(adminId, { propertyIds: [harbour] }).then((response) => expect(response.statusCode).toBe(200));
    const ann = (await login('ann@alpine.local')).json().token;
    const ben = (await login('ben@alpine.local')).json().token;
    const outcomes = await Promise.all([patch(second.id, { role: 'manager' }, ann), patch(first.id, { active: false }, ben)]);
    // One wins; the other is refused: 409 when both passed sign-in first, 403 when the loser was already demoted.
    const [won, lost] = [...outcomes].sort((a, b) => a.statusCode - b.statusCode);
    expect(won!.statusCode).toBe(200);
    expect([403, 409]).toContain(lost!.statusCode);
    const admins = (
      await db.query(
        `SELECT count(*)::int AS n FROM staff_users u JOIN staff_property_access a ON a.staff_id = u.id
         WHERE a.property_id = $1 AND u.role = 'admin' AND u.active`,
        [alpine],
      )
    ).rows[0].n;
    expect(admins).toBe(1);
    // Put the demo admin back on alpine for the tests that follow.
    const survivor = outcomes[0]!.statusCode === 200 ? ann : ben;
    expect((await patch(adminId, { propertyIds: [harbour, alpine] }, survivor)).statusCode).toBe(404);
    await db.query(`INSERT INTO staff_property_access (staff_id, property_id) VALUES ($1, $2)`, [adminId, alpine]);
  });

  it('applies a role or property change on the next request', async () => {
    const created = (await create({ email: 'mover@harbour.local', name: 'Mover', role: 'housekeeping', propertyIds: [harbour], password: PASSWORD })).json();
    const token = (await login('mover@harbour.local')).json().token;
    expect((await stays(token, 'harbour')).statusCode).toBe(403);

    expect((await patch(created.id, { role: 'front_desk' })).statusCode).toBe(200);
    expect((await stays(token, 'harbour')).statusCode).toBe(200);

    const moved = await patch(created.id, { propertyIds: [alpine] });
    expect(moved.json().properties.map((property: { code: string }) => property.code)).toEqual(['alpine']);
    expect((await stays(token, 'harbour')).statusCode).toBe(403);
    expect((await stays(token, 'alpine')).statusCode).toBe(200);
  });

  it('deactivating ends the user\'s sessions at once and blocks sign-in; reactivating allows it again', async () => {
    const created = (await create({ email: 'leaver@harbour.local', name: 'Leaver', role: 'front_desk', propertyIds: [harbour], password: PASSWORD })).json();
    const token = (await login('leaver@harbour.local')).json().token;
    expect((await stays(token, 'harbour')).statusCode).toBe(200);

    const deactivated = await patch(created.id, { active: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await login('leaver@harbour.local')).statusCode).toBe(401);

    expect((await patch(created.id, { active: true })).json().active).toBe(true);
    // The old token stays dead; a fresh sign-in works.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await login('leaver@harbour.local')).statusCode).toBe(200);
  });

  it('refuses to let an admin deactivate or demote themselves', async () => {
    const deactivate = await patch(adminId, { active: false });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().error.code).toBe('conflict');
    expect((await patch(adminId, { role: 'manager' })).statusCode).toBe(409);
    expect((await patch(adminId, { role: 'admin', name: 'Still Me' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(admin) })).json().role).toBe('admin');
    expect((await patch(adminId, {})).statusCode).toBe(400);
  });

  it('changes a password: old one fails, new one works, open sessions end', async () => {
    const created = (await create({ email: 'forgetful@harbour.local', name: 'Forgetful', role: 'spa', propertyIds: [harbour], password: PASSWORD })).json();
    const token = (await login('forgetful@harbour.local')).json().token;
    const newPassword = 'a-brand-new-passphrase';
    const response = await patch(created.id, { password: newPassword });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(newPassword);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(token) })).statusCode).toBe(401);
    expect((await login('forgetful@harbour.local')).statusCode).toBe(401);
    expect((await login('forgetful@harbour.local', newPassword)).statusCode).toBe(200);
  });

  it('audit-logs every change without any password or hash', async () => {
    const rows = (await db.query(`SELECT action, actor_id, subject_id, details FROM audit_log WHERE subject_type = 'staff_user' ORDER BY id`)).rows;
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['staff_user.created', 'staff_user.updated']));
    expect(rows.find((row) => row.details.email === 'leaver@harbour.local')).toMatchObject({ action: 'staff_user.created', actor_id: adminId });
    expect(rows.some((row) => row.details.active === false)).toBe(true);
    expect(rows.some((row) => row.details.passwordChanged === true)).toBe(true);
    const all = JSON.stringify(rows);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('a-brand-new-passphrase');
    expect(all).not.toContain('argon2');
  });
});
