import { EventEmitter } from 'node:events';
import { makeWorkerUtils, run, type WorkerEvents } from 'graphile-worker';
import { loadEnvFile, parseEnv } from './config/env.js';
import { createContext } from './context.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { isDatabaseUnavailable } from './db/database-errors.js';
import { createTaskList, crontab } from './jobs/task-list.js';
import { exitWithError } from './lib/error-report.js';
import { onShutdownSignal } from './lib/shutdown.js';
import { PLAN_PRE_ARRIVAL_EMAILS_TASK } from './jobs/tasks/plan-pre-arrival-emails.js';
import { startWorkerHeartbeat } from './jobs/worker-heartbeat.js';
import { graphileLogger } from './jobs/worker-logger.js';

/**
 * The notifications worker process: env, database, graphile-worker with our task list and crontab,
 * a heartbeat that also frees dead workers' jobs, graceful shutdown. Any number may run at once.
 */
async function main() {
  loadEnvFile();
  const env = parseEnv();
  const database = await openDatabaseServer(env, (message) => console.log(`[innkeeper worker] ${message}`));
  const ctx = createContext(env, database.url);
  const logger = ctx.logger.child({ process: 'worker' });
  // graphile-worker 0.17 records a job's outcome without awaiting it (`completeJob(job)` in its
  // worker.js) and retries that write only for a few error codes, so PostgreSQL going away between
  // a task's end and that write is an unhandled rejection, which would end the process. The worker
  // carries on instead; that job stays locked until graphile-worker's 4-hour lock expiry and then
  // runs again, which our tasks, being idempotent, absorb.
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) return logger.warn({ err: reason }, 'lost PostgreSQL while recording a job outcome; carrying on');
    // Anything else is a bug: end as Node would, but through the serializer that drops query parameters.
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
  const workerUtils = await makeWorkerUtils({ connectionString: database.url, maxPoolSize: 2, logger: graphileLogger(logger) });
  let heartbeat: ReturnType<typeof startWorkerHeartbeat> | undefined;

  // The pool id is what graphile-worker writes into jobs.locked_by, so it names our heartbeat row.
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => {
    heartbeat = startWorkerHeartbeat({
      pool: ctx.database.pool,
      workerUtils,
      workerId: workerPool.id,
      intervalMs: env.WORKER_HEARTBEAT_SECONDS * 1000,
      deadAfterMs: env.WORKER_DEAD_AFTER_SECONDS * 1000,
      log: logger,
    });
  });

  const runner = await run({
    connectionString: database.url,
    // One connection per running job, plus graphile-worker's LISTEN connection and one spare.
    maxPoolSize: env.NOTIFICATIONS_CONCURRENCY + 2,
    concurrency: env.NOTIFICATIONS_CONCURRENCY,
    taskList: createTaskList(ctx),
    crontab,
    events,
    noHandleSignals: true,
    logger: graphileLogger(logger),
  });
  await workerUtils.addJob(PLAN_PRE_ARRIVAL_EMAILS_TASK, {}, { jobKey: `${PLAN_PRE_ARRIVAL_EMAILS_TASK}:startup` });
  logger.info({ concurrency: env.NOTIFICATIONS_CONCURRENCY }, 'notifications worker running');
  // `npm start` prints its ready line once this arrives; the channel is let go so that it keeps nothing alive.
  if (process.send) process.send('ready', () => process.disconnect());

  // Jobs a killed or slow worker leaves are released by the other workers' heartbeats.
  onShutdownSignal(
    { info: (message) => logger.info(message), error: (message) => logger.error(message) },
    [
      ['finishing running jobs', () => runner.stop()],
      ['removing the heartbeat', async () => heartbeat?.stop()],
      ['closing the job utilities', async () => workerUtils.release()],
      ['closing the database pool', () => ctx.close()],
      ['stopping PostgreSQL', () => database.stop()],
    ],
  );

  await runner.promise;
}

main().catch(exitWithError('[innkeeper worker] failed:'));
