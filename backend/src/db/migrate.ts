import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';
import pg from 'pg';

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

const silentLogger = new Logger(() => () => undefined);

// Any constant works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK = 7_314_002;

/**
 * Applies pending migrations (ours, then graphile-worker's). An advisory lock makes concurrent starts of several replicas wait
 * for one another instead of racing on the same DDL.
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
    // The job queue's own schema, so the API can enqueue jobs in its transactions from the start.
    await runJobQueueMigrations({ connectionString: databaseUrl, logger: silentLogger });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
