import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../../../../mocks/shared/control-client.js';
import { fixtureImage } from '../../../../mocks/shared/fixture-images.js';
import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY } from '../../../../mocks/textract/credentials.js';
import { createTextractMock, type LoggedRequest, type TextractMock } from '../../../../mocks/textract/server.js';
import { AppError } from '../../lib/errors.js';
import { createHttpClientFactory } from '../http.js';
import type { ProviderDeps } from '../provider.js';
import { registry } from '../registry.js';
import type { OcrPort } from './ocr.port.js';
import type { OcrFallbackPort } from './ocr-kinds.js';
import { readIdDocument, type OcrIntegrations } from './read-id-document.js';

const deps: ProviderDeps = {
  http: createHttpClientFactory({ production: false }),
  clock: { now: () => new Date() },
  property: { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' },
};
const passport = { images: [{ bytes: fixtureImage('passport-deu'), mimeType: 'image/png' as const }], kind: 'passport' as const, today: '2026-11-30' };
const codeOf = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

/** Providers built as the IntegrationManager builds them: from the registry, with parsed settings. */
function build<K extends 'ocr' | 'ocr-fallback'>(kind: K, provider: string, settings: Record<string, unknown> = {}) {
  const definition = registry[kind].providers[provider]!;
  return definition.create(definition.configSchema.parse(settings), deps);
}

/** What the IntegrationManager would resolve for a property with these two settings. */
const integrationsWith = (ocr: Promise<OcrPort>, fallback: Promise<OcrFallbackPort>): OcrIntegrations => ({
  resolve: ((kind: 'ocr' | 'ocr-fallback') => (kind === 'ocr' ? ocr : fallback)) as OcrIntegrations['resolve'],
});

describe('reading an ID document with a fallback provider', () => {
  let mock: TextractMock;
  let control: ReturnType<typeof controlClient>;
  let textract: OcrPort;
  beforeAll(async () => {
    mock = createTextractMock();
    const endpoint = await mock.start(0);
    control = controlClient(endpoint);
    textract = build('ocr', 'textract', {
      region: TEXTRACT_MOCK_REGION,
      accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID,
      secretAccessKey: TEXTRACT_MOCK_SECRET_ACCESS_KEY,
      endpoint,
      maxRetries: 0,
      timeoutMs: 60_000,
    });
  });
  afterAll(() => mock.stop());
  afterEach(async () => {
    await control('/__control/faults', undefined, 'DELETE');
    await control('/__control/requests', undefined, 'DELETE');
  });
  const mockFallback = () => build('ocr-fallback', 'mock', { switchAfterMs: 1_000 });
  const logged = async () => (await control('/__control/requests')).body.requests as LoggedRequest[];

  it("reads with the property's own provider while it answers, and does not say fallback", async () => {
    const extraction = await readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(mockFallback())) }, 'prop-harbour', passport);
    expect(extraction.provider).toBe('textract');
    expect(extraction.fallback).toBeUndefined();
    expect(extraction.warnings).toEqual([]);
  });

  it("gives the document to the fallback when the first provider's mock hangs past switchAfterMs, and says so", async () => {
    await control('/__control/faults', { mode: 'hang', count: 1 });
    const extraction = await readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(mockFallback())) }, 'prop-harbour', passport);
    expect(extraction.provider).toBe('mock');
    expect(extraction.fallback).toEqual({ reason: 'timeout' });
    expect(extraction.warnings).toEqual([{ code: 'fallback_used' }]);
    expect(extraction.fields.surname?.value).toBe('MUSTERMANN');
    // Textract got the document and never answered (its own timeout is a minute): the switch came from switchAfterMs.
    expect((await logged()).map((request) => request.status)).toEqual([null]);
  });

  it('falls back on an outage and on a provider that cannot be built, not on a refused document', async () => {
    await control('/__control/faults', { mode: 'error', count: 1 });
    const unavailable = await readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(mockFallback())) }, 'prop-harbour', passport);
    expect(unavailable.fallback).toEqual({ reason: 'unavailable' });

    const misconfigured = Promise.reject(new AppError('integration_misconfigured', 'The ocr integration is not configured correctly.'));
    const rebuilt = await readIdDocument({ integrations: integrationsWith(misconfigured, Promise.resolve(mockFallback())) }, 'prop-harbour', passport);
    expect(rebuilt).toMatchObject({ provider: 'mock', fallback: { reason: 'misconfigured' } });

    let fallbackReads = 0;
    const counting: OcrFallbackPort = {
      healthCheck: async () => undefined,
      fallback: {
        provider: 'mock',
        switchAfterMs: 1_000,
        reader: {
          healthCheck: async () => undefined,
          extract: async () => {
            fallbackReads += 1;
            throw new Error('the fallback should not be asked');
          },
        },
      },
    };
    const unreadable = { ...passport, images: [{ bytes: fixtureImage('unreadable'), mimeType: 'image/png' as const }] };
    await expect(readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(counting)) }, 'prop-harbour', unreadable)).rejects.toSatisfy(
      codeOf('upstream_rejected'),
    );
    expect(fallbackReads).toBe(0);
  });

  it('without a fallback (none) passes the first provider’s failure on', async () => {
    await control('/__control/faults', { mode: 'error', count: 1 });
    const none = build('ocr-fallback', 'none');
    await expect(readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(none)) }, 'prop-harbour', passport)).rejects.toSatisfy(
      codeOf('integration_unavailable'),
    );
  });

  it("stops at the caller's abort without asking the fallback", async () => {
    await control('/__control/faults', { mode: 'hang', count: 1 });
    const controller = new AbortController();
    const fallback = mockFallback();
    const pending = readIdDocument({ integrations: integrationsWith(Promise.resolve(textract), Promise.resolve(fallback)) }, 'prop-harbour', passport, { signal: controller.signal });
    const reason = new Error('the guest left');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('offers every OCR provider but none as a fallback, each with its own settings and switchAfterMs', () => {
    const fallbacks = registry['ocr-fallback'].providers;
    expect(Object.keys(fallbacks).sort()).toEqual(Object.keys(registry.ocr.providers).sort());
    expect(fallbacks.textract!.secretFields).toEqual(['secretAccessKey']);
    expect(Object.keys(fallbacks.textract!.configSchema.shape)).toEqual([...Object.keys(registry.ocr.providers.textract!.configSchema.shape), 'switchAfterMs']);
    expect(build('ocr-fallback', 'none').fallback).toBeUndefined();
  });
});
