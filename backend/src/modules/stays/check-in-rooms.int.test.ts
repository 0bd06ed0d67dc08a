import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMewsMock } from '../../../../mocks/mews/server.js';
import { useMewsPms } from '../../../test/mews-pms.js';
import { bearer, createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';

describe('rooms to choose at check-in', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: string;
  let frontDesk: string;
  const mews = createMewsMock();
  let mewsUrl: string;
  beforeAll(async () => {
    mewsUrl = await mews.start(0);
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    [admin, frontDesk] = await Promise.all([staffToken(t.app, 'admin@innkeeper.local'), staffToken(t.app, 'frontdesk@harbour.local')]);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
    await mews.stop();
  });

  const stayId = async (confirmation: string) => (await db.query(`SELECT id FROM stays WHERE confirmation_number = $1`, [confirmation])).rows[0].id as string;
  const rooms = async (confirmation: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${await stayId(confirmation)}/rooms`, headers: bearer(frontDesk) });
  const putRooms = (payload: unknown, token = admin) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/admin/properties/harbour/rooms', headers: bearer(token), payload: payload as object });

  it("offers the PMS's vacant rooms, ready ones first, where the PMS lists them", async () => {
    const response = await rooms('HV1003');
    expect(response.statusCode).toBe(200);
    const { source, rooms: list } = response.json();
    expect(source).toBe('pms');
    expect(list[0]).toEqual({ room: '101', roomType: null, ready: true });
    const numbers = list.map((room: { room: string }) => room.room);
    // 204 is Anna Müller's, 207 is out of order; 118 is still being cleaned, so it comes last.
    expect(numbers).not.toContain('204');
    expect(numbers).not.toContain('207');
    expect(list.at(-1)).toMatchObject({ ready: false });
    const alpine = await db.query(`SELECT id FROM stays WHERE confirmation_number = 'AL2001'`);
    const elsewhere = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/stays/${alpine.rows[0].id}/rooms`, headers: bearer(frontDesk) });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('keeps a room list for the admin, sorted and each number once, audit-logged; names a bad number', async () => {
    const saved = await putRooms({ rooms: ['12', '3', '101', '3'] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ rooms: ['3', '12', '101'] });
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/admin/properties/harbour/rooms', headers: bearer(admin) });
    expect(read.json()).toEqual({ rooms: ['3', '12', '101'] });
    const audit = await db.query(`SELECT details FROM audit_log WHERE action = 'property.rooms_updated'`);
    expect(audit.rows).toEqual([{ details: { rooms: 3 } }]);

    const bad = await putRooms({ rooms: ['101', '<b>'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ field: 'body.rooms.1', message: expect.stringMatching(/letters and digits/) }]);
    expect((await putRooms({ rooms: [] }, frontDesk)).statusCode).toBe(403);
  });

  it('keeps the room list when the hotel information is saved', async () => {
    const information = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/hotel-information', headers: bearer(admin) });
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/staff/properties/harbour/hotel-information', headers: bearer(admin), payload: information.json() });
    expect(saved.statusCode).toBe(200);
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/admin/properties/harbour/rooms', headers: bearer(admin) });
    expect(read.json()).toEqual({ rooms: ['3', '12', '101'] });
  });

  it("offers the admin's room list where the PMS cannot list rooms (Mews)", async () => {
    const switched = await useMewsPms(t.app, admin, mewsUrl);
    expect(switched.statusCode).toBe(200);
    await expect
      .poll(async () => (await rooms('HV1004')).json())
      .toEqual({ source: 'property', rooms: ['3', '12', '101'].map((room) => ({ room, roomType: null, ready: null })) });
  });
});
