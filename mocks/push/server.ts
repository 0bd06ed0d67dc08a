import { randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { PUSH_MOCK_CA_FILE, PUSH_MOCK_KEY_FILE } from './tls.js';
import { decryptPushBody, newSubscriptionKeys, vapidProblem } from './web-push-crypto.js';

export { PUSH_MOCK_CA_FILE } from './tls.js';

/**
 * A push service (RFC 8030) that is also the browser: `POST /__control/subscriptions` creates a
 * subscription and answers PushSubscription.toJSON() ({endpoint, keys: {p256dh, auth}}); pushes
 * to its endpoint are checked like a real push service does (HTTPS, TTL header, aes128gcm
 * encoding, VAPID JWT) and decrypted with the subscription's private key, so tests read exactly
 * what a service worker would get: `GET /__control/messages`. A repeat with the same Topic
 * replaces the stored copy (RFC 8030 §5.4) and is counted in `replaced`.
 * `DELETE /__control/subscriptions/:id` expires one: pushes then get 410 Gone.
 */
export interface ReceivedPush {
  id: string;
  subscriptionId: string;
  topic: string | null;
  ttl: number;
  urgency: string;
  payload: string;
  /** Times this topic's message was replaced by a newer push. */
  replaced: number;
  receivedAt: string;
}

export interface PushMock {
  app: FastifyInstance;
  messages: ReceivedPush[];
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

function problem(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ code: status, errno: status, error: message, message });
}

export function createPushMock(options: { logger?: boolean } = {}): PushMock {
  const app = Fastify({
    logger: options.logger ?? false,
    https: { key: readFileSync(PUSH_MOCK_KEY_FILE), cert: readFileSync(PUSH_MOCK_CA_FILE) },
  });
  const subscriptions = new Map<string, { keys: ECDH; auth: Buffer; expired: boolean }>();
  const messages: ReceivedPush[] = [];
  let origin = '';

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  registerFaults(app, {
    serverError: (reply) => problem(reply, 500, 'Internal server error'),
    rateLimited: (reply) => problem(reply, 429, 'Too many requests'),
  });

  app.post('/__control/subscriptions', async () => {
    const id = randomUUID();
    const keys = newSubscriptionKeys();
    const auth = randomBytes(16);
    subscriptions.set(id, { keys, auth, expired: false });
    return { endpoint: `${origin}/push/${id}`, keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
  });
  app.delete<{ Params: { id: string } }>('/__control/subscriptions/:id', async (request) => {
    const subscription = subscriptions.get(request.params.id);
    if (subscription) subscription.expired = true;
    return { expired: Boolean(subscription) };
  });
  app.get('/__control/messages', async () => ({ messages }));

  app.post<{ Params: { id: string } }>('/push/:id', async (request, reply) => {
    const subscription = subscriptions.get(request.params.id);
    if (!subscription) return problem(reply, 404, 'Subscription not found');
    if (subscription.expired) return problem(reply, 410, 'Subscription expired');
    const ttl = Number(request.headers.ttl);
    if (request.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) return problem(reply, 400, 'TTL header required');
    const vapid = vapidProblem(request.headers.authorization, origin);
    if (vapid) return problem(reply, 401, vapid);
    if (request.headers['content-encoding'] !== 'aes128gcm') return problem(reply, 415, 'Content-Encoding must be aes128gcm');
    const topic = typeof request.headers.topic === 'string' ? request.headers.topic : null;
    if (topic && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return problem(reply, 400, 'Topic must be at most 32 URL-safe base64 characters');
    let payload: string;
    try {
      payload = decryptPushBody(request.body as Buffer, subscription.keys, subscription.auth);
    } catch (error) {
      return problem(reply, 400, `Cannot decrypt: ${error instanceof Error ? error.message : error}`);
    }
    const previous = topic ? messages.find((message) => message.subscriptionId === request.params.id && message.topic === topic) : undefined;
    const message: ReceivedPush = {
      id: randomUUID(),
      subscriptionId: request.params.id,
      topic,
      ttl,
      urgency: String(request.headers.urgency ?? 'normal'),
      payload,
      replaced: previous ? previous.replaced + 1 : 0,
      receivedAt: new Date().toISOString(),
    };
    if (previous) messages.splice(messages.indexOf(previous), 1, message);
    else messages.push(message);
    return reply.code(201).header('location', `${origin}/messages/${message.id}`).send();
  });

  return {
    app,
    messages,
    async start(port = 0, host = '127.0.0.1') {
      origin = await app.listen({ port, host });
      return origin;
    },
    stop: () => app.close(),
  };
}
