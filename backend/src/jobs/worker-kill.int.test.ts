import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../mocks/smtp-sink/sink.js';
import { queueNotifications } from '../modules/notifications/notification-planner.js';
import { demoStay } from '../../test/notifications.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { spawnWorker, type WorkerProcess } from '../../test/worker-process.js';

const NOTIFICATIONS = 1000;
const WORKERS = 2;
const KILLS = 12;
const CONCURRENCY = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 1,000 emails; two real worker processes; one of them SIGKILLed at a random moment after it starts
 * working, twelve times, a fresh one started each time. Heartbeats are fast here (0.5 s, dead after
 * 2 s) so released jobs come back within seconds; production defaults are 5 s / 30 s.
 *
 * SMTP cannot be exactly-once: a worker killed after the sink took a message but before the
 * `sent` row committed resends it on retry (RFC 1047's window). The resend carries the same
 * Message-ID, the window is kept to one UPDATE after the server's 250, and this test counts and
 * prints such repeats instead of hiding them; it fails if any notification is lost or unsent, or
 * if repeats exceed what the kills can explain (one per job in flight per kill).
 */
describe('worker crash safety (kill test)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let smtpPort: number;
  const workers = new Set<WorkerProcess>();
  const everyWorker: WorkerProcess[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    sink = createSmtpSink();
    ({ smtpPort } = await sink.start());
    // Only the 1,000 below: no pre-arrival mail from the seed.
    await t.ctx.database.pool.query(`UPDATE property_settings SET pre_arrival_email_days = NULL`);
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await t?.close();
    await sink?.stop();
  });

  const start = () => {
    const worker = spawnWorker({
      DATABASE_URL: t.databaseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      NOTIFICATIONS_CONCURRENCY: String(CONCURRENCY),
      WORKER_HEARTBEAT_SECONDS: '0.5',
      WORKER_DEAD_AFTER_SECONDS: '2',
    });
    workers.add(worker);
    everyWorker.push(worker);
    void worker.exited.then(() => workers.delete(worker));
    return worker;
  };

  /** Notifications by status, except the sent ones. */
  const notSent = async () => {
    const { rows } = await t.ctx.database.pool.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM notifications WHERE status <> 'sent' GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count])) as Record<string, number>;
  };

  it('ends with every notification sent and delivered, repeats only from kills and reported', async () => {
    const stay = await demoStay(t.ctx, 'HV1001');
    await t.ctx.database.db.transaction((tx) =>
      queueNotifications(
        tx,
        Array.from({ length: NOTIFICATIONS }, (_, index) => ({
          propertyId: stay.propertyId,
          stayId: stay.stayId,
          type: 'request.completed' as const,
          channel: 'email' as const,
          recipient: `guest-${index}@kill.test`,
          language: 'en',
          payload: { category: `Item ${index}`, firstName: 'Anna', propertyName: 'Harbour View Hotel' },
          eventKey: `kill-test:${index}`,
        })),
      ),
    );

    const started = Date.now();
    for (let i = 0; i < WORKERS; i += 1) start();
    let kills = 0;
    const killedMidFlight: number[] = [];
    while (kills < KILLS) {
      const victim = [...workers][Math.floor(Math.random() * workers.size)]!;
      await victim.ready;
      await sleep(100 + Math.random() * 700);
      const { rows } = await t.ctx.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sending'`);
      victim.child.kill('SIGKILL');
      await victim.exited;
      kills += 1;
      killedMidFlight.push(rows[0]!.n);
      start();
      if (Object.keys(await notSent()).length === 0) break;
    }

    await expect
      .poll(async () => (await t.ctx.database.pool.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'sent'`)).rows[0].n, {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(NOTIFICATIONS);
    const elapsed = (Date.now() - started) / 1000;

    const { rows: notifications } = await t.ctx.database.pool.query<{ id: string; attempts: number; provider_message_id: string }>(
      `SELECT id, attempts, provider_message_id FROM notifications`,
    );
    const messages = await sink.messages();
    const copies = new Map<string, number>();
    for (const message of messages) copies.set(message.messageId ?? '', (copies.get(message.messageId ?? '') ?? 0) + 1);
    const repeats = [...copies.values()].reduce((sum, count) => sum + count - 1, 0);
    const retried = notifications.filter((row) => row.attempts > 1).length;
    // A live worker taken for dead would have its jobs run twice: that is a bug, not the SMTP window.
    const takenForDead = everyWorker.filter((worker) => worker.output().includes('this worker was taken for dead')).length;

    console.log(
      `kill test: ${NOTIFICATIONS} notifications, ${kills} SIGKILLs (sending rows at each kill: ${killedMidFlight.join(', ')}), ` +
        `${retried} retried after a kill, ${messages.length} messages at the sink, ${copies.size} distinct Message-IDs, ` +
        `${repeats} repeated deliveries, ${takenForDead} live workers taken for dead, ${elapsed.toFixed(1)} s`,
    );

    expect(await notSent()).toEqual({});
    expect(takenForDead).toBe(0);
    expect(notifications.every((row) => copies.has(row.provider_message_id))).toBe(true);
    expect(copies.size).toBe(NOTIFICATIONS);
    // A repeat needs a kill inside the window of a job in flight: at most CONCURRENCY per kill.
    expect(repeats).toBeLessThanOrEqual(kills * CONCURRENCY);
    for (const [messageId, count] of copies) {
      if (count > 1) expect(notifications.find((row) => row.provider_message_id === messageId)!.attempts).toBeGreaterThan(1);
    }
  }, 180_000);
});
