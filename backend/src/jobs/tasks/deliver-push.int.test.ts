import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushMock, PUSH_MOCK_CA_FILE, type PushMock } from '../../../../mocks/push/server.js';
import { queueNotifications } from '../../modules/notifications/notification-planner.js';
import { pushTopic } from '../../modules/notifications/notification-delivery.js';
import { configureChannel, demoStay, notificationRow, runDueJobs } from '../../../test/notifications.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { createTaskList } from '../task-list.js';

describe('deliver_notification over Web Push (web-push against the push-service mock)', () => {
  let t: TestApp;
  let push: PushMock;
  let url: string;
  let stay: Awaited<ReturnType<typeof demoStay>>;
  const run = () => runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));

  /** The mock's control API, over HTTPS trusting only its own certificate. */
  const control = (method: string, path: string) =>
    new Promise<unknown>((resolve, reject) => {
      const call = request(`${url}${path}`, { method, ca: readFileSync(PUSH_MOCK_CA_FILE) }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body ? JSON.parse(body) : null));
      });
      call.on('error', reject);
      call.end();
    });

  /** A browser subscribing at the mock, stored as the app would store it. */
  async function subscribe() {
    const subscription = (await control('POST', '/__control/subscriptions')) as {
      endpoint: string;
      keys: { p256dh: string; auth: string };
    };
    const { rows } = await t.ctx.database.pool.query<{ id: string }>(
      `INSERT INTO push_subscriptions (property_id, owner_type, owner_id, endpoint, keys) VALUES ($1, 'staff', 'someone', $2, $3) RETURNING id`,
      [stay.propertyId, subscription.endpoint, JSON.stringify(subscription.keys)],
    );
    return { id: rows[0]!.id, mockId: subscription.endpoint.split('/').pop()! };
  }

  async function queuePush(subscriptionId: string, requestId = crypto.randomUUID()) {
    await t.ctx.database.db.transaction((tx) =>
      queueNotifications(tx, [
        {
          propertyId: stay.propertyId,
          stayId: stay.stayId,
          type: 'request.created',
          channel: 'push',
          recipient: subscriptionId,
          language: 'en',
          payload: { requestId, category: 'Towels', department: 'housekeeping' },
          eventKey: `request:${requestId}:created`,
        },
      ]),
    );
    const { rows } = await t.ctx.database.pool.query<{ id: string }>(`SELECT id FROM notifications WHERE idempotency_key LIKE $1`, [`request:${requestId}:%`]);
    return rows[0]!.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    push = createPushMock();
    url = await push.start();
    stay = await demoStay(t.ctx, 'HV1001');
    const keys = webpush.generateVAPIDKeys();
    await configureChannel(t.ctx, 'push', stay.propertyId, 'webpush', {
      vapidPublicKey: keys.publicKey,
      vapidPrivateKey: keys.privateKey,
      subject: 'mailto:ops@harbour.example',
      caFile: PUSH_MOCK_CA_FILE,
    });
  });

  afterAll(async () => {
    await t?.close();
    await push?.stop();
  });

  it('sends an encrypted, VAPID-signed push the subscription can decrypt, with a Topic per notification', async () => {
    const subscription = await subscribe();
    const id = await queuePush(subscription.id);
    await run();

    const received = push.messages.filter((message) => message.subscriptionId === subscription.mockId);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.payload)).toEqual({ title: 'New request', body: 'Towels', notificationId: id, type: 'request.created' });
    expect(received[0]).toMatchObject({ topic: pushTopic(id), ttl: 86_400, replaced: 0 });
    const row = await notificationRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.provider_message_id).toBe(`${url}/messages/${received[0]!.id}`);
  });

  it('fails at once for a subscription the push service says is gone', async () => {
    const subscription = await subscribe();
    await control('DELETE', `/__control/subscriptions/${subscription.mockId}`);
    const id = await queuePush(subscription.id);
    await run();
    const row = await notificationRow(t.ctx, id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('Push service 410');
  });
});
