import pg from 'pg';
import { loadEnvFile, parseEnv } from '../config/env.js';
import { openDatabaseServer } from './bootstrap.js';
import { exitWithError } from '../lib/error-report.js';
import { runMigrations } from './migrate.js';
import { runSeed } from './seed.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * `npm run db:reset [-- --force]`: drops every schema we own (public, drizzle's migration journal,
 * the job queue), migrates and seeds. Refuses a non-local DATABASE_URL unless --force.
 */
async function main() {
  loadEnvFile();
  const env = parseEnv();
  if (env.DATABASE_URL && !process.argv.includes('--force')) {
    const host = new URL(env.DATABASE_URL).hostname;
    if (!LOCAL_HOSTS.has(host)) {
      throw new Error(`Refusing to reset the database on ${host}: it is not local. Add --force if you mean it.`);
    }
  }
  const server = await openDatabaseServer(env, (message) => console.log(`[db:reset] ${message}`));
  const client = new pg.Client({ connectionString: server.url });
  try {
    await client.connect();
    await client.query(`
      DROP SCHEMA IF EXISTS graphile_worker CASCADE;
      DROP SCHEMA IF EXISTS drizzle CASCADE;
      DROP SCHEMA public CASCADE;
      CREATE SCHEMA public;`);
    await client.end();
    await runMigrations(server.url);
    await runSeed(server.url);
    console.log('[db:reset] database reset, migrated and seeded');
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

main().catch(exitWithError('[db:reset] failed:'));
