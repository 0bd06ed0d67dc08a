import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '../src/db/embedded.js';
import { runMigrations } from '../src/db/migrate.js';
import { runSeed } from '../src/db/seed.js';

/**
 * Throwaway databases for the test suite, the browser suite and the benchmarks: one PostgreSQL
 * server (the one `serverUrl` names, or an embedded one in a temporary folder on a free port) and
 * migrated, seeded databases on it.
 */
export interface ScratchServer {
  /** Connection string of the server's maintenance database. */
  serverUrl: string;
  /** Stops the embedded server (and removes its folder); a server we were given is left alone. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startScratchServer(serverUrl: string | undefined, label: string): Promise<ScratchServer> {
  if (serverUrl) return { serverUrl, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `innkeeper-${label}-${randomBytes(4).toString('hex')}`),
    port: await freePort(),
    persistent: false,
  });
  return { serverUrl: embedded.adminUrl, stop: embedded.stop };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `database` on the server, migrates and seeds it, and returns its connection string. */
export async function createSeededDatabase(serverUrl: string, database: string): Promise<string> {
  await ensureDatabase(serverUrl, database);
  const databaseUrl = withDatabase(serverUrl, database);
  await runMigrations(databaseUrl);
  await runSeed(databaseUrl);
  return databaseUrl;
}
