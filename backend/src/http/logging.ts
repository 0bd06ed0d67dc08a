import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.js';

/**
 * pino settings. Request lines are written by our own hook (one per request) with the route
 * pattern instead of the URL, because lookup query strings carry confirmation numbers and names.
 */
export function loggerOptions(env: Pick<Env, 'LOG_LEVEL'>) {
  return {
    level: env.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.token',
        '*.secret',
        '*.confirmation',
        '*.lastName',
        'err.params',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Drizzle puts the query parameters (names, token hashes) into the message of a failed query.
      err: (error: Error & { query?: string; cause?: unknown }) => ({
        type: error.name,
        message: error.query ? `Failed query: ${error.query}` : error.message,
        stack: error.stack ?? '',
        cause: error.cause instanceof Error ? { type: error.cause.name, message: error.cause.message } : undefined,
      }),
    },
  };
}

export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
