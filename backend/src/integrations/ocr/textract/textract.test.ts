import { describe, expect, it, vi } from 'vitest';
import { fixtureImage } from '../../../../../mocks/shared/fixture-images.js';
import type { VendorRequest } from '../../../../../mocks/shared/vendor-request.js';
import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY } from '../../../../../mocks/textract/credentials.js';
import { createTextractMock, type LoggedRequest, type TextractMock } from '../../../../../mocks/textract/server.js';
import { requestProblems } from '../../../../../mocks/textract/smithy-validator.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runOcrContractOnMock, useOcrMock } from '../ocr.contract.js';
import { createTextractOcr } from './textract.adapter.js';
import { textractConfigSchema, textractProvider } from './textract.provider.js';

/** Every request against AWS's Smithy model of AnalyzeID, and the AWS JSON 1.1 framing around it. */
function checkAnalyzeId(request: VendorRequest): string[] {
  const problems: string[] = [];
  if (request.method !== 'POST' || request.url !== '/') problems.push(`${request.method} ${request.url} is not POST /`);
  if (request.headers['x-amz-target'] !== 'Textract.AnalyzeID') problems.push(`X-Amz-Target is ${request.headers['x-amz-target']}`);
  if (request.headers['content-type'] !== 'application/x-amz-json-1.1') problems.push(`content-type is ${request.headers['content-type']}`);
  if (!/^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/.test(request.headers.authorization ?? '')) problems.push('no SigV4 Authorization header');
  return [...problems, ...requestProblems('AnalyzeID', request.body ?? '')];
}

const vendorContract = auditVendorRequests(checkAnalyzeId);
const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

/** The adapter against a Textract mock, its transport audited against the vendor's model. */
function textractAgainst(endpoint: string, overrides: Record<string, unknown> = {}, production = false) {
  const config = textractConfigSchema.parse({
    region: TEXTRACT_MOCK_REGION,
    accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID,
    secretAccessKey: TEXTRACT_MOCK_SECRET_ACCESS_KEY,
    endpoint,
    maxRetries: 0,
    ...overrides,
  });
  return createTextractOcr(config, { http: createHttpClientFactory({ production, fetch: vendorContract.wrap(fetch) }) });
}

runOcrContractOnMock('textract', {
  mock: () => createTextractMock(),
  adapter: (endpoint) => textractAgainst(endpoint),
  reads: { idCard: false, drivingLicence: true },
});

describe('Textract adapter against the Textract mock', () => {
  const running = useOcrMock(() => createTextractMock());
  const logged = () => running.logged<LoggedRequest>();
  const passport = { bytes: fixtureImage('passport-deu', 'jpeg'), mimeType: 'image/jpeg' as const };

  it('sends front and back as the two pages of one AnalyzeID call, signed with the demo key, and merges them', async () => {
    const back = { bytes: fixtureImage('driver-license-us'), mimeType: 'image/png' as const };
    const extraction = await textractAgainst(running.endpoint).extract({ images: [back, passport], kind: 'passport', today: '2026-11-30' });
    const [request] = await logged();
    expect(request).toMatchObject({ target: 'Textract.AnalyzeID', accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID, region: 'us-east-1', status: 200 });
    expect(request!.pages).toEqual([expect.objectContaining({ fixture: 'driver-license-us' }), expect.objectContaining({ format: 'jpeg', fixture: 'passport-deu' })]);
    expect(extraction.mrz?.lines[0]).toMatch(/^P<D<<MUSTERMANN/);
  });

  it('lets the SDK retry a throttled call, and reports one that stays throttled as unavailable', async () => {
    await running.control('/__control/faults', { mode: 'rate-limit', count: 1 });
    await expect(textractAgainst(running.endpoint, { maxRetries: 1 }).extract({ images: [passport], kind: 'passport', today: '2026-11-30' })).resolves.toMatchObject({ provider: 'textract' });
    await running.control('/__control/faults', { mode: 'rate-limit', count: 2 });
    await expect(textractAgainst(running.endpoint).extract({ images: [passport], kind: 'passport', today: '2026-11-30' })).rejects.toSatisfy(codeOf('integration_unavailable'));
  });

  it('times out a hanging call as integration_timeout', async () => {
    await running.control('/__control/faults', { mode: 'hang', count: 1 });
    await expect(textractAgainst(running.endpoint, { timeoutMs: 1_000 }).extract({ images: [passport], kind: 'passport', today: '2026-11-30' })).rejects.toSatisfy(
      codeOf('integration_timeout'),
    );
  });

  it('reads a refused key as misconfigured, in the health check too, and a document answer as healthy', async () => {
    const wrongKey = textractAgainst(running.endpoint, { accessKeyId: 'INNKEEPERWRONGKEY001' });
    await expect(wrongKey.healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    await expect(textractAgainst(running.endpoint).healthCheck()).resolves.toBeUndefined();
  });

  it('refuses more than two pictures before calling AWS, and in production a plain-http endpoint', async () => {
    const three = Array.from({ length: 3 }, () => passport);
    await expect(textractAgainst(running.endpoint).extract({ images: three, kind: 'passport', today: '2026-11-30' })).rejects.toSatisfy(codeOf('validation_failed'));
    await expect(textractAgainst(running.endpoint, {}, true).extract({ images: [passport], kind: 'passport', today: '2026-11-30' })).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect(await logged()).toEqual([]);
  });

  it('reads its settings from the AWS variables, TEXTRACT_ENDPOINT before AWS_ENDPOINT_URL_TEXTRACT', () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', TEXTRACT_MOCK_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', TEXTRACT_MOCK_SECRET_ACCESS_KEY);
    vi.stubEnv('AWS_ENDPOINT_URL_TEXTRACT', 'http://127.0.0.1:1');
    vi.stubEnv('TEXTRACT_ENDPOINT', 'http://127.0.0.1:4109');
    try {
      expect(textractProvider.fromEnv()).toEqual({
        region: 'eu-west-1',
        accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID,
        secretAccessKey: TEXTRACT_MOCK_SECRET_ACCESS_KEY,
        endpoint: 'http://127.0.0.1:4109',
      });
      vi.stubEnv('TEXTRACT_ENDPOINT', '');
      expect(textractProvider.fromEnv().endpoint).toBe('http://127.0.0.1:1');
    } finally {
      vi.unstubAllEnvs();
    }
    expect(textractProvider.secretFields).toEqual(['secretAccessKey']);
  });
});
