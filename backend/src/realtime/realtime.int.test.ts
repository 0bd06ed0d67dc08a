import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseConnection, type SseEvent } from '../../test/sse-client.js';
import { bearer, createTestApp, guestToken, staffToken, streamTicket, type TestApp } from '../../test/test-app.js';
import { markOverdueRequests } from '../jobs/tasks/mark-overdue-requests.js';

describe('realtime over SSE', () => {
  let t: TestApp;
  let base: string;
  let db: pg.Client;
  let anna: string;
  let lea: string;
  let housekeeping: string;
  let admin: string;
  const open: SseConnection[] = [];

  const ticket = (token: string, propertyId?: string) => streamTicket(t.app, token, propertyId);
  const connect = async (url: string, headers: Record<string, string> = {}) => {
    const connection = await openSse(`${base}${url}`, headers);
    open.push(connection);
    return connection;
  };
  const staffStream = async (token: string, options: { lastEventId?: string; query?: string } = {}) =>
    connect(
      `/api/v1/realtime/staff/harbour/events?ticket=${await ticket(token, 'harbour')}${options.query ?? ''}`,
      options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
    );
  const guestStream = async (token: string) => connect(`/api/v1/realtime/stay/events?ticket=${await ticket(token)}`);
  const createRequest = async (token: string, category: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: bearer(token), payload: { category } });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const act = (requestId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/staff/properties/harbour/requests/${requestId}`, headers: bearer(admin), payload });
  const about = (subjectId: string, type?: string) => (event: SseEvent) =>
    JSON.parse(event.data).subjectId === subjectId && (type === undefined || event.event === type);

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    [anna, lea, housekeeping, admin] = await Promise.all([
      guestToken(t.app, 'HV1001', 'Müller'),
      guestToken(t.app, 'HV1005', 'Dubois'),
      staffToken(t.app, 'housekeeping@harbour.local'),
      staffToken(t.app, 'admin@innkeeper.local'),
    ]);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await db.end();
    await t.close();
  });

  describe('tickets', () => {
    it('are issued to staff for a property they work at, and to guests for their stay', async () => {
      expect(await ticket(housekeeping, 'harbour')).toMatch(/^rtk_/);
      expect(await ticket(anna)).toMatch(/^rtk_/);
      const stored = await db.query(`SELECT token_hash, extract(epoch FROM expires_at - created_at)::int AS ttl FROM realtime_tickets LIMIT 1`);
      expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0].ttl).toBeGreaterThanOrEqual(59);
      expect(stored.rows[0].ttl).toBeLessThanOrEqual(61);
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/realtime/tickets?propertyId=alpine', headers: bearer(housekeeping) });
      expect(other.statusCode).toBe(403);
      const noProperty = await t.app.inject({ method: 'POST', url: '/api/v1/realtime/tickets', headers: bearer(housekeeping) });
      expect(noProperty.statusCode).toBe(400);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/realtime/tickets' })).statusCode).toBe(401);
    });

    it('open one stream only, and not after expiry', async () => {
      const once = await ticket(housekeeping, 'harbour');
      const first = await connect(`/api/v1/realtime/staff/harbour/events?ticket=${once}`);
      expect(first.status).toBe(200);
      const second = await connect(`/api/v1/realtime/staff/harbour/events?ticket=${once}`);
      expect(second.status).toBe(401);
      expect(JSON.parse(second.body!).error.code).toBe('unauthorized');

      const stale = await ticket(housekeeping, 'harbour');
      await db.query(`UPDATE realtime_tickets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
      expect((await connect(`/api/v1/realtime/staff/harbour/events?ticket=${stale}`)).status).toBe(401);
    });

    it('only open the kind of stream they were issued for', async () => {
      expect((await connect(`/api/v1/realtime/stay/events?ticket=${await ticket(housekeeping, 'harbour')}`)).status).toBe(401);
      expect((await connect(`/api/v1/realtime/staff/harbour/events?ticket=${await ticket(anna)}`)).status).toBe(401);
      expect((await connect(`/api/v1/realtime/staff/alpine/events?ticket=${await ticket(admin, 'harbour')}`)).status).toBe(403);
    });
  });

  it("delivers a guest's request to staff of its department only, and nothing to other stays", async () => {
    const housekeepingStream = await staffStream(housekeeping);
    const adminStream = await staffStream(admin);
    const leaStream = await guestStream(lea);
    expect(housekeepingStream.status).toBe(200);

    const repair = await createRequest(anna, 'repair');
    const towels = await createRequest(anna, 'towels');

    const seen = await housekeepingStream.waitFor(about(towels));
    expect(seen.event).toBe('request.created');
    expect(JSON.parse(seen.data)).toEqual({ type: 'request.created', subjectId: towels, stayId: expect.any(String), department: 'housekeeping' });
    expect(Number(seen.id)).toBeGreaterThan(0);
    await adminStream.waitFor(about(repair));
    await adminStream.waitFor(about(towels));
    // The repair event was committed and fanned out first: had housekeeping been sent it, it would be here.
    expect(housekeepingStream.events.some(about(repair))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leaStream.events).toEqual([]);
  });

  it("gives the front desk a stay's stream with every department's requests of that stay only", async () => {
    const frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    const annaStayId = (await db.query(`SELECT id FROM stays WHERE confirmation_number = 'HV1001'`)).rows[0].id as string;
    const stayTicket = async (stayId: string, property = 'harbour') =>
      t.app.inject({ method: 'POST', url: `/api/v1/realtime/tickets?propertyId=${property}&stayId=${stayId}`, headers: bearer(frontDesk) });
    const granted = await stayTicket(annaStayId);
    expect(granted.statusCode).toBe(200);
    const stayStream = await connect(`/api/v1/realtime/staff/harbour/events?ticket=${granted.json().ticket}`);
    const queueStream = await staffStream(frontDesk);

    const otherStay = await createRequest(lea, 'towels');
    const towels = await createRequest(anna, 'towels');
    const seen = await stayStream.waitFor(about(towels));
    expect(JSON.parse(seen.data)).toMatchObject({ stayId: annaStayId, department: 'housekeeping' });
    // Lea's request was committed and fanned out first: had the stay's stream been sent it, it would be here.
    expect(stayStream.events.some(about(otherStay))).toBe(false);
    const later = await createRequest(anna, 'repair');
    await stayStream.waitFor(about(later));
    // The desk's queue stream keeps to the desk's own departments.
    expect(queueStream.events.some(about(towels))).toBe(false);

    expect((await stayTicket('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const alpineStay = (await db.query(`SELECT id FROM stays WHERE confirmation_number = 'AL2001'`)).rows[0].id as string;
    expect((await stayTicket(alpineStay)).statusCode).toBe(404);
    expect((await stayTicket('not-a-uuid')).statusCode).toBe(400);
  });

  it("delivers completion to the guest's stream, but not internal notes", async () => {
    const annaStream = await guestStream(anna);
    const requestId = await createRequest(anna, 'amenities');
    await annaStream.waitFor(about(requestId, 'request.created'));
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/properties/harbour/requests/${requestId}/notes`,
      headers: bearer(admin),
      payload: { body: 'internal' },
    });
    expect(note.statusCode).toBe(201);
    expect((await act(requestId, { action: 'complete' })).statusCode).toBe(200);
    const completed = await annaStream.waitFor(about(requestId, 'request.completed'));
    expect(JSON.parse(completed.data)).toMatchObject({ type: 'request.completed', subjectId: requestId });
    expect(annaStream.events.map((event) => event.event)).not.toContain('request.note_added');
  });

  it('replays what a reconnecting client missed, then goes live', async () => {
    const first = await staffStream(housekeeping);
    const seen = await first.waitFor(about(await createRequest(anna, 'towels')));
    first.close();
    const missed = [await createRequest(anna, 'towels'), await createRequest(anna, 'cleaning')];
    await createRequest(anna, 'repair');

    const again = await staffStream(housekeeping, { lastEventId: seen.id! });
    for (const id of missed) await again.waitFor(about(id));
    expect(again.events.map((event) => JSON.parse(event.data).subjectId)).toEqual(missed);
    const ids = again.events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const live = await createRequest(anna, 'amenities');
    await again.waitFor(about(live));

    // A new EventSource cannot send Last-Event-ID, so the query parameter does the same.
    const viaQuery = await staffStream(housekeeping, { query: `&lastEventId=${seen.id}` });
    await viaQuery.waitFor(about(live));
    expect(viaQuery.events.map((event) => JSON.parse(event.data).subjectId)).toEqual([...missed, live]);
  });

  it('sends resync to a client that comes back after its events were pruned', async () => {
    const first = await staffStream(admin);
    const seen = await first.waitFor(about(await createRequest(anna, 'taxi')));
    first.close();
    await createRequest(anna, 'taxi');
    await db.query(`UPDATE realtime_events SET created_at = now() - interval '2 days'`);
    const result = await markOverdueRequests({ db: t.ctx.database.db, clock: t.ctx.clock });
    expect(result.prunedEvents).toBeGreaterThan(0);

    const again = await staffStream(admin, { lastEventId: seen.id! });
    const resync = await again.waitFor((event) => event.event === 'resync');
    expect(again.events[0]).toBe(resync);
    expect(Number(resync.id)).toBeGreaterThan(Number(seen.id));
  });

  it('sends resync to every client after the LISTEN connection is re-established', async () => {
    const staff = await staffStream(housekeeping);
    const guest = await guestStream(anna);
    const killed = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await staff.waitFor((event) => event.event === 'resync', 10_000);
    await guest.waitFor((event) => event.event === 'resync', 10_000);
    // And events flow again on the new connection.
    const after = await createRequest(anna, 'towels');
    await staff.waitFor(about(after), 10_000);
  });

  it('ends open streams when the app closes', async () => {
    const staff = await staffStream(admin);
    const closing = t.app.close();
    await staff.ended;
    await closing;
  });
});
