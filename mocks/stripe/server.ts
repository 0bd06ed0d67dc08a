import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { mocksDir } from '../shared/mocks-dir.js';
import { registerApiRoutes, type ApiRoute } from './api-routes.js';
import { STRIPE_MOCK_ACCOUNT, STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET } from './credentials.js';
import { StripeError } from './errors.js';
import { IdempotencyStore, requestFingerprint } from './idempotency.js';
import { newId } from './objects.js';
import { Params } from './params.js';
import { StripeState, type RequestInfo } from './state.js';
import { WebhookDispatcher } from './webhooks.js';

/**
 * Mock of the Stripe API (v1) for card payments: customers, payment methods with Stripe's test
 * cards, setup intents, payment intents with the manual-capture hold state machine, charges,
 * refunds and events, plus signed webhook deliveries and a stand-in for Stripe.js at `/v3/`.
 * Stateful and in memory. Wire format as stripe-node sends and reads it: form-encoded bodies,
 * Bearer secret key, `Stripe-Version`, `Idempotency-Key`, `Stripe-Account`, JSON answers with a
 * `Request-Id` header and Stripe's error body. README.md lists what is and is not implemented,
 * and the control endpoints under `/__control`.
 */
export interface StripeMockOptions {
  /** Real clock in ms; the mock's clock runs from it plus what `/__control/clock/advance` adds. */
  now?: () => number;
  /** Webhook endpoint to deliver to from the start (the control API can set or change it). */
  webhookUrl?: string;
  logger?: boolean;
}

export interface StripeMock {
  app: FastifyInstance;
  state: StripeState;
  webhooks: WebhookDispatcher;
  /** Listens (port 0 picks a free one) and returns the base URL, e.g. `http://127.0.0.1:4107`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const STRIPE_JS = readFileSync(path.join(mocksDir, 'stripe', 'browser', 'stripe-v3.js'), 'utf8');
/** Stripe API versions look like `2026-10-28.endive` (older ones have no suffix). */
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, stripe-version, stripe-account, idempotency-key, x-mock-fault',
  'access-control-expose-headers': 'request-id, idempotent-replayed, stripe-version',
  'access-control-max-age': '300',
};

/** Stripe shows a refused key with all but its prefix and last four characters starred. */
function redactKey(key: string): string {
  const prefix = /^[a-z]+_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function apiKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  // curl -u sk_test_…: sends the key as the Basic user name, as Stripe's docs show.
  if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString().split(':')[0] || undefined;
  return undefined;
}

/** Returns whether the call was made with the publishable key. */
function authenticate(request: FastifyRequest, access: 'secret' | 'client'): boolean {
  const key = apiKey(request);
  if (!key) {
    throw new StripeError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key === STRIPE_MOCK_SECRET_KEY) return false;
  if (key === STRIPE_MOCK_PUBLISHABLE_KEY) {
    if (access === 'client') return true;
    throw new StripeError(401, 'invalid_request_error', 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.');
  }
  throw new StripeError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(key)}`);
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export function createStripeMock(options: StripeMockOptions = {}): StripeMock {
  const state = new StripeState(options.now);
  const webhooks = new WebhookDispatcher(STRIPE_MOCK_WEBHOOK_SECRET, options.webhookUrl ?? null);
  state.onEvent = (event) => webhooks.accept(event);
  state.pendingWebhooks = () => webhooks.listening();
  const idempotency = new IdempotencyStore(() => state.now());
  const app = Fastify({ logger: options.logger ?? false, genReqId: () => newId('req') });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
    reply.headers(CORS_HEADERS);
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());

  const stripeError = (reply: FastifyReply, error: StripeError) => reply.code(error.statusCode).send(error.body(reply.request.id));
  registerFaults(app, {
    serverError: (reply) => stripeError(reply, new StripeError(500, 'api_error', 'An unknown error occurred')),
    rateLimited: (reply) =>
      stripeError(reply, new StripeError(429, 'invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' })),
  });
  registerDropResponse(app);

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof StripeError) return stripeError(reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return stripeError(reply, new StripeError(status, 'invalid_request_error', error instanceof Error ? error.message : 'Invalid request'));
    return stripeError(reply, new StripeError(500, 'api_error', 'An unknown error occurred'));
  });
  app.setNotFoundHandler((request, reply) =>
    stripeError(reply, new StripeError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.url.split('?')[0]}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`)),
  );

  const route: ApiRoute = (method, url, access, handler) => {
    app.route({
      method,
      url,
      handler: async (request, reply) => {
        state.expireHolds();
        const publishable = authenticate(request, access);
        const version = header(request, 'stripe-version');
        if (version && !API_VERSION.test(version)) throw new StripeError(400, 'invalid_request_error', `Invalid Stripe API version: ${version}`);
        if (version) reply.header('stripe-version', version);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const params = Params.parse(method === 'POST' ? (typeof request.body === 'string' ? request.body : '') : query);
        const info: RequestInfo = {
          account: header(request, 'stripe-account') ?? STRIPE_MOCK_ACCOUNT,
          requestId: request.id,
          idempotencyKey: method === 'POST' ? (header(request, 'idempotency-key') ?? null) : null,
        };
        const fingerprint = requestFingerprint(method, request.url.split('?')[0]!, params.values);
        if (info.idempotencyKey) {
          const earlier = idempotency.lookup(info.account, info.idempotencyKey, fingerprint);
          if (earlier.kind === 'replay') return reply.code(earlier.statusCode).header('idempotent-replayed', 'true').send(earlier.body);
        }
        let statusCode = 200;
        let body: unknown;
        try {
          body = handler({ params, path: request.params as Record<string, string>, request: info, publishable });
        } catch (error) {
          if (!(error instanceof StripeError)) throw error;
          if (!error.keptForIdempotency) throw error;
          statusCode = error.statusCode;
          body = error.body(request.id);
        }
        if (info.idempotencyKey) {
          idempotency.save(info.account, info.idempotencyKey, fingerprint, statusCode, body);
          reply.header('idempotency-key', info.idempotencyKey);
        }
        return reply.code(statusCode).send(body);
      },
    });
  };
  registerApiRoutes(route, state);

  app.get('/v3', async (_request, reply) => reply.redirect('/v3/'));
  app.get('/v3/', async (_request, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-store').send(STRIPE_JS));

  registerControlRoutes(app, state, webhooks);

  return {
    app,
    state,
    webhooks,
    async start(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('Stripe mock is not listening on a TCP port');
      return `http://${host}:${address.port}`;
    },
    async stop() {
      await app.close();
      await webhooks.idle();
    },
  };
}

/**
 * The lost-response fault payments code must survive: the request runs to completion (and its
 * idempotent result is kept), then the connection is cut before the answer leaves, so the client
 * sees a network error and must retry with the same Idempotency-Key. `x-mock-fault: drop-response`
 * on one request, or `POST /__control/faults/drop-response {"count": n}` for the next n API calls.
 */
function registerDropResponse(app: FastifyInstance): void {
  let armed = 0;
  const dropping = new WeakSet<FastifyRequest>();
  app.post('/__control/faults/drop-response', async (request, reply) => {
    const count = (request.body as { count?: unknown } | undefined)?.count ?? 1;
    if (!Number.isInteger(count) || (count as number) < 0) return reply.code(400).send({ error: 'count must be a non-negative integer' });
    armed = count as number;
    return { armed };
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/__control') || request.method === 'OPTIONS') return;
    if (header(request, 'x-mock-fault') === 'drop-response') dropping.add(request);
    else if (armed > 0) {
      armed -= 1;
      dropping.add(request);
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (dropping.has(request)) reply.raw.destroy();
    return payload;
  });
}

function registerControlRoutes(app: FastifyInstance, state: StripeState, webhooks: WebhookDispatcher): void {
  const badRequest = (reply: FastifyReply, error: string) => reply.code(400).send({ error });
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  app.get('/__control/clock', async () => ({ now: state.now() }));
  app.post('/__control/clock/advance', async (request, reply) => {
    const { seconds } = body(request);
    if (!Number.isInteger(seconds) || (seconds as number) < 0) return badRequest(reply, 'seconds must be a non-negative integer');
    const now = state.advanceClock(seconds as number);
    await webhooks.idle();
    return { now };
  });

  // Answers once the deliveries queued so far are done, so a caller can read their outcome.
  app.get('/__control/webhooks', async () => {
    await webhooks.idle();
    return {
    endpoint: { url: webhooks.endpoint.url, enabledEvents: webhooks.endpoint.enabledEvents },
    settings: webhooks.settings,
    held: webhooks.heldEventIds(),
    deliveries: webhooks.deliveries,
    };
  });
  app.post('/__control/webhooks/endpoint', async (request, reply) => {
    const { url, secret, enabledEvents } = body(request);
    if (url !== null && (typeof url !== 'string' || !URL.canParse(url))) return badRequest(reply, 'url must be an absolute URL or null');
    if (secret !== undefined && (typeof secret !== 'string' || !secret.startsWith('whsec_'))) return badRequest(reply, 'secret must be a string starting with whsec_');
    if (enabledEvents !== undefined && (!Array.isArray(enabledEvents) || enabledEvents.some((type) => typeof type !== 'string'))) return badRequest(reply, 'enabledEvents must be an array of event types');
    webhooks.endpoint = {
      url: url as string | null,
      secret: (secret as string | undefined) ?? webhooks.endpoint.secret,
      enabledEvents: (enabledEvents as string[] | undefined) ?? ['*'],
    };
    return { url: webhooks.endpoint.url, enabledEvents: webhooks.endpoint.enabledEvents };
  });
  app.post('/__control/webhooks/delivery', async (request, reply) => {
    const { duplicate, hold, signatureAgeSeconds } = body(request);
    if ((duplicate !== undefined && typeof duplicate !== 'boolean') || (hold !== undefined && typeof hold !== 'boolean')) return badRequest(reply, 'duplicate and hold must be booleans');
    if (signatureAgeSeconds !== undefined && (!Number.isInteger(signatureAgeSeconds) || (signatureAgeSeconds as number) < 0)) return badRequest(reply, 'signatureAgeSeconds must be a non-negative integer');
    webhooks.settings = {
      duplicate: (duplicate as boolean | undefined) ?? webhooks.settings.duplicate,
      hold: (hold as boolean | undefined) ?? webhooks.settings.hold,
      signatureAgeSeconds: (signatureAgeSeconds as number | undefined) ?? webhooks.settings.signatureAgeSeconds,
    };
    return webhooks.settings;
  });
  app.post('/__control/webhooks/release', async (request, reply) => {
    const { order = 'created' } = body(request);
    if (order !== 'created' && order !== 'reverse') return badRequest(reply, 'order must be created or reverse');
    const released = webhooks.release(order);
    await webhooks.idle();
    return { released };
  });
  app.post<{ Params: { id: string } }>('/__control/webhooks/events/:id/deliver', async (request, reply) => {
    const account = header(request, 'stripe-account') ?? STRIPE_MOCK_ACCOUNT;
    const event = state.event(request.params.id, account);
    if (!webhooks.redeliver(event)) return badRequest(reply, 'no webhook endpoint is configured');
    await webhooks.idle();
    return { delivered: event.id };
  });

  /** What Stripe.js's 3D Secure modal leads to; the stand-in calls it, and so can tests. */
  app.post('/__control/authenticate', async (request, reply) => {
    const { client_secret: secret, outcome = 'succeed' } = body(request);
    if (typeof secret !== 'string') return badRequest(reply, 'client_secret is required');
    if (outcome !== 'succeed' && outcome !== 'fail') return badRequest(reply, 'outcome must be succeed or fail');
    return state.authenticate(secret, outcome);
  });
}
