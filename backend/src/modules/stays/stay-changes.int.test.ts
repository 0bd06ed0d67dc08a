import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';

describe('the front desk moves a guest to another room and grants a late check-out; the mobile key follows', () => {
  let t: TestApp;
  let db: pg.Client;
  let frontDesk: string;
  let alpineDesk: string;
  let harbour: string;
  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    [frontDesk, alpineDesk] = await Promise.all([staffToken(t.app, 'frontdesk@harbour.local'), staffToken(t.app, 'frontdesk@alpine.local')]);
    harbour = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id;
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const stayId = async (confirmation: string) => (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const post = async (confirmation: string, action: 'room-move' | 'late-check-out', payload: object, token = frontDesk, property = 'harbour') =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/${property}/stays/${await stayId(confirmation)}/${action}`, headers: bearer(token), payload });
  /** What the worker does with the queued `sync_mobile_key` job. */
  const syncKey = async (confirmation: string) => t.ctx.services.keys.sync(harbour, await stayId(confirmation));
  const queuedSyncs = async (confirmation: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'sync_mobile_key' AND key = $1`, [`mobile-key:${await stayId(confirmation)}`])).rows[0].n as number;
  const guestKey = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/key', headers: bearer(token) })).json().key;
  const audit = async (confirmation: string, action: string) =>
    (await db.query(`SELECT actor_type, details FROM audit_log WHERE subject_id = $1 AND action = $2`, [await stayId(confirmation), action])).rows;
  /** The departure day at `time` in Lisbon, as the key's end. */
  const departureAt = async (confirmation: string, time: string) =>
    (
      await db.query(`SELECT ((departure_date::text || ' ' || $2)::timestamp AT TIME ZONE 'Europe/Lisbon') AS at FROM stays WHERE id = $1`, [
        await stayId(confirmation),
        time,
      ])
    ).rows[0].at.toISOString() as string;

  it("moves a checked-in guest through the PMS, audit-logged, and the guest's key shows the new room", async () => {
    const token = await guestToken(t.app, 'HV1001', 'Müller');
    await syncKey('HV1001');
    expect(await guestKey(token)).toMatchObject({ status: 'issued', room: '204' });

    const moved = await post('HV1001', 'room-move', { room: '202' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ confirmationNumber: 'HV1001', status: 'checked_in', room: '202' });
    const pms = await t.ctx.integrations.resolve('pms', harbour);
    const { pms_reservation_id } = (await db.query(`SELECT pms_reservation_id FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0];
    expect((await pms.getReservation(pms_reservation_id)).room).toBe('202');
    expect(await audit('HV1001', 'stay.room_moved')).toEqual([{ actor_type: 'staff', details: { from: '204', to: '202' } }]);

    // The move queued the key's sync in the same transaction; the worker then moves the key.
    expect(await queuedSyncs('HV1001')).toBe(1);
    await syncKey('HV1001');
    expect(await guestKey(token)).toMatchObject({ status: 'issued', room: '202' });
  });

  it('refuses a guest who is not checked in (409) and names `room` for a room that cannot be given (400)', async () => {
    expect((await post('HV1003', 'room-move', { room: '202' })).statusCode).toBe(409);
    for (const [room, reason] of [
      ['999', /not one of the free rooms/],
      // Léa Dubois is in 305; 118 is still being cleaned; Anna Müller is in 202 now.
      ['305', /not one of the free rooms/],
      ['118', /not ready/],
      ['202', /already/],
    ] as const) {
      const refused = await post('HV1001', 'room-move', { room });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details).toEqual([{ field: 'room', message: expect.stringMatching(reason) }]);
    }
    const missing = await post('HV1001', 'room-move', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toMatch(/room/);
  });

  it("keeps another property's staff out", async () => {
    expect((await post('HV1001', 'room-move', { room: '203' }, alpineDesk)).statusCode).toBe(403);
    expect((await post('HV1001', 'room-move', { room: '203' }, alpineDesk, 'alpine')).statusCode).toBe(404);
    expect((await post('HV1001', 'late-check-out', { time: '15:00' }, alpineDesk, 'alpine')).statusCode).toBe(404);
    expect((await db.query(`SELECT room, late_check_out FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0]).toEqual({ room: '202', late_check_out: null });
  });

  it('grants a late check-out that extends the key, only later than now and only while checked in; an extra night from the PMS ends it', async () => {
    const token = await guestToken(t.app, 'HV1007', 'Schmidt');
    await syncKey('HV1007');
    expect((await guestKey(token)).validUntil).toBe(await departureAt('HV1007', '11:00'));

    const granted = await post('HV1007', 'late-check-out', { time: '15:00' });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ lateCheckOut: '15:00' });
    expect(await audit('HV1007', 'stay.late_check_out')).toEqual([{ actor_type: 'staff', details: { departureDate: granted.json().departureDate, from: '11:00', to: '15:00' } }]);
    expect(await queuedSyncs('HV1007')).toBe(1);
    await syncKey('HV1007');
    expect(await guestKey(token)).toMatchObject({ status: 'issued', validUntil: await departureAt('HV1007', '15:00') });

    for (const time of ['14:00', '15:00']) {
      const earlier = await post('HV1007', 'late-check-out', { time });
      expect(earlier.statusCode).toBe(400);
      expect(earlier.json().error.details).toEqual([{ field: 'time', message: expect.stringMatching(/15:00/) }]);
    }
    const malformed = await post('HV1007', 'late-check-out', { time: '25:00' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].field).toMatch(/time/);
    expect((await post('HV1003', 'late-check-out', { time: '15:00' })).statusCode).toBe(409);

    // The PMS adds a night: the late check-out was for the old departure day, the key runs to the new one's check-out time.
    const stay = await t.ctx.services.stays.staffStay(harbour, await stayId('HV1007'));
    const reservation = await (await t.ctx.integrations.resolve('pms', harbour)).getReservation(stay.pmsReservationId);
    const nextDay = new Date(Date.parse(`${reservation.departureDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const extended = await t.ctx.repositories.stays.upsertFromPms(harbour, { ...reservation, departureDate: nextDay });
    expect(extended.lateCheckOut).toBeNull();
    await syncKey('HV1007');
    expect((await guestKey(token)).validUntil).toBe(await departureAt('HV1007', '11:00'));
  });
});
