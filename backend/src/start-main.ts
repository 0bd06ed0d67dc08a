import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnvFile, parseEnv, repoRoot } from './config/env.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { demoSmtpSinkHttpPort, demoStripe, demoVendorMocks } from './demo-mocks.js';
import { DEVELOPMENT_SMTP } from './integrations/email/smtp/smtp.provider.js';
import { exitWithError } from './lib/error-report.js';
import { healthUrl, readyLine, waitUntilHealthy, waitUntilListening } from './ready-line.js';

/**
 * `npm start`: one PostgreSQL (embedded unless DATABASE_URL is set), then the API and, once it
 * answers /health, the notifications worker: child processes sharing it through DATABASE_URL. Outside production
 * with no SMTP_HOST it also starts the local SMTP sink, so mail lands somewhere readable, and with
 * no STRIPE_SECRET_KEY the Stripe mock, which the (default) stripe payments provider then uses;
 * likewise the OpenKey, Alliants and OpenAI mocks the demo hotels' keys and concierge use; these
 * too start once the API answers. When the worker is running and every mock answers on its ports,
 * it prints one plain line with the addresses and demo sign-ins.
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

function launch(name: string, file: string, env: NodeJS.ProcessEnv, stdio: 'inherit' | ['inherit', 'inherit', 'inherit', 'ipc'] = 'inherit'): ChildProcess {
  const child = spawn(process.execPath, [...process.execArgv, file], { env, stdio });
  child.on('error', (error) => log(`${name} could not start: ${error.message}`));
  return child;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? 1);
    else child.once('exit', (code) => resolve(code ?? 1));
  });
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** A mock server to start: its entry, environment, and the ports it answers on once up. */
interface MockLaunch {
  name: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  ports: number[];
}

async function main() {
  loadEnvFile();
  const env = parseEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  const children: Array<{ name: string; child: ChildProcess; essential: boolean }> = [];
  const mocks: MockLaunch[] = [];

  let mailUrl: string | undefined;
  if (env.NODE_ENV !== 'production' && !process.env.SMTP_HOST) {
    const port = Number(process.env.SMTP_SINK_PORT ?? DEVELOPMENT_SMTP.port);
    const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? demoSmtpSinkHttpPort);
    mocks.push({ name: 'smtp sink', folder: 'smtp-sink', env: { ...process.env, SMTP_SINK_PORT: String(port), SMTP_SINK_HTTP_PORT: String(httpPort) }, ports: [port, httpPort] });
    childEnv.SMTP_HOST = DEVELOPMENT_SMTP.host;
    childEnv.SMTP_PORT = String(port);
    mailUrl = `http://127.0.0.1:${httpPort}/`;
  }
  if (env.NODE_ENV !== 'production' && !process.env.STRIPE_SECRET_KEY) {
    const port = Number(process.env.STRIPE_MOCK_PORT ?? demoStripe.defaultPort);
    // One mock, one webhook endpoint: events go to the first demo hotel's URL (signed with the
    // demo secret both hotels share), so harbour learns of card setups and payments by webhook too;
    // alpine's events reach that URL as well and change nothing there (README, "Card payments").
    const mockEnv = { STRIPE_MOCK_WEBHOOK_URL: `${localUrl(env.HOST, env.PORT)}/api/v1/webhooks/stripe/${DEMO_WEBHOOK_PROPERTY}`, ...process.env };
    mocks.push({ name: 'stripe mock', folder: 'stripe', env: mockEnv, ports: [port] });
    Object.assign(childEnv, { STRIPE_SECRET_KEY: demoStripe.secretKey, STRIPE_PUBLISHABLE_KEY: demoStripe.publishableKey, STRIPE_WEBHOOK_SECRET: demoStripe.webhookSecret, STRIPE_API_BASE: `http://127.0.0.1:${port}` });
  }
  // The vendor mocks the demo hotels' keys, spas and concierge point at, each unless the environment
  // names a server of one's own; a demo setting the environment already has (OPENAI_MODEL) is kept.
  for (const mock of demoVendorMocks) {
    if (env.NODE_ENV === 'production' || [mock.baseVariable, ...mock.ownServerVariables].some((name) => process.env[name])) continue;
    const port = Number(process.env[mock.portVariable] ?? mock.defaultPort);
    mocks.push({ name: `${mock.folder} mock`, folder: mock.folder, env: process.env, ports: [port] });
    const settings = Object.entries(mock.settings).filter(([variable]) => !process.env[variable]);
    Object.assign(childEnv, { [mock.baseVariable]: `http://127.0.0.1:${port}${mock.basePath}`, ...Object.fromEntries(settings) });
  }

  const database = await openDatabaseServer(env, log);
  childEnv.DATABASE_URL = database.url;
  const api = launch('api', entry('server'), childEnv);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals, code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) if (!ended(child)) child.kill(signal);
    await Promise.all(children.map(({ child }) => exitOf(child)));
    await database.stop();
    process.exit(code);
  };
  const watch = (name: string, child: ChildProcess, essential: boolean) => {
    children.push({ name, child, essential });
    void exitOf(child).then((code) => {
      if (stopping) return;
      // Not essential: a mock whose port is taken (`npm run dev:mock:stripe` already runs) leaves that one to serve.
      if (!essential) return log(`${name} exited (${code}); carrying on without it`);
      log(`${name} exited (${code}); stopping everything`);
      void stop('SIGTERM', code || 1);
    });
  };
  watch('api', api, true);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal, 0));

  // The API first, with the cores to itself: the worker and the mocks answer no /health and each
  // load modules for a second or so on start; started alongside, they doubled the API's start
  // (README, "Start times").
  if (!(await waitUntilHealthy(healthUrl(env.HOST, env.PORT), () => stopping || ended(api)))) return;
  const worker = launch('worker', entry('worker'), childEnv, ['inherit', 'inherit', 'inherit', 'ipc']);
  watch('worker', worker, true);
  const workerUp = new Promise<boolean>((resolve) => {
    worker.once('message', (message) => resolve(message === 'ready'));
    void exitOf(worker).then(() => resolve(false));
  });
  const mocksUp = mocks.map((mock) => {
    const child = launch(mock.name, mockEntry(mock.folder), mock.env);
    watch(mock.name, child, false);
    // A mock whose port is taken exits, and the one already running there answers the first probe.
    return Promise.all(mock.ports.map((port) => waitUntilListening(port, () => stopping || ended(child))));
  });
  await Promise.all([workerUp, ...mocksUp]);
  if (stopping || ended(worker)) return;
  const line = readyLine({ baseUrl: env.PUBLIC_BASE_URL, mailUrl, demo: database.embedded && env.NODE_ENV !== 'production' });
  log(process.stdout.isTTY ? `\x1b[1m${line}\x1b[0m` : line);
}

main().catch(exitWithError('[innkeeper] failed to start:'));
