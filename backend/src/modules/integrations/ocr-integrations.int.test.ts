import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_MOCK_KEY } from '../../../../mocks/azure/credentials.js';
import { createAzureMock } from '../../../../mocks/azure/server.js';
import { controlClient } from '../../../../mocks/shared/control-client.js';
import { fixtureImage } from '../../../../mocks/shared/fixture-images.js';
import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY } from '../../../../mocks/textract/credentials.js';
import { createTextractMock } from '../../../../mocks/textract/server.js';
import { readIdDocument } from '../../integrations/ocr/read-id-document.js';
import { bearer, createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';

/** The OCR kinds through the admin API and the IntegrationManager, as the check-in module will use them. */
describe('OCR integrations of a property', () => {
  let t: TestApp;
  let db: pg.Client;
  let admin: string;
  const textract = createTextractMock();
  const azure = createAzureMock({ retryAfterSeconds: 0, runningPolls: 0 });
  let textractUrl: string;
  let azureUrl: string;

  beforeAll(async () => {
    [textractUrl, azureUrl] = await Promise.all([textract.start(0), azure.start(0)]);
    t = await createTestApp();
    admin = await staffToken(t.app, 'admin@innkeeper.local');
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
    await Promise.all([textract.stop(), azure.stop()]);
  });



  const url = (path = '') => `/api/v1/admin/properties/harbour/integrations${path}`;
  const textractConfig = () => ({ region: TEXTRACT_MOCK_REGION, accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID, secretAccessKey: TEXTRACT_MOCK_SECRET_ACCESS_KEY, endpoint: textractUrl, maxRetries: 0 });

  it('lists ocr (default: the in-process mock) and ocr-fallback (default: none), with every provider form', async () => {
    const kinds = (await t.app.inject({ method: 'GET', url: url(), headers: bearer(admin) })).json() as Array<{ kind: string; provider: string; enabled: boolean; providers: Array<{ id: string; secretFields: string[] }> }>;
    const ocr = kinds.find((entry) => entry.kind === 'ocr')!;
    const fallback = kinds.find((entry) => entry.kind === 'ocr-fallback')!;
    expect(ocr).toMatchObject({ provider: 'mock', enabled: true });
    expect(fallback).toMatchObject({ provider: 'none', enabled: false });
    expect(ocr.providers.map((provider) => provider.id)).toEqual(expect.arrayContaining(['none', 'mock', 'textract', 'azure']));
    expect(fallback.providers.find((provider) => provider.id === 'azure')?.secretFields).toEqual(['key']);
  });

  it('saves Textract with its secret sealed, and Azure as the fallback, each passing its connection test', async () => {
    const saved = await t.app.inject({ method: 'PUT', url: url('/ocr'), headers: bearer(admin), payload: { provider: 'textract', config: textractConfig() } });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain(TEXTRACT_MOCK_SECRET_ACCESS_KEY);
    expect(saved.json()).toMatchObject({ provider: 'textract', secrets: { secretAccessKey: { set: true, source: 'saved' } } });
    const row = (await db.query(`SELECT config, secrets_ciphertext FROM integration_settings WHERE kind = 'ocr'`)).rows[0];
    expect(JSON.stringify(row)).not.toContain(TEXTRACT_MOCK_SECRET_ACCESS_KEY);

    const fallback = await t.app.inject({
      method: 'PUT',
      url: url('/ocr-fallback'),
      headers: bearer(admin),
      payload: { provider: 'azure', config: { endpoint: azureUrl, key: AZURE_MOCK_KEY, maxRetries: 0, switchAfterMs: 1_000 } },
    });
    expect(fallback.statusCode).toBe(200);
    expect(fallback.json()).toMatchObject({ provider: 'azure', config: { switchAfterMs: 1_000 }, secrets: { key: { set: true } } });

    for (const kind of ['ocr', 'ocr-fallback']) {
      expect((await t.app.inject({ method: 'POST', url: url(`/${kind}/test`), headers: bearer(admin) })).json()).toMatchObject({ ok: true });
    }
  });

  it('reads with Textract, falls back to Azure when Textract hangs, and logs no document data', async () => {
    const propertyId = (await db.query(`SELECT id FROM properties WHERE code = 'harbour'`)).rows[0].id as string;
    const input = { images: [{ bytes: fixtureImage('passport-deu'), mimeType: 'image/png' as const }], kind: 'passport' as const, today: '2026-11-30' };
    expect(await readIdDocument(t.ctx, propertyId, input)).toMatchObject({ provider: 'textract', fields: { documentNumber: { value: 'C4J7R2K95' } } });

    const textractControl = controlClient(textractUrl);
    await textractControl('/__control/faults', { mode: 'hang', count: 1 });
    const fallen = await readIdDocument(t.ctx, propertyId, input);
    // Textract got the document and never answered; Azure read it once switchAfterMs (1 s) had passed.
    expect((await textractControl('/__control/requests')).body.requests.map((request: { status: number | null }) => request.status).at(-1)).toBeNull();
    expect(fallen).toMatchObject({ provider: 'azure', fallback: { reason: 'timeout' }, fields: { documentNumber: { value: 'C4J7R2K95' } } });
    expect(fallen.warnings).toContainEqual({ code: 'fallback_used' });

    const logs = t.logs.join('\n');
    for (const secret of ['C4J7R2K95', '1983-08-12', '830812', TEXTRACT_MOCK_SECRET_ACCESS_KEY, AZURE_MOCK_KEY]) expect(logs).not.toContain(secret);
  });
});
