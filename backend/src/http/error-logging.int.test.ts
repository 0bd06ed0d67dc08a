import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, guestToken, type TestApp } from '../../test/test-app.js';
import { hashToken } from '../lib/tokens.js';

/** A query failing for a reason of its own (here: a table gone), with guests' data among its parameters. */
describe('a failed query in the log', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    token = await guestToken(t.app, 'HV1001', 'Müller');
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query('ALTER TABLE stays RENAME TO stays_gone');
    await db.end();
  });
  afterAll(() => t.close());

  it('shows the SQL but none of its parameters: no confirmation number, name or token hash', async () => {
    const lookup = await t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1002', lastName: 'Okafor' } });
    const stay = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: { authorization: `Bearer ${token}` } });
    expect([lookup.statusCode, stay.statusCode]).toEqual([500, 500]);

    const errorLines = t.logs.filter((line) => line.includes('unhandled error'));
    expect(errorLines).toHaveLength(2);
    for (const line of errorLines) expect(JSON.parse(line).err.message).toMatch(/^Failed query: select .*"stays"/);
    const logs = t.logs.join('');
    for (const secret of ['HV1002', 'okafor', token, hashToken(token)]) expect(logs.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});
