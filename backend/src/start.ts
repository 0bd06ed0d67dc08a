import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile, parseEnv, repoRoot } from './config/env.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { demoSmtpSinkHttpPort, demoStripe, demoVendorMocks } from './demo-mocks.js';
import { DEVELOPMENT_SMTP } from './integrations/email/smtp/smtp.provider.js';
import { exitWithError } from './lib/error-report.js';
import { healthUrl, readyLine, waitUntilHealthy } from './ready-line.js';

/**
 * `npm start`: one PostgreSQL (embedded unless DATABASE_URL is set), then the API and the
 * notifications worker as two child processes sharing it through DATABASE_URL. Outside production
 * with no SMTP_HOST it also starts the local SMTP sink, so mail lands somewhere readable, and with
 * no STRIPE_SECRET_KEY the Stripe mock, which the (default) stripe payments provider then uses;
 * likewise the OpenKey, Alliants and OpenAI mocks the demo hotels' keys and concierge use.
 * Once the API answers /health it prints one plain line with the addresses and demo sign-ins.
 * SIGTERM/SIGINT go to every child; the database stops after they have exited.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled (`npm run build`: dist/start.js) the API, worker and mocks run from their compiled
// output; run as TypeScript (tsx, whose loader the children inherit), from their sources.
const extension = path.extname(fileURLToPath(import.meta.url));
const entry = (name: string) => path.join(here, `${name}${extension}`);
const mockEntry = (name: string) =>
  extension === '.js' ? path.join(repoRoot, 'mocks', 'dist', name, 'main.js') : path.join(repoRoot, 'mocks', name, 'main.ts');
/** The demo property whose webhook URL the Stripe mock delivers to. */
const DEMO_WEBHOOK_PROPERTY = 'harbour';

/** How a process on this machine reaches the API: a wildcard bind is reached on loopback. */
function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
const log = (message: string) => console.log(`[innkeeper] ${message}`);

function launch(name: string, file: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...process.execArgv, file], { env, stdio: 'inherit' });
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
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  const children: Array<{ name: string; child: ChildProcess; essential: boolean }> = [];

  // The mocks need no database, so they start while PostgreSQL does.
  let mailUrl: string | undefined;
  if (env.NODE_ENV !== 'production' && !process.env.SMTP_HOST) {
    const port = Number(process.env.SMTP_SINK_PORT ?? DEVELOPMENT_SMTP.port);
    const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? demoSmtpSinkHttpPort);
    const sink = launch('smtp sink', mockEntry('smtp-sink'), {
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
    const stripeMock = `http://127.0.0.1:${process.env.STRIPE_MOCK_PORT ?? demoStripe.defaultPort}`;
    // One mock, one webhook endpoint: events go to the first demo hotel's URL (signed with the
    // demo secret both hotels share), so harbour learns of card setups and payments by webhook too;
    // alpine's events reach that URL as well and change nothing there (README, "Card payments").
    const mockEnv = { STRIPE_MOCK_WEBHOOK_URL: `${localUrl(env.HOST, env.PORT)}/api/v1/webhooks/stripe/${DEMO_WEBHOOK_PROPERTY}`, ...process.env };
    // Not essential either: a mock already running on the port (`npm run dev:mock:stripe`) serves as well.
    children.push({ name: 'stripe mock', child: launch('stripe mock', mockEntry('stripe'), mockEnv), essential: false });
    Object.assign(childEnv, { STRIPE_SECRET_KEY: demoStripe.secretKey, STRIPE_PUBLISHABLE_KEY: demoStripe.publishableKey, STRIPE_WEBHOOK_SECRET: demoStripe.webhookSecret, STRIPE_API_BASE: stripeMock });
  }
  // The vendor mocks the demo hotels' keys, spas and concierge point at, each unless the environment
  // names a server of one's own; a demo setting the environment already has (OPENAI_MODEL) is kept.
  for (const mock of demoVendorMocks) {
    if (env.NODE_ENV === 'production' || [mock.baseVariable, ...mock.ownServerVariables].some((name) => process.env[name])) continue;
    const name = `${mock.folder} mock`;
    const port = process.env[mock.portVariable] ?? mock.defaultPort;
    children.push({ name, child: launch(name, mockEntry(mock.folder), process.env), essential: false });
    const settings = Object.entries(mock.settings).filter(([variable]) => !process.env[variable]);
    Object.assign(childEnv, { [mock.baseVariable]: `http://127.0.0.1:${port}${mock.basePath}`, ...Object.fromEntries(settings) });
  }

  const database = await openDatabaseServer(env, log).catch((error: unknown) => {
    for (const { child } of children) child.kill('SIGTERM');
    throw error;
  });
  childEnv.DATABASE_URL = database.url;
  const api = launch('api', entry('server'), childEnv);
  children.push({ name: 'api', child: api, essential: true });
  children.push({ name: 'worker', child: launch('worker', entry('worker'), childEnv), essential: true });

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
