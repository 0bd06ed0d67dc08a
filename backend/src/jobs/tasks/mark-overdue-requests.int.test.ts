import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, guestToken, type TestApp } from '../../../test/test-app.js';
import { addHarbourManager } from '../../../test/notifications.js';
import { markOverdueRequests } from './mark-overdue-requests.js';

describe('markOverdueRequests', () => {
  let t: TestApp;
  let db: pg.Client;
  let anna: string;
  const later = (minutes: number) => ({ now: () => new Date(Date.now() + minutes * 60_000) });
  const create = async (category: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: { authorization: `Bearer ${anna}` }, payload: { category } })).json()
      .id as string;

  beforeAll(async () => {
    t = await createTestApp();
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    // The seed has no manager at Harbour; overdue alerts go to managers.
    await addHarbourManager(db);
    anna = await guestToken(t.app, 'HV1001', 'Müller');
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('marks open requests past due once, with an audit entry, an event and a manager alert', async () => {
    const wakeUp = await create('wake_up_call'); // 10 minute SLA
    const cleaning = await create('cleaning'); // 60 minute SLA
    const done = await create('taxi'); // 15 minute SLA, but completed in time
    await db.query(`UPDATE service_requests SET status = 'completed', completed_at = now() WHERE id = $1`, [done]);

    const first = await markOverdueRequests({ db: t.ctx.database.db, clock: later(20) });
    expect(first.marked).toBe(1);
    const rows = (await db.query(`SELECT id, overdue_at FROM service_requests WHERE id = ANY($1) ORDER BY created_at`, [[wakeUp, cleaning, done]])).rows;
    expect(rows.map((row) => row.overdue_at !== null)).toEqual([true, false, false]);

    const alerts = await db.query(`SELECT type, recipient FROM notifications WHERE payload->>'requestId' = $1 AND type = 'request.overdue'`, [wakeUp]);
    expect(alerts.rows).toEqual([{ type: 'request.overdue', recipient: 'manager@harbour.local' }]);
    const events = await db.query(`SELECT department, stay_id FROM realtime_events WHERE type = 'request.overdue' AND subject_id = $1`, [wakeUp]);
    expect(events.rows).toEqual([{ department: 'front_desk', stay_id: null }]);
    expect((await db.query(`SELECT 1 FROM audit_log WHERE action = 'request.overdue' AND subject_id = $1 AND actor_type = 'system'`, [wakeUp])).rowCount).toBe(1);

    expect((await markOverdueRequests({ db: t.ctx.database.db, clock: later(20) })).marked).toBe(0);
    expect((await markOverdueRequests({ db: t.ctx.database.db, clock: later(90) })).marked).toBe(1);
    expect((await db.query(`SELECT 1 FROM notifications WHERE type = 'request.overdue'`)).rowCount).toBe(2);
  });

  it('is safe to run twice at the same time', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => create('towels')));
    const [a, b] = await Promise.all([
      markOverdueRequests({ db: t.ctx.database.db, clock: later(30) }),
      markOverdueRequests({ db: t.ctx.database.db, clock: later(30) }),
    ]);
    expect(a.marked + b.marked).toBe(5);
    const events = await db.query(`SELECT count(*)::int AS n FROM realtime_events WHERE type = 'request.overdue' AND subject_id = ANY($1)`, [ids]);
    expect(events.rows[0].n).toBe(5);
  });

  it('prunes realtime events past retention and expired tickets', async () => {
    await db.query(`UPDATE realtime_events SET created_at = now() - interval '25 hours' WHERE id = (SELECT min(id) FROM realtime_events)`);
    const before = Number((await db.query(`SELECT count(*) FROM realtime_events`)).rows[0].count);
    const result = await markOverdueRequests({ db: t.ctx.database.db, clock: { now: () => new Date() } });
    expect(result.prunedEvents).toBe(1);
    expect(Number((await db.query(`SELECT count(*) FROM realtime_events`)).rows[0].count)).toBe(before - 1);
  });
});
