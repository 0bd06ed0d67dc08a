import { invalidParam, StripeError } from './errors.js';

/**
 * Stripe's idempotency layer (docs.stripe.com/api/idempotent_requests): the status and body of the
 * first execution under a key are replayed to every retry with the same parameters, errors
 * included; the same key with other parameters is an `idempotency_error`; keys are pruned after
 * 24 hours, after which the key runs a new request. Keys are per account.
 *
 * Stripe also answers 409 to a retry that arrives while the first is still running; the mock runs
 * each request to completion before reading the next, so that case cannot arise here.
 */
interface Saved {
  fingerprint: string;
  statusCode: number;
  body: unknown;
  savedAt: number;
}

export type Lookup = { kind: 'new' } | { kind: 'replay'; statusCode: number; body: unknown };

const RETENTION_SECONDS = 24 * 3600;
const MAX_KEY_LENGTH = 255;

export class IdempotencyStore {
  private readonly saved = new Map<string, Saved>();

  constructor(private readonly now: () => number) {}

  lookup(account: string, key: string, fingerprint: string): Lookup {
    if (key.length > MAX_KEY_LENGTH) throw invalidParam('Idempotency-Key', `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long.`);
    const entry = this.saved.get(`${account}\n${key}`);
    if (!entry || this.now() - entry.savedAt >= RETENTION_SECONDS) return { kind: 'new' };
    if (entry.fingerprint !== fingerprint) {
      throw new StripeError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        {},
        false,
      );
    }
    return { kind: 'replay', statusCode: entry.statusCode, body: entry.body };
  }

  save(account: string, key: string, fingerprint: string, statusCode: number, body: unknown): void {
    this.saved.set(`${account}\n${key}`, { fingerprint, statusCode, body, savedAt: this.now() });
  }
}

/** What makes two requests "the same" for Stripe: endpoint and parameters, key order aside. */
export function requestFingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${JSON.stringify(params, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) : value,
  )}`;
}
