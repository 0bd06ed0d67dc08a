import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPushMock, PUSH_MOCK_CA_FILE, type PushMock } from './server.js';

describe('push service mock', () => {
  let mock: PushMock;
  let url: string;
  const ca = readFileSync(PUSH_MOCK_CA_FILE);
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(`${url}${path}`, { method, headers, ca }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    mock = createPushMock();
    url = await mock.start();
  });
  afterAll(() => mock.stop());

  it('hands out subscriptions shaped like PushSubscription.toJSON()', async () => {
    const { status, body } = await call('POST', '/__control/subscriptions');
    expect(status).toBe(200);
    expect(body.endpoint).toMatch(new RegExp(`^${url}/push/[0-9a-f-]{36}$`));
    const keys = body.keys as { p256dh: string; auth: string };
    expect(Buffer.from(keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(keys.auth, 'base64url')).toHaveLength(16);
  });

  it('refuses pushes a real push service refuses', async () => {
    const { body } = await call('POST', '/__control/subscriptions');
    const path = new URL(body.endpoint as string).pathname;
    const headers = { 'content-type': 'application/octet-stream', 'content-encoding': 'aes128gcm' };
    expect((await call('POST', path, headers, Buffer.alloc(100))).status).toBe(400);
    const unsigned = await call('POST', path, { ...headers, ttl: '60' }, Buffer.alloc(100));
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.message).toContain('vapid');
    expect((await call('POST', '/push/00000000-0000-0000-0000-000000000000', { ...headers, ttl: '60' })).status).toBe(404);
    await call('DELETE', `/__control/subscriptions/${path.split('/').pop()}`);
    expect((await call('POST', path, { ...headers, ttl: '60' }, Buffer.alloc(100))).status).toBe(410);
  });
});
