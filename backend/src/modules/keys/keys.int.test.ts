import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import { mockKeysByProperty } from '../../integrations/keys/mock/mock.provider.js';

describe('mobile keys follow the stay (in-process keys mock, demo PMS)', () => {
  let t: TestApp;
  let db: pg.Client;
  let frontDesk: string;
  let harbour: string;
  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    // createTestApp gives every hotel the in-process keys mock.
    harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const stayOf = async (confirmation: string) => (await db.query(`SELECT id, pms_reservation_id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0] as { id: string; pms_reservation_id: string };
  const mock = () => mockKeysByProperty.get(harbour)!;
  const sync = (stayId: string) => t.ctx.services.keys.sync(harbour, stayId);
  const syncJobs = async (stayId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'sync_mobile_key' AND key = $1`, [`mobile-key:${stayId}`])).rows[0].n as number;
  const keyRows = async (stayId: string) =>
    (await db.query(`SELECT status, room, valid_until, last_error, revoke_reason FROM mobile_keys WHERE stay_id = $1 ORDER BY generation`, [stayId])).rows;
  const staffKeys = async (stayId: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/${harbour}/stays/${stayId}/key`, headers: bearer(frontDesk) })).json();
  const guestKey = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/key', headers: bearer(token) })).json();
  /** The PMS's reservation (a seeded stay is first matched in the PMS, as the desk does). */
  const reservation = async (confirmation: string) => {
    const stay = await t.ctx.services.stays.staffStay(harbour, (await stayOf(confirmation)).id);
    return (await t.ctx.integrations.resolve('pms', harbour)).getReservation(stay.pmsReservationId);
  };
  const fromPms = async (confirmation: string, change: Record<string, unknown>) =>
    t.ctx.repositories.stays.upsertFromPms(harbour, { ...(await reservation(confirmation)), ...change });

  it('issues no key before check-in, then exactly one at check-in, however many desks and workers try at once', async () => {
    const token = await guestToken(t.app, 'HV1002', 'Okafor');
    const stay = await stayOf('HV1002');
    await sync(stay.id);
    expect(await guestKey(token)).toEqual({ enabled: true, canShare: false, key: null });

    const checkIn = () => t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${harbour}/stays/${stay.id}/check-in`, headers: bearer(frontDesk), payload: { room: '301' } });
    const answers = await Promise.all([checkIn(), checkIn()]);
    expect(answers.map((answer) => answer.statusCode)).toContain(200);
    // The check-in transaction queued the job; repeats fold into one.
    expect(await syncJobs(stay.id)).toBe(1);
    await Promise.all([sync(stay.id), sync(stay.id)]);
    expect(mock().keysOf(stay.pms_reservation_id)).toHaveLength(1);

    const seen = await guestKey(token);
    expect(seen).toMatchObject({ enabled: true, canShare: true, key: { status: 'issued', room: '301', invitationUrl: expect.stringMatching(/^https:/) } });
    // Valid until the departure day at the hotel's check-out time (11:00 in Lisbon).
    const departure = (await db.query(`SELECT departure_date::text AS d FROM stays WHERE id = $1`, [stay.id])).rows[0].d;
    expect(seen.key.validUntil).toBe(new Date(`${departure}T11:00:00Z`).toISOString());
    const audit = (await db.query(`SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'key.%'`, [stay.id])).rows.map((row) => row.action);
    expect(audit).toEqual(['key.issued']);
  });

  it('a worker that lost the vendor answer finds the same key on retry, and staff saw it pending meanwhile', async () => {
    await fromPms('HV1004', { status: 'checked_in', room: '305' });
    const stay = await stayOf('HV1004');
    mock().loseNextIssue();
    await expect(sync(stay.id)).rejects.toMatchObject({ code: 'integration_timeout' });
    const meanwhile = await staffKeys(stay.id);
    expect(meanwhile.keys[0]).toMatchObject({ status: 'issuing', lastError: expect.stringContaining('lock server'), failedAttempts: 1 });
    const attention = (await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/${harbour}/keys/attention`, headers: bearer(frontDesk) })).json();
    expect(attention.keys.map((entry: { stay: { id: string } }) => entry.stay.id)).toContain(stay.id);
    await sync(stay.id);
    expect(mock().keysOf(stay.pms_reservation_id)).toHaveLength(1);
    // The vendor took it but its lock server never confirmed: pending, and asked again later.
    expect(await keyRows(stay.id)).toMatchObject([{ status: 'pending', last_error: null }]);
    expect(await syncJobs(stay.id)).toBe(1);
  });

  it('moves the key with the room and extends it with the stay, whether the change comes from the desk or the PMS', async () => {
    const stay = await stayOf('HV1002');
    await fromPms('HV1002', { room: '302' });
    expect(await syncJobs(stay.id)).toBe(1);
    await sync(stay.id);
    const before = (await keyRows(stay.id))[0].valid_until as Date;
    const later = await reservation('HV1002');
    const nextDay = new Date(Date.parse(`${later.departureDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // The demo PMS does not keep our room change: say it again, as a PMS would.
    await fromPms('HV1002', { room: '302', departureDate: nextDay });
    await sync(stay.id);
    const [row] = await keyRows(stay.id);
    expect(row).toMatchObject({ status: 'issued', room: '302' });
    expect((row.valid_until as Date).getTime() - before.getTime()).toBe(86_400_000);
    expect(mock().keysOf(stay.pms_reservation_id)).toMatchObject([{ room: '302', validUntil: (row.valid_until as Date).toISOString() }]);
  });

  it('revokes the key at check-out exactly once through lock-server timeouts, with an alert and staff seeing it pending', async () => {
    const token = await guestToken(t.app, 'HV1002', 'Okafor');
    const stay = await stayOf('HV1002');
    mock().failNext(2);
    await fromPms('HV1002', { status: 'checked_out' });
    await expect(sync(stay.id)).rejects.toMatchObject({ code: 'integration_timeout' });
    await expect(sync(stay.id)).rejects.toMatchObject({ code: 'integration_timeout' });
    expect((await staffKeys(stay.id)).keys[0]).toMatchObject({ status: 'revoking', revokeReason: 'checkout', failedAttempts: 2 });
    await sync(stay.id);
    expect(mock().keysOf(stay.pms_reservation_id)).toMatchObject([{ status: 'revoked' }]);
    expect(await keyRows(stay.id)).toMatchObject([{ status: 'revoked', last_error: null }]);
    const alerts = (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action = 'key.revoke_unconfirmed'`, [stay.id])).rows[0].n;
    expect(alerts).toBe(1);
    expect((await guestKey(token)).key).toMatchObject({ status: 'revoked', invitationUrl: null });
    // Nothing more to do: a new sync issues nothing.
    expect(await sync(stay.id)).toBe('in step');
  });

  it('lets staff revoke a key (it stays revoked) and reissue one; every action audit-logged', async () => {
    const stay = await stayOf('HV1001');
    await sync(stay.id);
    const revoke = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${harbour}/stays/${stay.id}/key/revoke`, headers: bearer(frontDesk) });
    expect(revoke.statusCode).toBe(200);
    await sync(stay.id);
    await sync(stay.id);
    expect((await keyRows(stay.id)).map((row) => row.status)).toEqual(['revoked']);
    const reissue = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${harbour}/stays/${stay.id}/key/reissue`, headers: bearer(frontDesk) });
    expect(reissue.statusCode).toBe(200);
    await sync(stay.id);
    expect((await keyRows(stay.id)).map((row) => row.status)).toEqual(['revoked', 'issued']);
    const actions = (await db.query(`SELECT action, actor_type FROM audit_log WHERE subject_id = $1 AND action LIKE 'key.%' ORDER BY id`, [stay.id])).rows;
    expect(actions).toEqual([
      { action: 'key.issued', actor_type: 'system' },
      { action: 'key.revoke_requested', actor_type: 'staff' },
      { action: 'key.revoked', actor_type: 'system' },
      { action: 'key.reissue_requested', actor_type: 'staff' },
      { action: 'key.issued', actor_type: 'system' },
    ]);
  });

  it('refuses a reissue for a stay that is not checked in, and a guest sees and shares only their own key', async () => {
    const arriving = await stayOf('HV1003');
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${harbour}/stays/${arriving.id}/key/reissue`, headers: bearer(frontDesk) });
    expect(refused.statusCode).toBe(409);
    const other = await guestToken(t.app, 'HV1003', 'Ferreira');
    expect((await guestKey(other)).key).toBeNull();
    const share = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/stay/key/share', headers: bearer(token), payload: { firstName: 'Jonas', lastName: 'Müller', phone: '+351912345679' } });
    expect((await share(other)).statusCode).toBe(409);
    const anna = await guestToken(t.app, 'HV1001', 'Müller');
    const shared = await share(anna);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().key).toMatchObject({ status: 'issued', sharedWith: 1 });
  });
});
