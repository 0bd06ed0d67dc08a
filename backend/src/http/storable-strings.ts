import type { FastifyInstance } from 'fastify';
import { AppError, type FieldIssue } from '../lib/errors.js';
import { containsCardNumber } from './card-number.js';

/**
 * Strings we refuse to store, checked once for every string of every request (body, query
 * string, path parameters, object keys included): unstorable characters and card numbers.
 *
 * PostgreSQL cannot store a NUL character in text or jsonb, nor an unpaired UTF-16 surrogate
 * (it is not UTF-8), and answers such a query with an error. Refusing them here, once, for every
 * string, means no route can turn one into a 500 or a half-written record.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const MESSAGE = 'Contains a character that cannot be stored (a NUL character or an unpaired surrogate).';

/**
 * Card numbers must not reach our database or logs (PCI DSS): guests type them into the payment
 * provider's field, which sends them to the provider directly. One that arrives here anyway (a
 * note, a reference, a chat message) is refused, naming the field and never echoing the value.
 */
const CARD_NUMBER = 'Looks like a payment card number, which we must not store; leave it out (a receipt or authorisation number is fine).';

/** Passwords are only ever hashed, never stored or logged: any digits are the owner's business. */
const isPassword = (field: string) => field.endsWith('.password');

function collect(value: unknown, field: string, issues: FieldIssue[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) issues.push({ field, message: MESSAGE });
    else if (!isPassword(field) && containsCardNumber(value)) issues.push({ field, message: CARD_NUMBER });
    return;
  }
  // Raw bodies (signed webhooks) are bytes for their route to read, not strings we store.
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
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
