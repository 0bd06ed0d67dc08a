/**
 * The whole stack for browser tests: a PostgreSQL database of its own (TEST_DATABASE_URL's server,
 * or an embedded one in a temporary folder) migrated and seeded, the real API serving the built
 * web/dist on a free port, the OPERA mock server, the SMTP sink every hotel's email goes to, the
 * Stripe mock every hotel's card payments go to (its Stripe.js stand-in allowed by the pages'
 * Content-Security-Policy), the demo hotels' mobile-key and spa mocks (harbour's SpaBooker, alpine's
 * Mindbody), the OpenAI mock harbour's concierge talks to, and Debian's Chromium through playwright-core.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../backend/src/app.js';
import { parseEnv } from '../../backend/src/config/env.js';
import { createContext, type AppContext } from '../../backend/src/context.js';
import { createTaskList } from '../../backend/src/jobs/task-list.js';
import { configureChannel, runDueJobs } from '../../backend/test/notifications.js';
import { createSeededDatabase, startScratchServer } from '../../backend/test/scratch-database.js';
import { startKeyMocks } from '../../backend/test/key-mocks.js';
import { startOpenAIMock } from '../../backend/test/openai-mock.js';
import { startSpaMocks } from '../../backend/test/spa-mocks.js';
import { pointPaymentsAtStripeMock } from '../../backend/test/stripe-mock.js';
import { createOperaMock } from '../../mocks/opera/server.js';
import { createSmtpSink, type SmtpSink } from '../../mocks/smtp-sink/sink.js';
import { createStripeMock } from '../../mocks/stripe/server.js';

export const CHROMIUM = '/usr/bin/chromium';
const webDist = fileURLToPath(new URL('../dist/index.html', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Why the browser suite cannot run here, or undefined when it can. In CI that is a failure, not a skip. */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} not found (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`E2E: ${reason}; the browser suite must run in CI.`);
  console.warn(`\n${'!'.repeat(72)}\n!! E2E SKIPPED: ${reason}\n${'!'.repeat(72)}\n`);
  return `SKIPPED: ${reason}`;
}

export interface Stack {
  baseUrl: string;
  operaUrl: string;
  /** Harbour's mobile keys (fault injection at `/__control/faults`). */
  openkeyUrl: string;
  browser: Browser;
  ctx: AppContext;
  /** Where the hotels' email arrives. */
  mailbox: SmtpSink;
  /** Runs every job that is due (sign-in links, deliveries), as the notifications worker would. */
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startStack(): Promise<Stack> {
  if (!existsSync(webDist)) throw new Error('web/dist is missing: run `npm run build -w web` first.');
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('e2e cleanup:', error));
  };
  try {
    const server = await startScratchServer(process.env.TEST_DATABASE_URL, 'e2e');
    cleanups.push(server.stop);
    const databaseUrl = await createSeededDatabase(server.serverUrl, `innkeeper_e2e_${randomBytes(4).toString('hex')}`);

    const opera = createOperaMock();
    const operaUrl = await opera.start();
    cleanups.push(opera.stop);

    const mailbox = createSmtpSink();
    const { smtpPort } = await mailbox.start();
    cleanups.push(mailbox.stop);

    const stripe = createStripeMock();
    const stripeUrl = await stripe.start(0);
    cleanups.push(stripe.stop);

    // PUBLIC_BASE_URL is left to its default (http://localhost:PORT), so links in emails lead here.
    const env = parseEnv({
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'fatal',
      INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Only the pages' CSP reads it; the hotels' payments settings below point at the mock.
      STRIPE_API_BASE: stripeUrl,
    });
    const ctx = createContext(env, databaseUrl);
    cleanups.push(ctx.close);
    const { rows: hotels } = await ctx.database.pool.query<{ id: string }>('SELECT id FROM properties');
    for (const hotel of hotels) {
      await configureChannel(ctx, 'email', hotel.id, 'smtp', { host: '127.0.0.1', port: smtpPort, from: 'Innkeeper <stay@innkeeper.example>' });
      await pointPaymentsAtStripeMock(ctx, hotel.id, stripeUrl);
    }
    const keyMocks = await startKeyMocks(ctx);
    cleanups.push(keyMocks.close);
    // Harbour's concierge as `npm start` runs it: openai against the OpenAI mock (alpine's is local).
    const openai = await startOpenAIMock(ctx);
    cleanups.push(openai.close);
    const spaMocks = await startSpaMocks(ctx);
    cleanups.push(spaMocks.close);
    const app = await buildApp(ctx);
    cleanups.push(() => app.close());
    await app.listen({ port: env.PORT, host: '127.0.0.1' });
    const baseUrl = env.PUBLIC_BASE_URL;

    // launch() gives Chromium a fresh temporary --user-data-dir of its own each run.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.push(() => browser.close());
    await mkdir(artifactsDir, { recursive: true });
    const runJobs = () => runDueJobs(ctx, databaseUrl, createTaskList(ctx));
    return { baseUrl, operaUrl, openkeyUrl: keyMocks.openkeyUrl, browser, ctx, mailbox, runJobs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A suite of browser tests on a stack of its own: skipped (loudly) without Chromium, the stack
 * started before its tests and closed after them. Inside the tests, `stack` is the running stack.
 */
export function browserSuite(name: string, body: (stack: Stack) => void): void {
  describe(name, { skip: skipReason() }, () => {
    let started: Stack | undefined;
    before(async () => {
      started = await startStack();
    });
    after(async () => {
      await started?.close();
    });
    body(new Proxy({} as Stack, { get: (_target, key: keyof Stack) => started![key] }));
  });
}

/** A full-page screenshot in web/e2e/artifacts/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

/** A page in a fresh browser context; `locale` is the browser's language (navigator.languages). */
export async function newPage(stack: Stack, viewport = { width: 1280, height: 800 }, locale = 'en-GB'): Promise<Page> {
  const context = await stack.browser.newContext({ baseURL: stack.baseUrl, viewport, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** A small phone's viewport: the width every guest page must fit. */
export const PHONE = { width: 360, height: 740 };
/** A current phone's viewport (iPhone 12 to 15). */
export const PHONE_390 = { width: 390, height: 844 };

/** The page fits its viewport's width: nothing to scroll sideways. */
export async function assertNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  assert.ok(scrollWidth <= clientWidth, `${where}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth} at ${page.viewportSize()?.width} px`);
}

export const DEMO_PASSWORD = 'innkeeper-demo';

/** Signs in on the staff console and waits for its start page. */
/** Opens one of the managers' and admins' settings pages from the header's Settings entry. */
export async function openSettingsPage(page: Page, name: string): Promise<void> {
  await page.locator('summary', { hasText: 'Settings' }).click();
  await page.getByRole('link', { name }).click();
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/staff');
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone it sits in the closed menu.
  await page.getByRole('button', { name: 'Sign out', includeHidden: true }).waitFor({ state: 'attached' });
}
