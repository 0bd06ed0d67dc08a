import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '../backend/src/db/embedded.js';
import { runMigrations } from '../backend/src/db/migrate.js';
import { runSeed } from '../backend/src/db/seed.js';

/**
 * A fresh, migrated and seeded database for one benchmark: on BENCH_DATABASE_URL's server, or on
 * an embedded PostgreSQL in a temporary folder that `close()` removes.
 */
export async function openBenchDatabase(): Promise<{ databaseUrl: string; close(): Promise<void> }> {
  const embedded = process.env.BENCH_DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(os.tmpdir(), `innkeeper-bench-${randomBytes(4).toString('hex')}`),
        port: 54400 + Math.floor(Math.random() * 500),
        persistent: false,
      });
  try {
    const serverUrl = process.env.BENCH_DATABASE_URL ?? embedded!.adminUrl;
    const database = `innkeeper_bench_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(serverUrl, database);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const databaseUrl = url.toString();
    await runMigrations(databaseUrl);
    await runSeed(databaseUrl);
    return { databaseUrl, close: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
