import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile, parseEnv, repoRoot } from './config/env.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID, alliantsDefaultPort } from '../../mocks/alliants/credentials.js';
import {
  MINDBODY_MOCK_API_KEY,
  MINDBODY_MOCK_LOCATION_ID,
  MINDBODY_MOCK_PASSWORD,
  MINDBODY_MOCK_SITE_ID,
  MINDBODY_MOCK_USERNAME,
  mindbodyDefaultPort,
} from '../../mocks/mindbody/credentials.js';
import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME, openkeyDefaultPort } from '../../mocks/openkey/credentials.js';
import {
  SPABOOKER_MOCK_CLIENT_ID,
  SPABOOKER_MOCK_CLIENT_SECRET,
  SPABOOKER_MOCK_LOCATION_ID,
  SPABOOKER_MOCK_SUBSCRIPTION_KEY,
  spabookerDefaultPort,
} from '../../mocks/spabooker/credentials.js';
import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET, stripeDefaultPort } from '../../mocks/stripe/credentials.js';
import { DEVELOPMENT_SMTP } from './integrations/email/smtp/smtp.provider.js';
import { exitWithError } from './lib/error-report.js';
import { healthUrl, readyLine, waitUntilHealthy } from './ready-line.js';

/**
 * `npm start`: one PostgreSQL (embedded unless DATABASE_URL is set), then the API and the
 * notifications worker as two child processes sharing it through DATABASE_URL. Outside production
 * with no SMTP_HOST it also starts the local SMTP sink, so mail lands somewhere readable, and with
 * no STRIPE_SECRET_KEY the Stripe mock, which the (default) stripe payments provider then uses.
 * Once the API answers /health it prints one plain line with the addresses and demo sign-ins.
 * SIGTERM/SIGINT go to every child; the database stops after they have exited.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
/** The demo property whose webhook URL the Stripe mock delivers to. */
const DEMO_WEBHOOK_PROPERTY = 'harbour';

/** How a process on this machine reaches the API: a wildcard bind is reached on loopback. */
function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
const log = (message: string) => console.log(`[innkeeper] ${message}`);

function launch(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: 'inherit' });
  child.on('error', (error) => log(`${name} could not start: ${error.message}`));
  return child;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? 1);
    else child.once('exit', (code) => resolve(code ?? 1));
  });

async function main() {
  loadEnvFile();
  const env = parseEnv();
  const database = await openDatabaseServer(env, log);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };

  const children: Array<{ name: string; child: ChildProcess; essential: boolean }> = [];
  let mailUrl: string | undefined;
  if (env.NODE_ENV !== 'production' && !process.env.SMTP_HOST) {
    const port = Number(process.env.SMTP_SINK_PORT ?? DEVELOPMENT_SMTP.port);
    const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 4106);
    const sink = launch('smtp sink', path.join(repoRoot, 'mocks', 'smtp-sink', 'main.ts'), {
      ...process.env,
      SMTP_SINK_PORT: String(port),
      SMTP_SINK_HTTP_PORT: String(httpPort),
    });
    // Not essential: when its ports are taken (e.g. `npm run dev:mock:smtp` already runs), that one is used.
    children.push({ name: 'smtp sink', child: sink, essential: false });
    childEnv.SMTP_HOST = DEVELOPMENT_SMTP.host;
    childEnv.SMTP_PORT = String(port);
    mailUrl = `http://127.0.0.1:${httpPort}/`;
  }
  if (env.NODE_ENV !== 'production' && !process.env.STRIPE_SECRET_KEY) {
    const stripeMock = `http://127.0.0.1:${process.env.STRIPE_MOCK_PORT ?? stripeDefaultPort}`;
    // One mock, one webhook endpoint: events go to the first demo hotel's URL (signed with the
    // demo secret both hotels share), so harbour learns of card setups and payments by webhook too;
    // alpine's events reach that URL as well and change nothing there (README, "Card payments").
    const mockEnv = { STRIPE_MOCK_WEBHOOK_URL: `${localUrl(env.HOST, env.PORT)}/api/v1/webhooks/stripe/${DEMO_WEBHOOK_PROPERTY}`, ...process.env };
    // Not essential either: a mock already running on the port (`npm run dev:mock:stripe`) serves as well.
    children.push({ name: 'stripe mock', child: launch('stripe mock', path.join(repoRoot, 'mocks', 'stripe', 'main.ts'), mockEnv), essential: false });
    Object.assign(childEnv, { STRIPE_SECRET_KEY: STRIPE_MOCK_SECRET_KEY, STRIPE_PUBLISHABLE_KEY: STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET: STRIPE_MOCK_WEBHOOK_SECRET, STRIPE_API_BASE: stripeMock });
  }
  // The vendor mocks the demo hotels' providers point at (keys: harbour OpenKey, alpine Alliants;
  // spa: harbour SpaBooker), each unless its API base names another server.
  const demoMocks = [
    { folder: 'openkey', base: 'OPENKEY_API_BASE', port: process.env.OPENKEY_MOCK_PORT ?? openkeyDefaultPort, settings: { OPENKEY_USERNAME: OPENKEY_MOCK_USERNAME, OPENKEY_PASSWORD: OPENKEY_MOCK_PASSWORD, OPENKEY_HOTEL_ID: OPENKEY_MOCK_HOTEL_ID } },
    {
      folder: 'alliants',
      base: 'ALLIANTS_API_BASE',
      port: process.env.ALLIANTS_MOCK_PORT ?? alliantsDefaultPort,
      settings: { ALLIANTS_CLIENT_ID: ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_CLIENT_SECRET: ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_LOCATION_ID: ALLIANTS_MOCK_LOCATION_ID },
    },
    {
      folder: 'spabooker',
      base: 'SPABOOKER_API_BASE',
      port: process.env.SPABOOKER_MOCK_PORT ?? spabookerDefaultPort,
      settings: {
        SPABOOKER_CLIENT_ID: SPABOOKER_MOCK_CLIENT_ID,
        SPABOOKER_CLIENT_SECRET: SPABOOKER_MOCK_CLIENT_SECRET,
        SPABOOKER_SUBSCRIPTION_KEY: SPABOOKER_MOCK_SUBSCRIPTION_KEY,
        SPABOOKER_LOCATION_ID: SPABOOKER_MOCK_LOCATION_ID,
      },
    },
  ];
  for (const mock of demoMocks) {
    if (env.NODE_ENV === 'production' || process.env[mock.base]) continue;
    const name = `${mock.folder} mock`;
    children.push({ name, child: launch(name, path.join(repoRoot, 'mocks', mock.folder, 'main.ts'), process.env), essential: false });
    Object.assign(childEnv, { [mock.base]: `http://127.0.0.1:${mock.port}`, ...mock.settings });
  }
  // The demo spa (alpine on Mindbody), unless pointed elsewhere.
  if (env.NODE_ENV !== 'production' && !process.env.MINDBODY_API_BASE) {
    const port = process.env.MINDBODY_MOCK_PORT ?? mindbodyDefaultPort;
    children.push({ name: 'mindbody mock', child: launch('mindbody mock', path.join(repoRoot, 'mocks', 'mindbody', 'main.ts'), process.env), essential: false });
    Object.assign(childEnv, {
      MINDBODY_API_BASE: `http://127.0.0.1:${port}/public/v6`,
      MINDBODY_API_KEY: MINDBODY_MOCK_API_KEY,
      MINDBODY_SITE_ID: MINDBODY_MOCK_SITE_ID,
      MINDBODY_USERNAME: MINDBODY_MOCK_USERNAME,
      MINDBODY_PASSWORD: MINDBODY_MOCK_PASSWORD,
      MINDBODY_LOCATION_ID: MINDBODY_MOCK_LOCATION_ID,
    });
  }
  const api = launch('api', path.join(here, 'server.ts'), childEnv);
  children.push({ name: 'api', child: api, essential: true });
  children.push({ name: 'worker', child: launch('worker', path.join(here, 'worker.ts'), childEnv), essential: true });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await Promise.all(children.map(({ child }) => exitOf(child)));
    await database.stop();
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal, 0));
  void waitUntilHealthy(healthUrl(env.HOST, env.PORT), () => stopping || api.exitCode !== null || api.signalCode !== null).then((ready) => {
    const line = readyLine({ baseUrl: env.PUBLIC_BASE_URL, mailUrl, demo: database.embedded && env.NODE_ENV !== 'production' });
    if (ready) log(process.stdout.isTTY ? `\x1b[1m${line}\x1b[0m` : line);
  });
  for (const { name, child, essential } of children) {
    void exitOf(child).then((code) => {
      if (stopping) return;
      if (!essential) return log(`${name} exited (${code}); carrying on without it`);
      log(`${name} exited (${code}); stopping everything`);
      void stop('SIGTERM', code || 1);
    });
  }
}

main().catch(exitWithError('[innkeeper] failed to start:'));
