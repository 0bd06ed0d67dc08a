import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';

describe('audit log', () => {
  let t: TestApp;
  let admin: string;
  let harbourId: string;
  let alpineId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t.app, 'admin@innkeeper.local');
    const ids = await t.ctx.database.pool.query<{ id: string; code: string }>(`SELECT id, code FROM properties`);
    harbourId = ids.rows.find((row) => row.code === 'harbour')!.id;
    alpineId = ids.rows.find((row) => row.code === 'alpine')!.id;
    const insert = `INSERT INTO audit_log (property_id, actor_type, actor_id, action, subject_type, subject_id, details, created_at)
                    VALUES ($1::uuid, $2, $3, $4, 'property', $1::text, $5, $6)`;
    const adminId = (await t.ctx.database.pool.query(`SELECT id FROM staff_users WHERE email = 'admin@innkeeper.local'`)).rows[0].id;
    const stayId = (await t.ctx.database.pool.query(`SELECT id FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0].id;
    // Lisbon is UTC+0 in winter: 2026-01-10 23:30Z is still the 10th there.
    await t.ctx.database.pool.query(insert, [harbourId, 'staff', adminId, 'integration.settings_saved', { kind: 'pms' }, '2026-01-10T23:30:00Z']);
    await t.ctx.database.pool.query(insert, [harbourId, 'guest', stayId, 'request.created', {}, '2026-01-11T08:00:00Z']);
    await t.ctx.database.pool.query(insert, [harbourId, 'system', null, 'integration.health_failed', {}, '2026-01-12T08:00:00Z']);
    await t.ctx.database.pool.query(insert, [alpineId, 'staff', adminId, 'integration.settings_saved', {}, '2026-01-11T08:00:00Z']);
  });
  afterAll(() => t.close());

  const list = (query: string, token = admin, property = 'harbour') =>
    t.app.inject({ method: 'GET', url: `/api/v1/admin/properties/${property}/audit-log${query}`, headers: bearer(token) });

  it("lists one property's entries, newest first, naming the staff member or the guest's stay", async () => {
    const response = await list('?from=2026-01-01&to=2026-01-31');
    expect(response.statusCode).toBe(200);
    const { entries, nextBefore } = response.json();
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['integration.health_failed', 'request.created', 'integration.settings_saved']);
    expect(entries[1].actor).toMatchObject({ type: 'guest', name: 'HV1001', email: null });
    expect(entries[2]).toMatchObject({ actor: { type: 'staff', email: 'admin@innkeeper.local' }, details: { kind: 'pms' }, at: '2026-01-10T23:30:00.000Z' });
    expect(nextBefore).toBeNull();
  });

  it('filters by actor, action prefix and days in the property time zone, and pages', async () => {
    const actions = async (query: string) => (await list(query)).json().entries.map((entry: { action: string }) => entry.action);
    expect(await actions('?from=2026-01-01&to=2026-01-31&actor=INNKEEPER.local')).toEqual(['integration.settings_saved']);
    expect(await actions('?from=2026-01-01&to=2026-01-31&actor=hv10')).toEqual(['request.created']);
    expect(await actions('?from=2026-01-01&to=2026-01-31&actorType=system')).toEqual(['integration.health_failed']);
    expect(await actions('?from=2026-01-01&to=2026-01-31&action=integration.')).toEqual(['integration.health_failed', 'integration.settings_saved']);
    expect(await actions('?from=2026-01-10&to=2026-01-10')).toEqual(['integration.settings_saved']);
    expect(await actions('?action=integration_')).toEqual([]);

    const first = (await list('?from=2026-01-01&to=2026-01-31&limit=2')).json();
    expect(first.entries).toHaveLength(2);
    const second = (await list(`?from=2026-01-01&to=2026-01-31&limit=2&before=${first.nextBefore}`)).json();
    expect(second.entries.map((entry: { action: string }) => entry.action)).toEqual(['integration.settings_saved']);
    expect(second.nextBefore).toBeNull();
  });

  it('names the field of a bad filter and keeps everyone but admins of the property out', async () => {
    const bad = await list('?from=2026-02-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('to');
    expect((await list('', await staffToken(t.app, 'frontdesk@harbour.local'))).statusCode).toBe(403);
  });
});
