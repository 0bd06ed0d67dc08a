import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { startWorkerHeartbeat } from './worker-heartbeat.js';

const quiet = { warn: () => undefined };

describe('worker heartbeat', () => {
  let t: TestApp;
  let utils: WorkerUtils;

  beforeAll(async () => {
    t = await createTestApp();
    utils = await makeWorkerUtils({ connectionString: t.databaseUrl });
  });

  afterAll(async () => {
    await utils?.release();
    await t?.close();
  });

  /** A job locked by `workerId` `secondsAgo`, as a worker that then died would leave it. */
  async function lockedJob(workerId: string, secondsAgo: number) {
    const job = await utils.addJob('deliver_notification', { notificationId: crypto.randomUUID() });
    await t.ctx.database.pool.query(
      `UPDATE graphile_worker._private_jobs SET locked_by = $2, locked_at = now() - make_interval(secs => $3) WHERE id = $1`,
      [job.id, workerId, secondsAgo],
    );
    return job.id;
  }
  const lockOf = async (id: string) =>
    (await t.ctx.database.pool.query(`SELECT locked_by FROM graphile_worker.jobs WHERE id = $1`, [id])).rows[0]?.locked_by ?? null;

  it("releases the jobs of a worker whose heartbeat stopped, and of lockers that never had one, but not a live worker's", async () => {
    await t.ctx.database.pool.query(
      `INSERT INTO worker_heartbeats (worker_id, last_seen_at) VALUES ('pool-dead', now() - interval '10 seconds'), ('pool-alive', now())`,
    );
    const deadJob = await lockedJob('pool-dead', 10);
    const orphanJob = await lockedJob('pool-never-beat', 10);
    const freshOrphan = await lockedJob('pool-just-started', 0);
    const aliveJob = await lockedJob('pool-alive', 10);

    const heartbeat = startWorkerHeartbeat({
      pool: t.ctx.database.pool,
      workerUtils: utils,
      workerId: 'pool-me',
      intervalMs: 100,
      deadAfterMs: 2_000,
      log: quiet,
    });
    await heartbeat.ready();

    expect(await lockOf(deadJob)).toBeNull();
    expect(await lockOf(orphanJob)).toBeNull();
    expect(await lockOf(freshOrphan)).toBe('pool-just-started');
    expect(await lockOf(aliveJob)).toBe('pool-alive');
    const { rows } = await t.ctx.database.pool.query(`SELECT worker_id FROM worker_heartbeats ORDER BY worker_id`);
    expect(rows.map((row) => row.worker_id)).toEqual(['pool-alive', 'pool-me']);

    await heartbeat.stop();
    const { rows: after } = await t.ctx.database.pool.query(`SELECT worker_id FROM worker_heartbeats ORDER BY worker_id`);
    expect(after.map((row) => row.worker_id)).toEqual(['pool-alive']);
  });
});
