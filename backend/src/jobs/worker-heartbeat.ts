import type { WorkerUtils } from 'graphile-worker';
import type pg from 'pg';

/**
 * graphile-worker leaves a crashed worker's jobs locked for 4 hours. Each worker process therefore
 * writes a heartbeat row every `intervalMs`; on each beat it also looks for workers silent for
 * `deadAfterMs` (and for jobs locked that long by a worker with no heartbeat row at all, e.g. one
 * killed before its first beat) and releases their jobs with `forceUnlockWorkers`, so a SIGKILLed
 * worker's job runs again within about deadAfter + interval, not hours.
 *
 * deadAfter must stay well above the interval (env.ts demands three beats): a live worker taken
 * for dead would have its running job handed to another worker and sent twice.
 */
export function startWorkerHeartbeat(deps: {
  pool: pg.Pool;
  workerUtils: Pick<WorkerUtils, 'forceUnlockWorkers'>;
  workerId: string;
  intervalMs: number;
  deadAfterMs: number;
  log: { warn(details: object, message: string): void };
}) {
  const deadAfter = `${deps.deadAfterMs} milliseconds`;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let started = false;

  async function beat() {
    const alive = await deps.pool.query(
      `INSERT INTO worker_heartbeats (worker_id) VALUES ($1)
       ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now()
       RETURNING (xmax <> 0) AS existed`,
      [deps.workerId],
    );
    if (alive.rows[0]?.existed === false && started) {
      deps.log.warn({ workerId: deps.workerId }, 'this worker was taken for dead (no heartbeat for too long); its jobs may have been handed on');
    }
    started = true;
    const dead = await deps.pool.query<{ worker_id: string }>(
      `DELETE FROM worker_heartbeats WHERE last_seen_at < now() - $1::interval RETURNING worker_id`,
      [deadAfter],
    );
    const orphans = await deps.pool.query<{ locked_by: string }>(
      `SELECT DISTINCT locked_by FROM graphile_worker.jobs
        WHERE locked_by IS NOT NULL AND locked_at < now() - $1::interval
          AND locked_by NOT IN (SELECT worker_id FROM worker_heartbeats)`,
      [deadAfter],
    );
    const ids = [...new Set([...dead.rows.map((row) => row.worker_id), ...orphans.rows.map((row) => row.locked_by)])];
    if (ids.length) {
      await deps.workerUtils.forceUnlockWorkers(ids);
      deps.log.warn({ workerIds: ids }, 'released the jobs of dead workers');
    }
  }

  const tick = () => {
    // A slow database must not stack beats up; the next tick comes soon enough.
    if (busy) return;
    busy = true;
    running = beat()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'worker heartbeat failed; trying again'))
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();

  return {
    /** The first beat, written; callers may await it before taking jobs. */
    ready: () => running,
    /** Stops beating and removes the row: a worker that shut down cleanly holds no jobs. */
    async stop() {
      clearInterval(timer);
      await running;
      await deps.pool.query('DELETE FROM worker_heartbeats WHERE worker_id = $1', [deps.workerId]).catch(() => undefined);
    },
  };
}
