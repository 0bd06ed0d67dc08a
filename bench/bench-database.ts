import { randomBytes } from 'node:crypto';
import { createSeededDatabase, startScratchServer } from '../backend/test/scratch-database.js';

/**
 * A fresh, migrated and seeded database for one benchmark: on BENCH_DATABASE_URL's server, or on
 * an embedded PostgreSQL in a temporary folder that `close()` removes.
 */
export async function openBenchDatabase(): Promise<{ databaseUrl: string; close(): Promise<void> }> {
  const server = await startScratchServer(process.env.BENCH_DATABASE_URL, 'bench');
  try {
    const databaseUrl = await createSeededDatabase(server.serverUrl, `innkeeper_bench_${randomBytes(4).toString('hex')}`);
    return { databaseUrl, close: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
