import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { runMigrations } from '../src/db/migrate.js';
import { runSeed } from '../src/db/seed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database name; test files clone `templateDatabase` on it. */
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL's server, or an embedded one in a temporary
 * folder), with a template database migrated and seeded once; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const template = `innkeeper_template_${randomBytes(4).toString('hex')}`;
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `innkeeper-test-${randomBytes(4).toString('hex')}`),
      port: await freePort(),
      persistent: false,
    });
    adminUrl = server.adminUrl;
    stopServer = server.stop;
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  await runMigrations(templateUrl);
  await runSeed(templateUrl);

  project.provide('databaseServerUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    const clones = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'innkeeper_test_%' OR datname = $1`,
      [template],
    );
    for (const { datname } of clones.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    await admin.end();
    await stopServer();
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
