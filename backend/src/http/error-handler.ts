import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/database-errors.js';
import { AppError, errorStatus, type ErrorCode, type FieldIssue } from '../lib/errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}

/** Fastify's own client errors, by their code, in our vocabulary. */
const fastifyErrors: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', message: 'The request body is empty but declared as JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Unsupported content type; send application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: 'The Content-Length header does not match the body.' },
};

function fieldIssues(error: Parameters<typeof hasZodFastifySchemaValidationErrors>[0] & object): FieldIssue[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  return error.validation.flatMap((issue) => {
    const base = [context, ...issue.instancePath.split('/').filter(Boolean)].join('.');
    const unknownKeys = (issue.params as { keys?: string[] }).keys;
    if (issue.keyword === 'unrecognized_keys' && unknownKeys) {
      return unknownKeys.map((key) => ({ field: `${base}.${key}`, message: 'Unknown field.' }));
    }
    return [{ field: base, message: issue.message ?? 'Invalid value.' }];
  });
}

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details?: unknown,
): FastifyReply {
  const body: ErrorBody = { error: { code, message, requestId: request.id } };
  if (details !== undefined) body.error.details = details;
  return reply.code(errorStatus[code]).type('application/json; charset=utf-8').send(body);
}

/** The one place where errors become HTTP answers. 5xx bodies never carry internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.options.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(error.options.retryAfterSeconds))));
      }
      if (error.status >= 500) request.log.error({ err: error, details: error.options.details }, error.message);
      // What is wrong with a provider's settings is for the admin page and the log, not for guests.
      if (error.code === 'integration_misconfigured') {
        return sendError(reply, request, error.code, 'This service is not available right now. Please ask the front desk.');
      }
      return sendError(reply, request, error.code, error.message, error.options.details);
    }
    const issues = fieldIssues(error);
    if (issues.length > 0) {
      const fields = [...new Set(issues.map((issue) => issue.field))].join(', ');
      return sendError(reply, request, 'validation_failed', `Invalid request: ${fields}.`, issues);
    }
    const known = error.code ? fastifyErrors[error.code] : undefined;
    if (known) return sendError(reply, request, known.code, known.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code = (Object.entries(errorStatus).find(([, status]) => status === error.statusCode)?.[0] ??
        'bad_request') as ErrorCode;
      return sendError(reply, request, code, 'The request could not be processed.');
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendError(reply, request, 'database_unavailable', 'The service is briefly unavailable. Please try again in a few seconds.');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, request, 'internal_error', 'Something went wrong on our side. Please try again.');
  });
}
