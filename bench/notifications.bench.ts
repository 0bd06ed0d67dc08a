/**
 * Notifications per second into the local SMTP sink (outbox row -> graphile-worker job -> render
 * -> SMTP -> `sent`), in one run next to:
 * - bare SMTP: nodemailer's pool sending the same rendered messages to the same sink, as many at
 *   a time as the worker's concurrency, with no queue or database (goal: ours >= 0.7 of it);
 * - graphile-worker's own rate for no-op jobs on the same database and concurrency;
 * - our task with a sender that does nothing: the queue, outbox bookkeeping and rendering alone.
 *
 * The sink runs in a process of its own (it parses every message it takes); the worker runs here.
 */
import { randomBytes } from 'node:crypto';
import { Logger, makeWorkerUtils, run, type TaskList } from 'graphile-worker';
import { createTransport } from 'nodemailer';
import pg from 'pg';
import { createSmtpSink } from '../mocks/smtp-sink/sink.js';
import { parseEnv } from '../backend/src/config/env.js';
import { createContext } from '../backend/src/context.js';
import { smtpConfigSchema } from '../backend/src/integrations/email/smtp/smtp.provider.js';
import { createTaskList } from '../backend/src/jobs/task-list.js';
import { deliverNotificationTask } from '../backend/src/jobs/tasks/deliver-notification.js';
import { newToken } from '../backend/src/lib/tokens.js';
import { createNotificationDelivery } from '../backend/src/modules/notifications/notification-delivery.js';
import { DELIVER_NOTIFICATION_TASK, queueNotifications } from '../backend/src/modules/notifications/notification-planner.js';
import { renderNotification } from '../backend/src/modules/notifications/templates/render.js';
import { benchRole, forkBenchProcess, serveParent } from './bench-process.js';
import { openBenchDatabase } from './bench-database.js';

const JOBS = Number(process.env.BENCH_NOTIFICATIONS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 10);
const silent = new Logger(() => () => undefined);
const PAYLOAD = { category: 'Towels', firstName: 'Anna', propertyName: 'Harbour View Hotel' };

const perSecond = (started: number) => {
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: JOBS / seconds };
};

/** Runs a worker until `done()` says so; returns jobs per second. */
async function measure(databaseUrl: string, taskList: TaskList, done: () => Promise<boolean>) {
  const started = performance.now();
  const runner = await run({ connectionString: databaseUrl, concurrency: CONCURRENCY, maxPoolSize: CONCURRENCY + 2, taskList, logger: silent, noHandleSignals: true });
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
  const result = perSecond(started);
  await runner.stop();
  return result;
}

/** Sink process: the development SMTP sink, counting what it took. */
function runSink() {
  const sink = createSmtpSink();
  serveParent({
    async start() {
      const { smtpPort } = await sink.start({ smtpPort: 0, httpPort: 0 });
      return { type: 'listening', smtpPort };
    },
    async count() {
      return { type: 'count', messages: (await sink.messages()).length };
    },
    stop: () => sink.stop(),
  });
}

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();
  const sink = forkBenchProcess(new URL(import.meta.url), 'sink');
  try {
    const { smtpPort } = await sink.request<{ smtpPort: number }>({ type: 'start' }, 'listening');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const count = async (query: string) => (await pool.query<{ n: number }>(query)).rows[0]!.n;

    // Baseline: the same number of jobs that do nothing.
    const utils = await makeWorkerUtils({ connectionString: databaseUrl, logger: silent });
    await utils.addJobs(Array.from({ length: JOBS }, () => ({ identifier: 'noop', payload: {} })));
    const noop = await measure(databaseUrl, { noop: async () => undefined }, async () => (await count(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)) === 0);
    await utils.release();

    // Baseline: our provider's pool settings and sender, the same messages, CONCURRENCY in flight.
    const smtp = smtpConfigSchema.parse({ host: '127.0.0.1', port: smtpPort });
    const transport = createTransport({ pool: true, host: smtp.host, port: smtp.port, maxConnections: smtp.maxConnections });
    const messages = Array.from({ length: JOBS }, (_, index) => {
      const rendered = renderNotification('request.completed', 'en', {
        ...PAYLOAD,
        department: null,
        arrival: null,
        guestLink: `http://localhost:3000/s#${newToken('gsl')}`,
        staffLink: 'http://localhost:3000/staff/?property=harbour',
        receipt: null,
        room: null,
        spa: null,
      });
      return {
        from: smtp.from,
        to: `guest-${index}@bench.example`,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: `<bench.${index}@localhost>`,
        headers: { 'X-Innkeeper-Notification': `bench-${index}`, 'Content-Language': rendered.language },
      };
    });
    let nextMessage = 0;
    const bareStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (nextMessage < messages.length) await transport.sendMail(messages[nextMessage++]!);
      }),
    );
    const bare = perSecond(bareStarted);
    transport.close();

    // Ours: real outbox rows through the notifications task list into the SMTP sink.
    const env = parseEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    // The SMTP provider's fromEnv reads these.
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String(smtpPort);
    const ctx = createContext(env, databaseUrl);
    await pool.query(`UPDATE property_settings SET pre_arrival_email_days = NULL`);
    const { rows } = await pool.query<{ id: string; property_id: string }>(`SELECT id, property_id FROM stays WHERE confirmation_number = 'HV1001'`);
    const stay = rows[0]!;
    const queue = (run: string) =>
      ctx.database.db.transaction((tx) =>
        queueNotifications(
          tx,
          Array.from({ length: JOBS }, (_, index) => ({
            propertyId: stay.property_id,
            stayId: stay.id,
            type: 'request.completed' as const,
            channel: 'email' as const,
            recipient: `guest-${index}@bench.example`,
            language: 'en',
            payload: PAYLOAD,
            eventKey: `bench:${run}:${index}`,
          })),
        ),
      );
    const sent = (n: number) => async () => (await count(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`)) === n;

    await queue('smtp');
    const ours = await measure(databaseUrl, createTaskList(ctx), sent(JOBS));
    const { messages: delivered } = await sink.request<{ messages: number }>({ type: 'count' }, 'count');

    // Ours without SMTP: where the rest of the time goes.
    await queue('no-op');
    const noSender = createNotificationDelivery({
      repository: ctx.repositories.notifications,
      signInLinks: ctx.repositories.stays,
      integrations: { resolve: (async () => ({ send: async () => ({ providerMessageId: 'bench' }) })) as never },
      publicBaseUrl: env.PUBLIC_BASE_URL,
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      log: ctx.logger,
    });
    const bookkeeping = await measure(databaseUrl, { [DELIVER_NOTIFICATION_TASK]: deliverNotificationTask(noSender) }, sent(2 * JOBS));

    console.log(`\nnotifications: ${JOBS} emails, concurrency ${CONCURRENCY}, pool of ${smtp.maxConnections} SMTP connections, sink in its own process`);
    console.table([
      { run: 'graphile-worker no-op jobs', 'per s': Math.round(noop.perSecond), seconds: noop.seconds.toFixed(2) },
      { run: 'bare SMTP: nodemailer pool -> sink', 'per s': Math.round(bare.perSecond), seconds: bare.seconds.toFixed(2) },
      { run: 'notifications -> SMTP sink', 'per s': Math.round(ours.perSecond), seconds: ours.seconds.toFixed(2) },
      { run: 'notifications -> no-op sender', 'per s': Math.round(bookkeeping.perSecond), seconds: bookkeeping.seconds.toFixed(2) },
    ]);
    console.log(`sink took ${delivered} messages (bare SMTP + notifications: expected ${2 * JOBS})`);
    console.log(`ratio (notifications / bare SMTP): ${(ours.perSecond / bare.perSecond).toFixed(2)} (goal >= 0.70)`);
    console.log(`ratio (notifications / no-op jobs): ${(ours.perSecond / noop.perSecond).toFixed(2)}`);

    await ctx.close();
    await pool.end();
  } finally {
    await sink.stop();
    await close();
  }
}

const role = benchRole();
if (role === 'sink') runSink();
else if (role === undefined) await main();
