import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/**
 * OPERA's error body (`exceptionDetailType` in every OHIP module): RFC 7807 problem JSON with
 * Oracle's `o:` extensions. The `o:errorCode` values are invented (module prefix + 5 digits, as
 * Oracle's codes look); the real list sits behind Oracle Support.
 */
export interface OperaProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  'o:errorCode'?: string;
  'o:errorPath'?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const TYPES: Record<number, string> = {
  400: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
  401: 'https://tools.ietf.org/html/rfc7235#section-3.1',
  403: 'https://tools.ietf.org/html/rfc7231#section-6.5.3',
  404: 'https://tools.ietf.org/html/rfc7231#section-6.5.4',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
};

/** Thrown by route handlers; the error handler turns it into problem JSON. */
export class OperaProblem extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    detail: string,
    readonly errorPath?: string,
  ) {
    super(detail);
  }
}

export const badRequest = (code: string, detail: string, path?: string) => new OperaProblem(400, code, detail, path);
export const unauthorized = (code: string, detail: string) => new OperaProblem(401, code, detail);

export function problemBody(status: number, detail: string, errorCode?: string, errorPath?: string, instance?: string): OperaProblemBody {
  return {
    type: TYPES[status] ?? 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    ...(errorCode ? { 'o:errorCode': errorCode } : {}),
    ...(errorPath ? { 'o:errorPath': errorPath } : {}),
  };
}

function sendProblem(reply: FastifyReply, problem: OperaProblem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/json')
    .send(problemBody(problem.status, problem.message, problem.errorCode, problem.errorPath, reply.request.url));
}

/** Fault replies for mocks/shared/faults.ts, in OPERA's shape. */
export const operaFaultReplies = {
  serverError: (reply: FastifyReply) =>
    reply.code(500).type('application/json').send(problemBody(500, 'An unexpected error occurred.', 'GEN00500')),
  rateLimited: (reply: FastifyReply) =>
    reply.type('application/json').send(problemBody(429, 'The request rate limit was exceeded.', 'GEN00429')),
};

/**
 * Everything that goes wrong becomes problem JSON: our own refusals keep their status; Fastify's
 * parse errors (bad JSON, wrong media type, body too large) keep theirs; anything else is a 500
 * without internals, as OPERA's gateway answers.
 */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | OperaProblem, request, reply) => {
    if (error instanceof OperaProblem) return sendProblem(reply, error);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    const detail = status === 500 ? 'An unexpected error occurred.' : error.message;
    return reply.code(status).type('application/json').send(problemBody(status, detail, `GEN00${status}`, undefined, request.url));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send(problemBody(404, `No resource at ${request.method} ${request.url.split('?')[0]}.`, 'GEN00404', undefined, request.url)),
  );
}
