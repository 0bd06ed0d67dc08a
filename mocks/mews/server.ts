import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { MEWS_CLIENT_TOKEN } from './credentials.js';
import { operations } from './operations.js';
import { mewsContractProblems } from './request-contract.js';
import { MewsError, type Body } from './request.js';
import { createMewsState, type MewsState } from './state.js';

/**
 * Mock of the Mews Connector API (https://docs.mews.com/connector-api): every operation is
 * `POST /api/connector/v1/<resource>/<action>` with the tokens in the JSON body, PascalCase
 * fields, errors as `{ "Message", "RequestId" }` and a `Request-Id` header on every response.
 * Paths are exact: a different case or a trailing slash is a 404, as in Mews.
 *
 * Besides the vendor routes there are two mock-only controls under `/__control`: the shared fault
 * injection (see ../shared/faults.ts) and `POST /__control/mews/assign-resource`, which stands in
 * for the front desk assigning a room in Mews Operations (the demo arrivals have none, and Mews
 * only checks in a reservation with an inspected room assigned).
 */
export interface MewsMockOptions {
  /** Clock for seeding and for the date rules of start/process; tests pin it. */
  now?: () => Date;
  /** Mews allows 200 requests per AccessToken in a sliding 30 s window. */
  rateLimit?: { max: number; windowMs: number };
  logger?: boolean;
}

export interface MewsMock {
  app: FastifyInstance;
  state: MewsState;
  /** Listens on `port` (0 = any free port) and resolves to the base URL. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const API_PREFIX = '/api/connector/v1/';

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ Message: message, RequestId: reply.request.id });
}

export function createMewsMock(options: MewsMockOptions = {}): MewsMock {
  const now = options.now ?? (() => new Date());
  const limit = options.rateLimit ?? { max: 200, windowMs: 30_000 };
  const state = createMewsState(now());
  const calls = new Map<string, number[]>();

  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('Request-Id', request.id);
  });

  registerFaults(app, {
    serverError: (reply) => sendError(reply, 500, 'An unexpected error occurred.'),
    rateLimited: (reply) => sendError(reply, 429, 'Too many requests. Retry after the time given in Retry-After.'),
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `Not found: ${request.method} ${request.url}`));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof MewsError) return sendError(reply, error.status, error.message);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 400) return sendError(reply, 400, 'Invalid JSON');
    if (status < 500) return sendError(reply, status, error instanceof Error ? error.message : 'Bad request.');
    request.log.error(error);
    return sendError(reply, 500, 'An unexpected error occurred.');
  });

  /** Sliding-window limiter per AccessToken; answers 429 with `Retry-After` in seconds. */
  function throttle(accessToken: string, reply: FastifyReply): boolean {
    const nowMs = Date.now();
    const recent = (calls.get(accessToken) ?? []).filter((t) => t > nowMs - limit.windowMs);
    if (recent.length >= limit.max) {
      const retryAfter = Math.max(1, Math.ceil(((recent[0] ?? nowMs) + limit.windowMs - nowMs) / 1000));
      calls.set(accessToken, recent);
      reply.header('Retry-After', String(retryAfter));
      sendError(reply, 429, 'Request limit exceeded.');
      return false;
    }
    recent.push(nowMs);
    calls.set(accessToken, recent);
    return true;
  }

  for (const [path, operation] of Object.entries(operations)) {
    app.post(`${API_PREFIX}${path}`, async (request, reply) => {
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendError(reply, 400, 'Invalid JSON');
      const { ClientToken, AccessToken, Client } = body as Body;
      if (ClientToken !== MEWS_CLIENT_TOKEN) return sendError(reply, 401, 'Invalid ClientToken.');
      const ent = typeof AccessToken === 'string' ? state.byAccessToken.get(AccessToken) : undefined;
      if (!ent) return sendError(reply, 401, 'Invalid AccessToken.');
      if (typeof Client !== 'string' || Client.trim() === '') return sendError(reply, 400, 'Client is required.');
      if (!throttle(ent.config.accessToken, reply)) return reply;
      // What the docs mark required (and item caps) is refused as Mews refuses a bad parameter: 400 { Message }.
      const [problem] = mewsContractProblems(path, body as Body);
      if (problem) return sendError(reply, 400, problem);
      return operation({ body: body as Body, ent, now: now() });
    });
  }

  app.post('/__control/mews/assign-resource', async (request, reply) => {
    const { ReservationId, ResourceName } = (request.body ?? {}) as Partial<Record<string, string>>;
    for (const ent of state.enterprises) {
      const reservation = ent.reservations.find((r) => r.Id === ReservationId);
      if (!reservation) continue;
      const resource = ent.resources.find((r) => r.Name === ResourceName);
      if (!resource) return reply.code(404).send({ error: `no room named ${ResourceName} in ${ent.config.name}` });
      reservation.AssignedResourceId = resource.Id;
      return { ReservationId, AssignedResourceId: resource.Id, State: resource.State };
    }
    return reply.code(404).send({ error: `no reservation ${ReservationId}` });
  });

  return {
    app,
    state,
    async start(port = 0, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async stop() {
      await app.close();
    },
  };
}
