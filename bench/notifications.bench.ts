/**
 * Notifications per second into the local SMTP sink (outbox row -> graphile-worker job -> render
 * -> SMTP -> `sent`), next to graphile-worker's own rate for no-op jobs on the same database, same
 * concurrency, same run. The ratio is what our delivery costs over the bare queue.
 */
import { randomBytes } from 'node:crypto';
import { Logger, makeWorkerUtils, run, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { createSmtpSink } from '../mocks/smtp-sink/sink.js';
import { parseEnv } from '../backend/src/config/env.js';
import { createContext } from '../backend/src/context.js';
import { createTaskList } from '../backend/src/jobs/task-list.js';
import { queueNotifications } from '../backend/src/modules/notifications/notification-planner.js';
import { openBenchDatabase } from './bench-database.js';

const JOBS = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 10);
const silent = new Logger(() => () => undefined);

/** Runs a worker until `done()` says so; returns jobs per second. */
async function measure(databaseUrl: string, taskList: TaskList, done: () => Promise<boolean>): Promise<{ seconds: number; perSecond: number }> {
  const started = performance.now();
  const runner = await run({ connectionString: databaseUrl, concurrency: CONCURRENCY, maxPoolSize: CONCURRENCY + 2, taskList, logger: silent, noHandleSignals: true });
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return { seconds, perSecond: JOBS / seconds };
}

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();
  const sink = createSmtpSink();
  try {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const count = async (query: string) => (await pool.query<{ n: number }>(query)).rows[0]!.n;

    // Baseline: the same number of jobs that do nothing.
    const utils = await makeWorkerUtils({ connectionString: databaseUrl, logger: silent });
    await utils.addJobs(Array.from({ length: JOBS }, () => ({ identifier: 'noop', payload: {} })));
    const baseline = await measure(databaseUrl, { noop: async () => undefined }, async () => (await count(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)) === 0);
    await utils.release();

    // Ours: real outbox rows through the notifications task list into the SMTP sink.
    const { smtpPort } = await sink.start();
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String(smtpPort);
    const env = parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const ctx = createContext(env, databaseUrl);
    await pool.query(`UPDATE property_settings SET pre_arrival_email_days = NULL`);
    const { rows } = await pool.query<{ id: string; property_id: string }>(`SELECT id, property_id FROM stays WHERE confirmation_number = 'HV1001'`);
    const stay = rows[0]!;
    await ctx.database.db.transaction((tx) =>
      queueNotifications(
        tx,
        Array.from({ length: JOBS }, (_, index) => ({
          propertyId: stay.property_id,
          stayId: stay.id,
          type: 'request.completed' as const,
          channel: 'email' as const,
          recipient: `guest-${index}@bench.example`,
          language: 'en',
          payload: { category: 'Towels', firstName: 'Anna', propertyName: 'Harbour View Hotel' },
          eventKey: `bench:${index}`,
        })),
      ),
    );
    const ours = await measure(databaseUrl, createTaskList(ctx), async () => (await count(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`)) === JOBS);
    const delivered = (await sink.messages()).length;

    console.log(`\nnotifications worker: ${JOBS} jobs, concurrency ${CONCURRENCY}, one worker process`);
    console.table([
      { run: 'graphile-worker no-op jobs', 'jobs/s': Math.round(baseline.perSecond), seconds: baseline.seconds.toFixed(2) },
      { run: 'notifications -> SMTP sink', 'jobs/s': Math.round(ours.perSecond), seconds: ours.seconds.toFixed(2), delivered },
    ]);
    console.log(`ratio (notifications / no-op jobs): ${(ours.perSecond / baseline.perSecond).toFixed(2)}`);

    await ctx.close();
    await pool.end();
  } finally {
    await sink.stop();
    await close();
  }
}

await main();
