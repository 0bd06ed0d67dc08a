import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { destination, type DestinationStream, type LogFn, type Logger } from 'pino';
import type pinoPretty from 'pino-pretty';
import type { Env } from '../config/env.js';
import { reportedMessage, reportError } from '../lib/error-report.js';

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
        // ID documents (online check-in): their numbers, birth dates, MRZ and pictures never reach a log.
        '*.documentNumber',
        '*.dateOfBirth',
        '*.fields.documentNumber',
        '*.fields.dateOfBirth',
        '*.mrz',
        '*.images',
      ],
      censor: '[redacted]',
    },
    // One serializer for every error a process logs: query parameters never reach a log line.
    serializers: { err: (error: unknown) => (error instanceof Error ? reportError(error) : error) },
    hooks: {
      // A bare `log.error(error)` would make the error's own message the line's text.
      logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn) {
        const [first, ...rest] = args;
        if (first instanceof Error && rest.length === 0) return method.call(this, first, reportedMessage(first));
        return method.apply(this, args);
      },
    },
  };
}

/** Readable lines for a person at a terminal in development (or when asked); JSON lines for log collectors everywhere else. */
export function prettyLogs(env: Pick<Env, 'LOG_FORMAT' | 'NODE_ENV'>, stdoutIsTerminal: boolean): boolean {
  if (env.LOG_FORMAT !== 'auto') return env.LOG_FORMAT === 'pretty';
  return env.NODE_ENV === 'development' && stdoutIsTerminal;
}

/** Where a process's log lines go: `out` (stdout), through pino-pretty when `prettyLogs` says so. */
export function logDestination(
  env: Pick<Env, 'LOG_FORMAT' | 'NODE_ENV'>,
  stdoutIsTerminal: boolean,
  out: DestinationStream = destination(1),
): DestinationStream {
  if (!prettyLogs(env, stdoutIsTerminal)) return out;
  // Required only here (a CommonJS package, so synchronously): JSON logging, production's, never loads it (about 10 MB).
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;
  return pretty({ colorize: stdoutIsTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true, destination: out });
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
