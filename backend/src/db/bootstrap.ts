import path from 'node:path';
import type { Env } from '../config/env.js';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.js';
import { runMigrations } from './migrate.js';
import { isEmpty, runSeed } from './seed.js';

export const EMBEDDED_DATABASE = 'innkeeper';

export interface DatabaseServer {
  url: string;
  /** Whether this process started the server (and so must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Finds the database a process should use. With DATABASE_URL: that one, migrated. Without: an
 * embedded PostgreSQL in DATA_DIR/postgres, migrated, and seeded with demo data on first start.
 */
export async function openDatabaseServer(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR' | 'EMBEDDED_POSTGRES_PORT'>,
  log: (message: string) => void,
): Promise<DatabaseServer> {
  if (env.DATABASE_URL) {
    await runMigrations(env.DATABASE_URL);
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const dataDir = path.join(env.DATA_DIR, 'postgres');
  log(`starting embedded PostgreSQL in ${dataDir} on port ${env.EMBEDDED_POSTGRES_PORT}`);
  const server = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_POSTGRES_PORT, persistent: true, log });
  try {
    await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
    const url = server.urlFor(EMBEDDED_DATABASE);
    await runMigrations(url);
    if (await isEmpty(url)) {
      log('first start: loading the demo data');
      await runSeed(url);
    }
    return { url, embedded: true, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
