import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createSeededDatabase, startScratchServer } from './scratch-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database name; test files clone `templateDatabase` on it. */
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL's server, or an embedded one in a temporary
 * folder), with a template database migrated and seeded once; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const template = `innkeeper_template_${randomBytes(4).toString('hex')}`;
  const server = await startScratchServer(process.env.TEST_DATABASE_URL, 'test');
  const adminUrl = server.serverUrl;
  const templateUrl = await createSeededDatabase(adminUrl, template);
  // The demo data saves OpenKey and Alliants for the hotels' keys (and the spa vendors for their
  // spas), whose settings only `npm start` supplies; tests use the in-process doubles (tests of the
  // adapters point at their mocks).
  const seeded = new pg.Client({ connectionString: templateUrl });
  await seeded.connect();
  await seeded.query(`UPDATE integration_settings SET provider = 'mock', config = '{}' WHERE kind IN ('keys', 'spa', 'concierge')`);
  await seeded.end();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();

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
    await server.stop();
  };
}
