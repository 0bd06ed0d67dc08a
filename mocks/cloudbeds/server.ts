import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { registerAccountingRoutes } from './accounting-routes.js';
import { AccountingError, PmsError, accountingErrorBody, pmsErrorBody } from './errors.js';
import { parseFormBody } from '../shared/form-body.js';
import { registerPmsRoutes } from './pms-routes.js';
import { createState, type CloudbedsState } from './state.js';

/**
 * Cloudbeds mock server: PMS API v1.3 under `/api/v1.3/{method}` and Accounting API v1.0 under
 * `/accounting/v1.0/...`, stateful and in memory, seeded from mocks/shared/demo-stays.ts.
 *
 * HTTP statuses of v1.3 failures (the spec declares only 200; the body is always
 * `{ success: false, message }`): 200 an unknown reservation, guest, sub-reservation or room (as
 * the spec says, having no evidence of live behaviour), 401 missing or unknown key, 403 a
 * `propertyID` the key may not use, 400 a missing or invalid parameter or a refused state change,
 * 404 an unknown method, 429 rate limited (with `Retry-After`), 500 server error. The Accounting API
 * answers `ApiAccountingError` with 400/401/403/404/429/500.
 *
 * Fault injection (mocks/shared/faults.ts): `POST /__control/faults` or the `x-mock-fault` header.
 */
export interface CloudbedsMockOptions {
  /** Clock for "today" in each property's time zone and for posting times; defaults to the real one. */
  now?: () => Date;
  /** Fastify request logging; off by default so tests stay quiet. */
  logger?: boolean;
}

export interface CloudbedsMock {
  app: FastifyInstance;
  state: CloudbedsState;
  /** Listens (port 0 picks a free one) and returns the base URL, e.g. `http://127.0.0.1:4103`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const isAccounting = (request: FastifyRequest) => request.url.startsWith('/accounting/');

export function createCloudbedsMock(options: CloudbedsMockOptions = {}): CloudbedsMock {
  const state = createState(options.now);
  const app = Fastify({ logger: options.logger ?? false });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseFormBody(body as string));
  });

  // Cloudbeds adds X-Request-ID to every response; set first so injected faults carry it too.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-request-id', randomUUID());
  });

  registerFaults(app, {
    serverError: (reply: FastifyReply) =>
      isAccounting(reply.request)
        ? reply.code(500).send(accountingErrorBody('UNEXPECTED_ERROR', 'Internal server error'))
        : reply.code(500).send(pmsErrorBody('Internal Server Error')),
    rateLimited: (reply: FastifyReply) =>
      isAccounting(reply.request)
        ? reply.send(accountingErrorBody('UNKNOWN_ERROR', 'Too many requests'))
        : reply.send(pmsErrorBody('Too many requests. Please slow down your request rate.')),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof PmsError) return reply.code(error.statusCode).send(pmsErrorBody(error.message));
    if (error instanceof AccountingError) return reply.code(error.statusCode).send(accountingErrorBody(error.errorCode, error.message));
    // Fastify's own refusals (bad JSON, unsupported content type) still leave in the vendor's shape.
    const fastifyError = error as { statusCode?: number; message?: string };
    const status = fastifyError.statusCode !== undefined && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
    const message = status < 500 ? (fastifyError.message ?? 'Bad request') : 'Internal Server Error';
    if (status === 500) request.log.error(error);
    return isAccounting(request)
      ? reply.code(status).send(accountingErrorBody(status < 500 ? 'INVALID_REQUEST' : 'UNEXPECTED_ERROR', message))
      : reply.code(status).send(pmsErrorBody(message));
  });

  app.setNotFoundHandler((request, reply) =>
    isAccounting(request)
      ? reply.code(404).send(accountingErrorBody('ENTITY_NOT_FOUND', `No route ${request.method} ${request.url}`))
      : reply.code(404).send(pmsErrorBody('Method not found')),
  );

  registerPmsRoutes(app, state);
  registerAccountingRoutes(app, state);

  return {
    app,
    state,
    async start(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      return `http://${host}:${actualPort}`;
    },
    async stop() {
      await app.close();
    },
  };
}
