import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/client.js';
import { createTestDatabase } from '../../../test/test-app.js';
import { createAuthFailuresRepository } from './auth-failures.repository.js';

describe('failed-attempt pruning', () => {
  let url: string;
  let db: pg.Client;
  beforeAll(async () => {
    url = await createTestDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });
  afterAll(() => db.end());

  it('removes rows older than the retention, whatever the bucket, and keeps recent ones', async () => {
    await db.query(`INSERT INTO auth_failures (bucket, occurred_at) VALUES
      ('lookup-ip:203.0.113.1', now() - interval '2 days'),
      ('login-account:gone@example.org', now() - interval '25 hours'),
      ('lookup-ip:203.0.113.2', now() - interval '5 minutes')`);
    const handle = connectDatabase(url, 1);
    try {
      expect(await createAuthFailuresRepository(handle.db).prune(86_400)).toBe(2);
    } finally {
      await handle.close();
    }
    const left = await db.query(`SELECT bucket FROM auth_failures`);
    expect(left.rows).toEqual([{ bucket: 'lookup-ip:203.0.113.2' }]);
  });
});
