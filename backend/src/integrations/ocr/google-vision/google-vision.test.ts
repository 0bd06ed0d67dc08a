import { describe, expect, it, vi } from 'vitest';
import { GOOGLE_VISION_MOCK_API_KEY } from '../../../../../mocks/google-vision/credentials.js';
import { textDetection } from '../../../../../mocks/google-vision/documents.js';
import { createGoogleVisionMock, type LoggedRequest } from '../../../../../mocks/google-vision/server.js';
import { validateVisionRequest } from '../../../../../mocks/google-vision/spec-validator.js';
import { fixtureImage } from '../../../../../mocks/shared/fixture-images.js';
import { auditVendorRequests } from '../../../../test/vendor-request-audit.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { finishExtraction } from '../id-reading.js';
import { runOcrContractOnMock, useOcrMock } from '../ocr.contract.js';
import { createGoogleVisionOcr } from './google-vision.adapter.js';
import { printedDate, readTextDetection } from './google-vision.mapper.js';
import { googleVisionConfigSchema, googleVisionProvider } from './google-vision.provider.js';

// Every request against Google's discovery document of Cloud Vision.
const vendorContract = auditVendorRequests(validateVisionRequest);
const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;
const TODAY = '2026-11-30';

function visionAgainst(endpoint: string, overrides: Record<string, unknown> = {}, production = false) {
  const config = googleVisionConfigSchema.parse({ endpoint, apiKey: GOOGLE_VISION_MOCK_API_KEY, maxRetries: 0, ...overrides });
  return createGoogleVisionOcr(config, { http: createHttpClientFactory({ production, fetch: vendorContract.wrap(fetch) }) });
}

runOcrContractOnMock('google-vision', {
  mock: () => createGoogleVisionMock(),
  adapter: (endpoint) => visionAgainst(endpoint),
  reads: { idCard: true, drivingLicence: true },
});

describe('Google Vision adapter against the Vision mock', () => {
  const running = useOcrMock(() => createGoogleVisionMock());
  const logged = () => running.logged<LoggedRequest>();
  const picture = (id: Parameters<typeof fixtureImage>[0]) => ({ bytes: fixtureImage(id), mimeType: 'image/png' as const });
  const read = (id: Parameters<typeof fixtureImage>[0], overrides: Record<string, unknown> = {}) =>
    visionAgainst(running.endpoint, overrides).extract({ images: [picture(id)], kind: 'passport', today: TODAY });

  it('sends front and back in one images:annotate call for DOCUMENT_TEXT_DETECTION, the key in x-goog-api-key, and merges them', async () => {
    const extraction = await visionAgainst(running.endpoint).extract({ images: [picture('driver-license-us'), picture('passport-deu')], kind: 'passport', today: TODAY });
    const [request] = await logged();
    expect(request).toMatchObject({ path: '/v1/images:annotate', keySource: 'header', keyValid: true, enumEncoding: 'int', status: 200 });
    expect(request!.images.map((image) => [image.document, image.features])).toEqual([
      ['driver-license-us', ['DOCUMENT_TEXT_DETECTION']],
      ['passport-deu', ['DOCUMENT_TEXT_DETECTION']],
    ]);
    expect(extraction.mrz?.lines[0]).toMatch(/^P<D<<MUSTERMANN/);
  });

  it('reads the printed zone by its labels, so a printed value the MRZ contradicts is flagged', async () => {
    const answer = textDetection('passport-deu') as { fullTextAnnotation: any };
    // The surname's printed line misread: MUSTERMANN → MUSTERMAN (its last symbol dropped).
    const surnameWord = answer.fullTextAnnotation.pages[0].blocks[1].paragraphs[0].words.at(-1);
    surnameWord.symbols.splice(-2, 1);
    const reading = readTextDetection(answer.fullTextAnnotation, TODAY);
    expect(reading.visual).toMatchObject({ surname: { value: 'MUSTERMAN', source: 'visual' }, givenNames: { value: 'ERIKA' }, documentNumber: { value: 'C4J7R2K95' }, dateOfBirth: { value: '1983-08-12' }, dateOfExpiry: { value: '2035-10-31' }, sex: { value: 'F' } });
    const extraction = finishExtraction({ provider: 'google-vision', kind: 'passport', today: TODAY, ...reading });
    expect(extraction.warnings).toEqual([{ code: 'mrz_visual_mismatch', field: 'surname' }]);
    expect(extraction.fields.surname).toMatchObject({ value: 'MUSTERMANN', source: 'mrz' });
  });

  it('reads printed dates as documents print them', () => {
    expect(['12.08.1983', '04 DEC 1988', '04 DEC/DÉC 88', '17 04 1990'].map((date) => printedDate(date, 'birth', TODAY, false))).toEqual(['1983-08-12', '1988-12-04', '1988-12-04', '1990-04-17']);
    expect(['08/31/1977', '05/06/1977'].map((date) => printedDate(date, 'birth', TODAY, true))).toEqual(['1977-08-31', '1977-05-06']);
    expect(printedDate('05/06/1977', 'birth', TODAY, false)).toBe('1977-06-05');
    expect(printedDate('31.02.2030', 'expiry', TODAY, false)).toBeUndefined();
  });

  it('lets the SDK retry a throttled call, and reports one that stays throttled as unavailable', async () => {
    await running.control('/__control/faults', { mode: 'rate-limit', count: 1 });
    await expect(read('passport-deu', { maxRetries: 1 })).resolves.toMatchObject({ provider: 'google-vision' });
    await running.control('/__control/faults', { mode: 'rate-limit', count: 5 });
    await expect(read('passport-deu')).rejects.toSatisfy(codeOf('integration_unavailable'));
  });

  it('aborts the request itself when the budget runs out: integration_timeout', async () => {
    await running.control('/__control/faults', { mode: 'hang', count: 1 });
    await expect(read('passport-deu', { timeoutMs: 1_000 })).rejects.toSatisfy(codeOf('integration_timeout'));
  });

  it('checks its health with a batch of no images, and reads a wrong key as misconfigured', async () => {
    await expect(visionAgainst(running.endpoint).healthCheck()).resolves.toBeUndefined();
    const wrongKey = { apiKey: 'notTheMockKey000000000000000000' };
    await expect(visionAgainst(running.endpoint, wrongKey).healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    await expect(read('passport-deu', wrongKey)).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect((await logged()).map((request) => [request.images.length, request.status])).toEqual([
      [0, 200],
      [0, 400],
      [0, 400],
    ]);
  });

  it('refuses a PDF without sending it, and a plain-http endpoint in production before sending anything', async () => {
    await expect(visionAgainst(running.endpoint).extract({ images: [{ bytes: new Uint8Array([37, 80, 68, 70]), mimeType: 'application/pdf' }], kind: 'passport', today: TODAY })).rejects.toSatisfy(
      codeOf('upstream_rejected'),
    );
    await expect(visionAgainst(running.endpoint, {}, true).healthCheck()).rejects.toSatisfy(codeOf('integration_misconfigured'));
    expect(await logged()).toEqual([]);
  });

  it('reads its settings from GOOGLE_VISION_API_KEY and GOOGLE_VISION_ENDPOINT, the key as a secret', () => {
    vi.stubEnv('GOOGLE_VISION_API_KEY', GOOGLE_VISION_MOCK_API_KEY);
    vi.stubEnv('GOOGLE_VISION_ENDPOINT', 'http://127.0.0.1:4110');
    try {
      expect(googleVisionProvider.fromEnv()).toEqual({ apiKey: GOOGLE_VISION_MOCK_API_KEY, endpoint: 'http://127.0.0.1:4110' });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(googleVisionProvider.secretFields).toEqual(['apiKey']);
  });
});
