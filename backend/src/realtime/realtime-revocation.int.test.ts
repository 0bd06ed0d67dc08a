import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseConnection, type SseEvent } from '../../test/sse-client.js';
import { bearer, createTestApp, DEMO_PASSWORD, guestToken, staffToken, streamTicket, type TestApp } from '../../test/test-app.js';
import { hashToken } from '../lib/tokens.js';
import { revokeRealtimeAccess } from './revoke-realtime-access.js';

/** The bound: a revoked identity's stream ends within a second. */
const REVOKED_STREAM_DEADLINE_MS = 1_000;

/** Resolves when the server ends the stream; fails if it is still open after `ms`. */
async function endsWithin(connection: SseConnection, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the stream was still open after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([connection.ended, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Two API processes on one database: every revocation goes through A, every stream is held by B,
 * so only the NOTIFY can tell B's streams to end.
 */
describe('revoking access ends realtime streams and tickets in every API process', () => {
  let a: TestApp;
  let b: TestApp;
  let baseB: string;
  let db: pg.Client;
  let admin: string;
  let anna: string;
  let harbourId: string;
  let alpineId: string;
  /** Another identity's stream (the admin's), open throughout: no revocation may end it. */
  let bystander: SseConnection;
  const open: SseConnection[] = [];

  const ticket = (token: string, propertyId?: string) => streamTicket(a.app, token, propertyId);
  const redeem = async (url: string) => {
    const connection = await openSse(`${baseB}${url}`);
    open.push(connection);
    return connection;
  };
  const staffUrl = (ticketValue: string, property = 'harbour') => `/api/v1/realtime/staff/${property}/events?ticket=${ticketValue}`;
  const guestUrl = (ticketValue: string) => `/api/v1/realtime/stay/events?ticket=${ticketValue}`;
  const staffStream = async (token: string) => {
    const connection = await redeem(staffUrl(await ticket(token, 'harbour')));
    expect(connection.status).toBe(200);
    return connection;
  };
  const guestStream = async (token: string) => {
    const connection = await redeem(guestUrl(await ticket(token)));
    expect(connection.status).toBe(200);
    return connection;
  };
  const about = (subjectId: string) => (event: SseEvent) => JSON.parse(event.data).subjectId === subjectId;
  /** A new request of the guest's stay reaches `stream`: it is open and still delivering. */
  const keepsDelivering = async (stream: SseConnection, guest = anna, category = 'towels') => {
    const response = await a.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: bearer(guest), payload: { category } });
    expect(response.statusCode).toBe(201);
    await stream.waitFor(about(response.json().id));
  };
  const refused = async (url: string) => {
    const connection = await redeem(url);
    expect(connection.status).toBe(401);
  };

  let staffCount = 0;
  /** A fresh staff user (created by the admin) and a signed-in session of theirs. */
  const newStaff = async (role: string, propertyIds = [harbourId]) => {
    staffCount += 1;
    const email = `revocation-${staffCount}@harbour.local`;
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/admin/staff-users',
      headers: bearer(admin),
      payload: { email, name: `Revocation ${staffCount}`, role, propertyIds, password: DEMO_PASSWORD },
    });
    expect(created.statusCode).toBe(201);
    return { id: created.json().id as string, email, token: await staffToken(a.app, email) };
  };
  const updateStaff = async (staffId: string, payload: Record<string, unknown>) => {
    const response = await a.app.inject({ method: 'PATCH', url: `/api/v1/admin/staff-users/${staffId}`, headers: bearer(admin), payload });
    expect(response.statusCode).toBe(200);
  };

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ INTEGRATIONS_ENCRYPTION_KEY: a.ctx.env.INTEGRATIONS_ENCRYPTION_KEY! }, { databaseUrl: a.databaseUrl });
    baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    db = new pg.Client({ connectionString: a.databaseUrl });
    await db.connect();
    const ids = await db.query(`SELECT code, id FROM properties WHERE code IN ('harbour', 'alpine')`);
    harbourId = ids.rows.find((row) => row.code === 'harbour').id;
    alpineId = ids.rows.find((row) => row.code === 'alpine').id;
    [admin, anna] = await Promise.all([staffToken(a.app, 'admin@innkeeper.local'), guestToken(a.app, 'HV1001', 'Müller')]);
    bystander = await staffStream(admin);
  });
  afterAll(async () => {
    for (const connection of open) connection.close();
    await db.end();
    await b.close();
    await a.close();
  });

  it('logout ends that session\'s streams and tickets, not those of the same user\'s other session', async () => {
    const { email, token } = await newStaff('housekeeping');
    const otherSession = await staffToken(a.app, email);
    const stream = await staffStream(token);
    const spare = await ticket(token, 'harbour');
    const otherStream = await staffStream(otherSession);

    expect((await a.app.inject({ method: 'POST', url: '/api/v1/auth/staff/logout', headers: bearer(token) })).statusCode).toBe(204);
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(staffUrl(spare));
    await keepsDelivering(otherStream);
    await keepsDelivering(bystander);
  });

  it('deactivation ends the user\'s streams and tickets', async () => {
    const { id, token } = await newStaff('housekeeping');
    const stream = await staffStream(token);
    const spare = await ticket(token, 'harbour');

    await updateStaff(id, { active: false });
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(staffUrl(spare));
    await keepsDelivering(bystander);
  });

  it('a role change ends the user\'s streams and tickets; a new ticket streams what the new role sees', async () => {
    const { id, token } = await newStaff('housekeeping');
    const stream = await staffStream(token);
    const spare = await ticket(token, 'harbour');

    await updateStaff(id, { role: 'maintenance' });
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(staffUrl(spare));
    const again = await staffStream(token);
    await keepsDelivering(again, anna, 'repair');
    await keepsDelivering(bystander);
  });

  it('a property change ends the user\'s streams and tickets', async () => {
    const { id, token } = await newStaff('housekeeping', [harbourId, alpineId]);
    const stream = await staffStream(token);
    const spare = await ticket(token, 'harbour');

    await updateStaff(id, { propertyIds: [alpineId] });
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(staffUrl(spare));
    const noLonger = await a.app.inject({ method: 'POST', url: '/api/v1/realtime/tickets?propertyId=harbour', headers: bearer(token) });
    expect(noLonger.statusCode).toBe(403);
    await keepsDelivering(bystander);
  });

  it("a cancellation reported by the PMS ends the stay's guest streams and tickets", async () => {
    // HV1013 is cancelled in the PMS; our copy still says reserved and counts as fresh, so it opens.
    await db.query(`UPDATE stays SET status = 'reserved', pms_reservation_id = 'MOCK-HV1013', synced_at = now() WHERE confirmation_number = 'HV1013'`);
    const ahmed = await guestToken(a.app, 'HV1013', 'Hassan');
    const stream = await guestStream(ahmed);
    const spare = await ticket(ahmed);
    const lea = await guestToken(a.app, 'HV1005', 'Dubois');
    const leaStream = await guestStream(lea);

    // The guest's next read refreshes the stale copy from the PMS, which reports the cancellation.
    await db.query(`UPDATE stays SET synced_at = now() - interval '1 day' WHERE confirmation_number = 'HV1013'`);
    expect((await a.app.inject({ method: 'GET', url: '/api/v1/stay', headers: bearer(ahmed) })).json().status).toBe('cancelled');
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(guestUrl(spare));
    await keepsDelivering(leaStream, lea);
    await keepsDelivering(bystander);
  });

  it('revoking one guest session ends its streams and tickets, not those of the same stay\'s other session', async () => {
    const [phone, laptop] = [await guestToken(a.app, 'HV1006', 'Tanaka'), await guestToken(a.app, 'HV1006', 'Tanaka')];
    const stream = await guestStream(phone);
    const spare = await ticket(phone);
    const laptopStream = await guestStream(laptop);

    const session = (await db.query(`SELECT id FROM guest_sessions WHERE token_hash = $1`, [hashToken(phone)])).rows[0].id as string;
    await a.ctx.database.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE guest_sessions SET revoked_at = now() WHERE id = ${session}`);
      await revokeRealtimeAccess(tx, { kind: 'guest_session', id: session });
    });
    await endsWithin(stream, REVOKED_STREAM_DEADLINE_MS);
    await refused(guestUrl(spare));
    await keepsDelivering(laptopStream, laptop);
  });

  it('a revocation whose NOTIFY was missed is found when the LISTEN connection comes back', async () => {
    const { token } = await newStaff('housekeeping');
    const stream = await staffStream(token);
    const spare = await ticket(token, 'harbour');
    // Revoked behind the app's back: no NOTIFY and no tickets voided, as when a ticket is issued
    // while the revocation commits and its NOTIFY is lost while B is not listening.
    await db.query(`UPDATE staff_sessions SET revoked_at = now() WHERE token_hash = $1`, [hashToken(token)]);
    await refused(staffUrl(spare));
    const killed = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    // The reconnect backs off up to a few hundred milliseconds first, hence the longer bound.
    await endsWithin(stream, 10_000);
    await bystander.waitFor((event) => event.event === 'resync', 10_000);
    await keepsDelivering(bystander);
  });
});
