import { describe, expect, it, vi } from 'vitest';
import { AZURE_MOCK_KEY } from '../../../../../mocks/azure/credentials.js';
import { createAzureMock, type LoggedRequest } from '../../../../../mocks/azure/server.js';
import { validateAzureRequest } from '../../../../../mocks/azure/spec-validator.js';
import { fixtureImage } from '../../../../../mocks/shared/fixture-images.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runOcrContractOnMock, useOcrMock } from '../ocr.contract.js';
import { createAzureOcr } from './azure.adapter.js';
import { azureConfigSchema, azureProvider } from './azure.provider.js';

// Every request against Microsoft's Swagger file of Document Intelligence.
const vendorContract = auditVendorRequests(validateAzureRequest);
const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

function azureAgainst(endpoint: string, overrides: Record<string, unknown> = {}, production = false) {
  const config = azureConfigSchema.parse({ endpoint, key: AZURE_MOCK_KEY, maxRetries: 0, ...overrides });
  return createAzureOcr(config, { http: createHttpClientFactory({ production, fetch: vendorContract.wrap(fetch) }) });
}

runOcrContractOnMock('azure', {
  // The first poll has the outcome (`runningPolls` 0), so no read waits out the poller's interval.
  mock: () => createAzureMock({ retryAfterSeconds: 0, runningPolls: 0 }),
  adapter: (endpoint) => azureAgainst(endpoint),
  reads: { idCard: true, drivingLicence: true },
});

describe('Azure adapter against the Document Intelligence mock', () => {
  // One `running` poll before the outcome, as Azure answers: each read here waits one poll interval (1 s).
  const running = useOcrMock(() => createAzureMock({ retryAfterSeconds: 0, runningPolls: 1 }));
  const logged = () => running.logged<LoggedRequest>();
  const read = (id: Parameters<typeof fixtureImage>[0], overrides: Record<string, unknown> = {}) =>
    azureAgainst(running.endpoint, overrides).extract({ images: [{ bytes: fixtureImage(id), mimeType: 'image/png' }], kind: 'passport', today: '2026-11-30' });

  it('analyses with base64Source, polls the Operation-Location until done, then deletes the result at Azure', async () => {
    await read('passport-deu');
    const requests = await logged();
    expect(requests.map((request) => [request.method, request.status])).toEqual([
      ['POST', 202],
      ['GET', 200],
      ['GET', 200],
      ['DELETE', 204],
    ]);
    expect(requests[0]).toMatchObject({ source: 'base64Source', document: 'passport-deu', keyValid: true, apiVersion: '2024-11-30' });
    expect(new Set(requests.map((request) => request.resultId)).size).toBe(1);
  });

  it('reports an operation that ends failed (an unreadable picture) as a refusal, and a 429 as unavailable with its Retry-After', async () => {
    await expect(read('unreadable')).rejects.toSatisfy(codeOf('upstream_rejected'));
    await running.control('/__control/faults', { mode: 'rate-limit', count: 1 });
    const limited = await read('passport-deu').catch((error: unknown) => error);
    expect(limited).toSatisfy(codeOf('integration_unavailable'));
    expect((limited as AppError).options.retryAfterSeconds).toBe(1);
  });

  it('lets the pipeline retry a throttled call', async () => {
    await running.control('/__control/faults', { mode: 'rate-limit', count: 1 });
    await expect(read('passport-deu', { maxRetries: 1 })).resolves.toMatchObject({ provider: 'azure' });
  });

  it('times out a call that never answers as integration_timeout', async () => {
    const ocr = azureAgainst(running.endpoint, { timeoutMs: 1_000 });
    await running.control('/__control/faults', { mode: 'hang', count: 1 });
    await expect(ocr.extract({ images: [{ bytes: fixtureImage('passport-deu'), mimeType: 'image/png' }], kind: 'passport', today: '2026-11-30' })).rejects.toSatisfy(
      codeOf('integration_timeout'),
    );
  });

  it('checks its health with a free poll, and reads a wrong key as misconfigured', async () => {
    await expect(azureAgainst(running.endpoint).healthCheck()).resolves.toBeUndefined();
    await expect(azureAgainst(running.endpoint, { key: 'notTheMockKey000000000000000000' }).healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    await expect(read('passport-deu', { key: 'notTheMockKey000000000000000000' })).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect((await logged()).every((request) => request.method !== 'POST' || request.status === 401)).toBe(true);
  });

  it('refuses a plain-http endpoint in production before sending anything', async () => {
    await expect(azureAgainst(running.endpoint, {}, true).healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect(await logged()).toEqual([]);
  });

  it('reads its settings from the AZURE_DOCUMENT_INTELLIGENCE_* variables, the key as a secret', () => {
    vi.stubEnv('AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT', 'http://127.0.0.1:4111');
    vi.stubEnv('AZURE_DOCUMENT_INTELLIGENCE_KEY', AZURE_MOCK_KEY);
    try {
      expect(azureProvider.fromEnv()).toEqual({ endpoint: 'http://127.0.0.1:4111', key: AZURE_MOCK_KEY });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(azureProvider.secretFields).toEqual(['key']);
  });
});
