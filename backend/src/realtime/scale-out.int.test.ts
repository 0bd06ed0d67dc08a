import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../mocks/smtp-sink/sink.js';
import { demoStay, notificationRow } from '../../test/notifications.js';
import { openSse, type SseConnection, type SseEvent } from '../../test/sse-client.js';
import { bearer, createTestApp, guestToken, staffToken, streamTicket, type TestApp } from '../../test/test-app.js';
import { spawnWorker, type WorkerProcess } from '../../test/worker-process.js';

/**
 * Two API replicas and one worker process on one database, as behind a load balancer: nothing a
 * request leaves behind lives in a process, so any replica serves the next request or stream.
 */
describe('scale out: two API replicas and one worker on one database', () => {
  // Replicas of one deployment share their settings, the encryption key among them.
  const env = { INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  let first: TestApp;
  let second: TestApp;
  let firstUrl: string;
  let secondUrl: string;
  let sink: SmtpSink;
  let worker: WorkerProcess;
  const open: SseConnection[] = [];

  const stream = async (url: string) => {
    const connection = await openSse(url);
    open.push(connection);
    expect(connection.status).toBe(200);
    return connection;
  };
  const about = (subjectId: string, type: string) => (event: SseEvent) => event.event === type && JSON.parse(event.data).subjectId === subjectId;

  beforeAll(async () => {
    first = await createTestApp(env);
    second = await createTestApp(env, { databaseUrl: first.databaseUrl });
    firstUrl = await first.app.listen({ port: 0, host: '127.0.0.1' });
    secondUrl = await second.app.listen({ port: 0, host: '127.0.0.1' });
    sink = createSmtpSink();
    const { smtpPort } = await sink.start();
    worker = spawnWorker({ ...env, DATABASE_URL: first.databaseUrl, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort) });
    await worker.ready;
  }, 60_000);

  afterAll(async () => {
    for (const connection of open) connection.close();
    await worker?.stop();
    await sink?.stop();
    await second?.close();
    await first?.close();
  });

  it("carries a change written through one replica to the other's SSE clients, both ways, and the worker mails it once", async () => {
    const anna = await guestToken(first.app, 'HV1001', 'Müller');
    const admin = await staffToken(second.app, 'admin@innkeeper.local');
    // A ticket issued by one replica opens a stream on the other: tickets are rows, not process state.
    const staffOnSecond = await stream(`${secondUrl}/api/v1/realtime/staff/harbour/events?ticket=${await streamTicket(first.app, admin, 'harbour')}`);
    const guestOnFirst = await stream(`${firstUrl}/api/v1/realtime/stay/events?ticket=${await streamTicket(second.app, anna)}`);

    const created = await first.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: bearer(anna), payload: { category: 'towels' } });
    expect(created.statusCode).toBe(201);
    const requestId = created.json().id as string;
    await staffOnSecond.waitFor(about(requestId, 'request.created'));

    const completed = await second.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/properties/harbour/requests/${requestId}`,
      headers: bearer(admin),
      payload: { action: 'complete' },
    });
    expect(completed.statusCode).toBe(200);
    await guestOnFirst.waitFor(about(requestId, 'request.completed'));

    const stay = await demoStay(first.ctx, 'HV1001');
    const { rows } = await first.ctx.database.pool.query<{ id: string }>(
      `SELECT id FROM notifications WHERE idempotency_key LIKE $1 AND channel = 'email' AND recipient = $2`,
      [`request:${requestId}:%`, stay.email],
    );
    expect(rows).toHaveLength(1);
    const emailId = rows[0]!.id;
    await expect.poll(async () => (await notificationRow(first.ctx, emailId)).status, { timeout: 15_000 }).toBe('sent');
    const copies = (await sink.messages()).filter((message) => message.headers['x-innkeeper-notification'] === emailId);
    expect(copies).toMatchObject([{ to: [stay.email], subject: 'Done: Towels' }]);
  }, 60_000);
});
