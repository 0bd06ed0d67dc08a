import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPERA_DEMO_APP_KEY,
  OPERA_DEMO_CLIENT_ID,
  OPERA_DEMO_CLIENT_SECRET,
  OPERA_DEMO_ENTERPRISE_ID,
} from '../../../../mocks/opera/credentials.js';
import { createOperaMock } from '../../../../mocks/opera/server.js';
import { bearer, createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';

describe('admin integrations API', () => {
  let t: TestApp;
  let other: TestApp;
  let opera: ReturnType<typeof createOperaMock>;
  let operaUrl: string;
  let admin: string;
  let db: pg.Client;
  const operaConfig = () => ({
    gatewayUrl: operaUrl,
    clientId: OPERA_DEMO_CLIENT_ID,
    clientSecret: OPERA_DEMO_CLIENT_SECRET,
    appKey: OPERA_DEMO_APP_KEY,
    enterpriseId: OPERA_DEMO_ENTERPRISE_ID,
    hotelId: 'HARBOUR',
  });

  beforeAll(async () => {
    opera = createOperaMock();
    operaUrl = await opera.start();
    t = await createTestApp();
    // A second API process on the same database, to show settings reach it without a restart.
    other = await createTestApp({ INTEGRATIONS_ENCRYPTION_KEY: t.ctx.env.INTEGRATIONS_ENCRYPTION_KEY! }, { databaseUrl: t.databaseUrl });
    admin = await staffToken(t.app, 'admin@innkeeper.local');
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await other.close();
    await t.close();
    await opera.stop();
  });

  const list = (token = admin) =>
    t.app.inject({ method: 'GET', url: '/api/v1/admin/properties/harbour/integrations', headers: bearer(token) });
  const put = (kind: string, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/admin/properties/harbour/integrations/${kind}`, headers: bearer(admin), payload: payload as object });

  it('describes each kind with its provider, where it comes from, and the providers to choose from', async () => {
    const response = await list();
    expect(response.statusCode).toBe(200);
    const pms = response.json().find((entry: { kind: string }) => entry.kind === 'pms');
    expect(pms).toMatchObject({ provider: 'mock', providerSource: 'default', enabled: true });
    expect(pms.providers.map((provider: { id: string }) => provider.id)).toEqual(expect.arrayContaining(['mock', 'opera', 'mews']));
    const operaForm = pms.providers.find((provider: { id: string }) => provider.id === 'opera');
    expect(operaForm.secretFields).toContain('clientSecret');
    expect(operaForm.configSchema.properties.gatewayUrl.description).toBeTruthy();
    expect(operaForm.configSchema.properties.timeoutMs.title).toBe('Timeout (ms)');
    const spa = response.json().find((entry: { kind: string }) => entry.kind === 'spa');
    // The test database saves the in-process double where the demo has SpaBooker (test/global-setup.ts).
    expect(spa).toMatchObject({ provider: 'mock', providerSource: 'saved', enabled: true });
    expect(spa.providers.map((provider: { id: string }) => provider.id)).toEqual(expect.arrayContaining(['none', 'spabooker', 'mindbody']));
  });

  it('lets a manager read but not write, and keeps front desk out', async () => {
    expect((await list(await staffToken(t.app, 'frontdesk@harbour.local'))).statusCode).toBe(403);
  });

  it('rejects a config that fails the provider schema, naming the fields, and saves nothing', async () => {
    const response = await put('pms', { provider: 'opera', config: { ...operaConfig(), appKey: 'not-a-uuid', hotelId: undefined, colour: 'blue' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'config.colour', message: 'Unknown field.' }]);
    const invalid = await put('pms', { provider: 'opera', config: { ...operaConfig(), appKey: 'not-a-uuid' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.map((issue: { field: string }) => issue.field)).toContain('config.appKey');
    expect((await db.query(`SELECT 1 FROM integration_settings WHERE kind = 'pms'`)).rowCount).toBe(0);
  });

  it('tests a draft before saving it', async () => {
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/properties/harbour/integrations/pms/test',
      headers: bearer(admin),
      payload: { provider: 'opera', config: operaConfig() },
    });
    expect(good.json()).toMatchObject({ ok: true });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/properties/harbour/integrations/pms/test',
      headers: bearer(admin),
      payload: { provider: 'opera', config: { ...operaConfig(), clientSecret: 'wrong-secret' } },
    });
    expect(bad.json()).toMatchObject({ ok: false });
    expect(bad.body).not.toContain('wrong-secret');
  });

  it('names each missing or invalid setting of a draft in a sentence, without calling the vendor', async () => {
    const { clientSecret: _left, hotelId: _out, ...partial } = operaConfig();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/properties/harbour/integrations/pms/test',
      headers: bearer(admin),
      payload: { provider: 'opera', config: { ...partial, appKey: 'not-a-uuid' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: false, message: 'Fill in or correct the settings named below, then test again.' });
    expect(response.json().issues).toEqual(
      expect.arrayContaining([
        { field: 'config.clientSecret', message: 'Client secret is required.' },
        { field: 'config.hotelId', message: 'Hotel code is required.' },
        { field: 'config.appKey', message: expect.stringMatching(/^Application key: .+\.$/) },
      ]),
    );
  });

  it('saves opera with its secrets sealed, never returns them, and every process switches without a restart', async () => {
    // The other process resolves (and caches) the mock PMS first.
    const before = await other.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1006', lastName: 'Tanaka' } });
    expect(before.statusCode).toBe(200);

    const saved = await put('pms', { provider: 'opera', config: operaConfig() });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(OPERA_DEMO_CLIENT_SECRET);
    expect(saved.json()).toMatchObject({
      provider: 'opera',
      providerSource: 'saved',
      secrets: { clientSecret: { set: true, source: 'saved' } },
      sources: { gatewayUrl: 'saved', cashierId: 'default' },
      version: 1,
    });
    const row = (await db.query(`SELECT config, secrets_ciphertext FROM integration_settings WHERE kind = 'pms'`)).rows[0];
    expect(JSON.stringify(row)).not.toContain(OPERA_DEMO_CLIENT_SECRET);
    const audit = await db.query(`SELECT details FROM audit_log WHERE action = 'integration.settings_saved'`);
    expect(JSON.stringify(audit.rows)).not.toContain(OPERA_DEMO_CLIENT_SECRET);
    expect(audit.rows[0].details.secretsChanged).toContain('clientSecret');

    await expect
      .poll(async () => {
        const lookup = await other.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1002', lastName: 'Okafor' } });
        const stay = lookup.json().stay;
        return (await db.query(`SELECT pms_reservation_id FROM stays WHERE id = $1`, [stay.id])).rows[0].pms_reservation_id;
      })
      .toBe('511002');
  });

  it('keeps a stored secret when the form sends it empty', async () => {
    const resaved = await put('pms', { provider: 'opera', config: { ...operaConfig(), clientSecret: '', hotelId: 'HARBOUR' } });
    expect(resaved.statusCode).toBe(200);
    expect(resaved.json()).toMatchObject({ version: 2, secrets: { clientSecret: { set: true } } });
    const test = await t.app.inject({ method: 'POST', url: '/api/v1/admin/properties/harbour/integrations/pms/test', headers: bearer(admin) });
    expect(test.json()).toMatchObject({ ok: true });
    const listed = (await list()).json().find((entry: { kind: string }) => entry.kind === 'pms');
    expect(listed.lastHealth).toMatchObject({ ok: true });
  });

  it('answers 404 for an unknown kind', async () => {
    expect((await put('teleporter', { provider: 'x', config: {} })).statusCode).toBe(404);
  });
});
