import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseEnv } from '../src/config/env.js';
import { createContext, type AppContext } from '../src/context.js';
import type { Clock } from '../src/lib/clock.js';
import { withDatabase } from './scratch-database.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  databaseUrl: string;
  /** Every log line the app wrote, for checks that secrets stay out of logs. */
  logs: string[];
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated, seeded template. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('databaseServerUrl');
  const name = `innkeeper_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

/** The real app on its own database, with settings overridable per test file. */
export async function createTestApp(
  envOverrides: Record<string, string> = {},
  options: { databaseUrl?: string; clock?: Clock } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // The in-process payments double; tests of Stripe point a property at the Stripe mock server.
    PAYMENTS_PROVIDER: 'mock',
    // The in-process ID reader; tests of tesseract (local) and the cloud readers choose theirs.
    OCR_PROVIDER: 'mock',
    // The in-process concierge, scripted per test (mockConciergeByProperty); tests of local and openai choose theirs.
    CONCIERGE_PROVIDER: 'mock',
    ...envOverrides,
  });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const ctx = createContext(env, databaseUrl, { logStream, ...(options.clock && { clock: options.clock }) });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    databaseUrl,
    logs,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/** The `Authorization` header a token travels in. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const DEMO_PASSWORD = 'innkeeper-demo';

export async function staffToken(app: FastifyInstance, email: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.body}`);
  return response.json().token;
}

export async function guestToken(app: FastifyInstance, confirmation: string, lastName: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/stays/lookup',
    payload: { confirmation, lastName },
  });
  if (response.statusCode !== 200) throw new Error(`lookup ${confirmation} failed: ${response.body}`);
  return response.json().token;
}

/** A single-use SSE ticket: for a property's staff stream, or (without one) for the guest's stay. */
export async function streamTicket(app: FastifyInstance, token: string, propertyId?: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/realtime/tickets${propertyId ? `?propertyId=${propertyId}` : ''}`,
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.statusCode !== 200) throw new Error(`ticket failed: ${response.body}`);
  return response.json().ticket;
}
