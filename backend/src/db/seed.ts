import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const seedFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/seed.sql');

/** Loads the demo data in one transaction: all of it or none. */
export async function runSeed(databaseUrl: string): Promise<void> {
  const sql = await readFile(seedFile, 'utf8');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** True when the database holds no property yet (a first start). */
export async function isEmpty(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT NOT EXISTS (SELECT 1 FROM properties) AS empty');
    return result.rows[0].empty as boolean;
  } finally {
    await client.end();
  }
}
