import type { FastifyInstance } from 'fastify';
import { AppError, type FieldIssue } from '../lib/errors.js';

/**
 * PostgreSQL cannot store a NUL character in text or jsonb, nor an unpaired UTF-16 surrogate
 * (it is not UTF-8), and answers such a query with an error. Refusing them here, once, for every
 * string of every request (body, query string, path parameters, object keys included), means no
 * route can turn one into a 500 or a half-written record.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const MESSAGE = 'Contains a character that cannot be stored (a NUL character or an unpaired surrogate).';

function collect(value: unknown, field: string, issues: FieldIssue[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) issues.push({ field, message: MESSAGE });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const path = `${field}.${key}`;
    if (UNSTORABLE.test(key)) issues.push({ field: path, message: MESSAGE });
    else collect(item, path, issues);
  }
}

export function registerStorableStringCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues: FieldIssue[] = [];
    collect(request.params, 'params', issues);
    collect(request.query, 'querystring', issues);
    collect(request.body, 'body', issues);
    if (issues.length > 0) {
      throw new AppError('validation_failed', `Invalid request: ${issues.map((issue) => issue.field).join(', ')}.`, { details: issues });
    }
  });
}
