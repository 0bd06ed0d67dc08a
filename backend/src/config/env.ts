import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv as parseDotEnv } from 'node:util';
import { z } from 'zod';

/** Repository root: `.data/` (embedded PostgreSQL, generated keys) lives here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const positiveInt = z.coerce.number().int().positive();

/** Every process-wide setting. Documented one by one in backend/.env.example. */
export const envSchema = z.object({
  /** `production` turns on the strict checks (https only, keys required). */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface the API binds to. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json`: one JSON object a line, for log collectors; `pretty`: readable lines (pino-pretty); `auto`: pretty only in development on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** PostgreSQL to use; without it an embedded server is started with its data in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Connections per process in the pool. */
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Where the embedded PostgreSQL and generated development keys live. */
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
  /** Largest request body accepted, in bytes; larger bodies get 413. */
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  /** Lifetime of a staff session token. */
  STAFF_SESSION_TTL_HOURS: positiveInt.default(12),
  /** Failed staff logins from one IP within the window before 429. */
  STAFF_LOGIN_IP_FAILURES: positiveInt.default(30),
  /**
   * Failed logins for one account (from any address) within the window after which attempts from
   * addresses it has not signed in from wait a delay that doubles with each further failure.
   */
  STAFF_LOGIN_ACCOUNT_FAILURES: positiveInt.default(5),
  /** Sliding window for both staff login failure limits. */
  STAFF_LOGIN_FAILURE_WINDOW_MINUTES: positiveInt.default(15),
  /** Longest wait the per-account delay grows to. */
  STAFF_LOGIN_MAX_DELAY_SECONDS: positiveInt.default(60),
  /**
   * Failed guest lookups per IP within GUEST_LOOKUP_FAILURE_WINDOW_MINUTES after which lookups
   * from it no longer answer a token but send the guest a sign-in link.
   */
  GUEST_LOOKUP_IP_FAILURES: positiveInt.default(20),
  /** Failed guest lookups per confirmation number within the window before the same (sign-in link by mail). */
  GUEST_LOOKUP_CONFIRMATION_FAILURES: positiveInt.default(5),
  /** Sliding window for both guest lookup failure limits. */
  GUEST_LOOKUP_FAILURE_WINDOW_MINUTES: positiveInt.default(10),
  /** Trust X-Forwarded-For from a reverse proxy (needed for per-IP limits behind one). */
  TRUST_PROXY: bool.default(false),
  /** 32 random bytes, base64: encrypts integration secrets at rest. Required in production. */
  INTEGRATIONS_ENCRYPTION_KEY: z.string().optional(),
  /** Earlier keys, comma-separated, still accepted for decryption until `npm run secrets:rotate`. */
  INTEGRATIONS_ENCRYPTION_PREVIOUS_KEYS: z.string().optional(),
  /** PMS provider for properties without a saved setting: opera | mews | cloudbeds | mock. */
  PMS_PROVIDER: z.string().optional(),
  /** Payments provider for properties without a saved setting: stripe (default) | mock (in-process, tests only). */
  PAYMENTS_PROVIDER: z.string().optional(),
  /** Mobile-key provider for properties without a saved setting: none (default) | openkey | alliants | mock (in-process, tests only). */
  DIGITAL_KEY_PROVIDER: z.string().optional(),
  /** Spa provider for properties without a saved setting: none (default) | mindbody | mock (in-process, tests only). */
  SPA_PROVIDER: z.string().optional(),
  /** A stay read from the PMS is trusted for this long before the PMS is asked again. */
  PMS_SYNC_TTL_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Email provider for properties without a saved setting: smtp (default) | none. */
  EMAIL_PROVIDER: z.string().optional(),
  /** SMS provider for properties without a saved setting: none (default) | twilio. */
  SMS_PROVIDER: z.string().optional(),
  /** Web push provider for properties without a saved setting: webpush (default) | none. */
  PUSH_PROVIDER: z.string().optional(),
  /** ID document reader for properties without a saved setting: mock (default) | textract | google-vision | azure | none (no ID scan step). */
  OCR_PROVIDER: z.string().optional(),
  /** Reader that takes over when the OCR provider fails or is too slow: none (default) | any OCR provider. */
  OCR_FALLBACK_PROVIDER: z.string().optional(),
  /** AI concierge for properties without a saved setting: local (default, no network) | openai | mock (in-process, tests only). */
  CONCIERGE_PROVIDER: z.string().optional(),
  /**
   * Stripe's API and Stripe.js addresses, read here only for the pages' Content-Security-Policy
   * (the stripe provider reads the same variables for its own settings). Unset: Stripe's own.
   */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  STRIPE_JS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Address guests open the app at; links in emails point here. Default: http://localhost:PORT. */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Jobs one notifications worker process runs at the same time. */
  NOTIFICATIONS_CONCURRENCY: positiveInt.max(100).default(10),
  /** Delivery attempts (with exponential backoff: e^n seconds after the n-th) before a notification is `failed`. */
  NOTIFICATION_MAX_ATTEMPTS: positiveInt.max(25).default(8),
  /** How often each worker process records that it is alive. */
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().positive().default(5),
  /** A worker silent this long is dead: live workers release its jobs so they run again. */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().positive().default(30),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.INTEGRATIONS_ENCRYPTION_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['INTEGRATIONS_ENCRYPTION_KEY'],
      message: 'required in production (32 random bytes, base64: `openssl rand -base64 32`)',
    });
  }
  if (env.WORKER_DEAD_AFTER_SECONDS < env.WORKER_HEARTBEAT_SECONDS * 3) {
    ctx.addIssue({
      code: 'custom',
      path: ['WORKER_DEAD_AFTER_SECONDS'],
      message: 'must be at least three heartbeats (WORKER_HEARTBEAT_SECONDS x 3), or a busy live worker is taken for dead',
    });
  }
  for (const name of ['INTEGRATIONS_ENCRYPTION_KEY', 'INTEGRATIONS_ENCRYPTION_PREVIOUS_KEYS'] as const) {
    const keys = env[name]?.split(',').filter(Boolean) ?? [];
    if (keys.some((key) => Buffer.from(key.trim(), 'base64').length !== 32)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'each key must be 32 bytes, base64-encoded' });
    }
  }
}).transform((env) => ({ ...env, PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}` }));

export type Env = z.output<typeof envSchema>;

/**
 * Fills unset variables from backend/.env when it exists; the real environment always wins, so a
 * deployment's settings are never overridden by a forgotten file.
 */
export function loadEnvFile(file = path.join(repoRoot, 'backend', '.env')): void {
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseDotEnv(readFileSync(file, 'utf8')))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

/** Parses the environment once; every problem is reported together. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export class EnvError extends Error {
  override name = 'EnvError';
}
