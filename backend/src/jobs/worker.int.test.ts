import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../mocks/smtp-sink/sink.js';
import { demoStay, notificationRow, queueCompleted } from '../../test/notifications.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { spawnWorker } from '../../test/worker-process.js';

describe('notifications worker process (end to end)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let smtpPort: number;

  beforeAll(async () => {
    t = await createTestApp();
    sink = createSmtpSink();
    ({ smtpPort } = await sink.start());
  });

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('picks up a queued notification, delivers it to the SMTP sink, and stops cleanly on SIGTERM', async () => {
    const worker = spawnWorker({
      DATABASE_URL: t.databaseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    try {
      await worker.ready;
      const stay = await demoStay(t.ctx, 'HV1001');
      const [email] = await queueCompleted(t.ctx, stay);

      const delivered = async () => (await sink.messages()).find((message) => message.headers['x-innkeeper-notification'] === email!.id);
      await expect.poll(delivered, { timeout: 15_000 }).toMatchObject({ to: [stay.email], subject: 'Done: Towels' });
      await expect.poll(async () => (await notificationRow(t.ctx, email!.id)).status, { timeout: 5_000 }).toBe('sent');

      const { rows: beats } = await t.ctx.database.pool.query(`SELECT worker_id FROM worker_heartbeats`);
      expect(beats).toHaveLength(1);
      expect(beats[0].worker_id).toMatch(/^pool-/);
    } finally {
      expect(await worker.stop()).toEqual({ code: 0, signal: null });
    }
    const { rows: beats } = await t.ctx.database.pool.query(`SELECT worker_id FROM worker_heartbeats`);
    expect(beats).toHaveLength(0);
  }, 60_000);
});
