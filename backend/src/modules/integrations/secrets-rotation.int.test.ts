import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestDatabase, staffToken, type TestApp } from '../../../test/test-app.js';

describe('encryption key rotation', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  let databaseUrl: string;
  let db: pg.Client;
  let apps: TestApp[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const before = await createTestApp({ INTEGRATIONS_ENCRYPTION_KEY: oldKey }, { databaseUrl });
    apps.push(before);
    const admin = await staffToken(before.app, 'admin@innkeeper.local');
    const saved = await before.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/properties/alpine/integrations/pms',
      headers: { authorization: `Bearer ${admin}` },
      payload: {
        provider: 'mews',
        config: { platformUrl: 'http://127.0.0.1:4102', clientToken: 'client-token-1', accessToken: 'access-token-1', chargeServiceId: '52196d5d-eac1-4c8a-879b-1a52b43bb927', taxCode: 'CH-S' },
      },
    });
    expect(saved.statusCode).toBe(200);
  });
  afterAll(async () => {
    await db.end();
    for (const app of apps) await app.close();
    apps = [];
  });

  it('re-encrypts every secret under the new key; the old key is then no longer needed', async () => {
    const rotating = await createTestApp(
      { INTEGRATIONS_ENCRYPTION_KEY: newKey, INTEGRATIONS_ENCRYPTION_PREVIOUS_KEYS: oldKey },
      { databaseUrl },
    );
    apps.push(rotating);
    const keyIdBefore = (await db.query(`SELECT secrets_key_id FROM integration_settings WHERE kind = 'pms'`)).rows[0].secrets_key_id;
    expect(await rotating.ctx.integrations.resealAll()).toBe(1);
    const row = (await db.query(`SELECT secrets_key_id, secrets_ciphertext FROM integration_settings WHERE kind = 'pms'`)).rows[0];
    expect(row.secrets_key_id).toBe(rotating.ctx.integrations.currentKeyId);
    expect(row.secrets_key_id).not.toBe(keyIdBefore);
    expect(row.secrets_ciphertext).not.toContain('access-token-1');

    const after = await createTestApp({ INTEGRATIONS_ENCRYPTION_KEY: newKey }, { databaseUrl });
    apps.push(after);
    const pms = (await after.ctx.integrations.describe((await db.query(`SELECT id FROM properties WHERE code = 'alpine'`)).rows[0].id)).find(
      (entry) => entry.kind === 'pms',
    );
    expect(pms?.secrets).toEqual({ clientToken: { set: true, source: 'saved' }, accessToken: { set: true, source: 'saved' } });
  });

  it('fails closed with a key that never sealed the secrets', async () => {
    const stranger = await createTestApp({ INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, { databaseUrl });
    apps.push(stranger);
    // A stay we do not know yet, so only the (undecryptable) PMS settings could open it.
    await db.query(`DELETE FROM stays WHERE confirmation_number = 'AL2005'`);
    const lookup = await stranger.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'AL2005', lastName: 'Keller', property: 'alpine' } });
    expect(lookup.statusCode).toBe(503);
    expect(lookup.json().error.code).toBe('integration_misconfigured');
    expect(lookup.body).not.toMatch(/access-token|decrypt/i);
  });
});
