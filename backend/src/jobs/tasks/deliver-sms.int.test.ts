import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TWILIO_MOCK_ACCOUNT_SID, TWILIO_MOCK_AUTH_TOKEN, TWILIO_MOCK_FROM } from '../../../../mocks/twilio/credentials.js';
import { createTwilioMock, type TwilioMock } from '../../../../mocks/twilio/server.js';
import { configureChannel, demoStay, makeJobsDue, notificationRow, queueCompleted, runDueJobs } from '../../../test/notifications.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { createTaskList } from '../task-list.js';

describe('deliver_notification over Twilio (official SDK against the mock)', () => {
  let t: TestApp;
  let twilio: TwilioMock;
  let url: string;
  let stay: Awaited<ReturnType<typeof demoStay>>;
  const run = () => runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
  const smsOf = async () => (await queueCompleted(t.ctx, stay)).find((row) => row.channel === 'sms')!;

  beforeAll(async () => {
    t = await createTestApp({ NOTIFICATION_MAX_ATTEMPTS: '3' });
    twilio = createTwilioMock();
    url = await twilio.start();
    stay = await demoStay(t.ctx, 'HV1001');
    await t.ctx.database.pool.query(`UPDATE guests SET email = NULL, phone = '+351912345678' WHERE id = $1`, [stay.guestId]);
    await configureChannel(t.ctx, 'sms', stay.propertyId, 'twilio', {
      accountSid: TWILIO_MOCK_ACCOUNT_SID,
      authToken: TWILIO_MOCK_AUTH_TOKEN,
      from: TWILIO_MOCK_FROM,
      apiUrl: url,
    });
  });

  afterAll(async () => {
    await t?.close();
    await twilio?.stop();
  });

  beforeEach(async () => {
    twilio.messages.length = 0;
    await fetch(`${url}/__control/faults`, { method: 'DELETE' });
  });

  it('sends the text and records the message SID', async () => {
    const sms = await smsOf();
    await run();
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ to: '+351912345678', from: TWILIO_MOCK_FROM, body: 'Harbour View Hotel: your request (Towels) is done.' });
    expect(await notificationRow(t.ctx, sms.id)).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: twilio.messages[0]!.sid });
  });

  it('retries Twilio 500s with backoff, then fails with the reason', async () => {
    await fetch(`${url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'error', count: 10 }) });
    const sms = await smsOf();
    await run();
    let row = await notificationRow(t.ctx, sms.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toContain('Twilio 500 (20500)');
    for (let attempt = 2; attempt <= 3; attempt += 1) {
      expect(await makeJobsDue(t.databaseUrl)).toBe(1);
      await run();
    }
    row = await notificationRow(t.ctx, sms.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toContain('Twilio 500 (20500): An internal server error has occurred');
    expect(twilio.messages).toHaveLength(0);
  });

  it('fails at once when Twilio refuses the number for good', async () => {
    await t.ctx.database.pool.query(`UPDATE guests SET phone = '+15005550001' WHERE id = $1`, [stay.guestId]);
    try {
      const sms = await smsOf();
      await run();
      const row = await notificationRow(t.ctx, sms.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row.last_error).toContain('21211');
    } finally {
      await t.ctx.database.pool.query(`UPDATE guests SET phone = '+351912345678' WHERE id = $1`, [stay.guestId]);
    }
  });

  it('passes the health check with the right credentials and fails it with wrong ones', async () => {
    expect(await t.ctx.integrations.testConnection('sms', stay.propertyId)).toMatchObject({ ok: true });
    const wrong = await t.ctx.integrations.testConnection('sms', stay.propertyId, {
      provider: 'twilio',
      config: { authToken: 'wrong-token' },
    });
    expect(wrong).toMatchObject({ ok: false, message: 'Twilio refused the Account SID or auth token.' });
  });
});
