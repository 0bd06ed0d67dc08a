import { readFileSync } from 'node:fs';
import { isUnexpected } from '@azure-rest/ai-document-intelligence';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureImage } from '../shared/fixture-images.js';
import { analyzeId, specProblems, useAzureMock } from './test-support.js';
import { validateAzureRequest } from './spec-validator.js';

const MODEL = 'prebuilt-idDocument';
/** The status and Azure's error codes of an answer the SDK calls unexpected. */
const refusal = (response: { status: string; body: unknown }) => {
  if (!isUnexpected(response as never)) return { status: response.status };
  const { error } = (response as { body: { error: { code: string; innererror?: { code: string } } } }).body;
  return { status: response.status, code: error.code, inner: error.innererror?.code };
};

describe('Azure mock refusals', () => {
  const running = useAzureMock();
  const analyze = (client = running.client, model = MODEL, body: unknown = { base64Source: fixtureImage('passport-deu').toString('base64') }) =>
    client.path('/documentModels/{modelId}:analyze', model).post({ contentType: 'application/json', body: body as never });

  it('answers a wrong or missing key with the gateway 401', async () => {
    const wrong = await analyze(running.sdk({ key: 'not-the-key' }));
    expect(refusal(wrong)).toEqual({ status: '401', code: '401', inner: undefined });
    expect((wrong.body as { error: { message: string } }).error.message).toMatch(/^Access denied due to invalid subscription key or wrong API endpoint/);
    const missing = await analyze(running.sdk({ edit: (request) => request.headers.delete('ocp-apim-subscription-key') }));
    expect(refusal(missing)).toEqual({ status: '401', code: '401', inner: undefined });
    expect(specProblems(running.traffic(), { requests: false })).toEqual([]);
  });

  it('answers an unknown model with NotFound / ModelNotFound, and an unknown api-version with 404', async () => {
    expect(refusal(await analyze(running.client, 'prebuilt-passport'))).toEqual({ status: '404', code: 'NotFound', inner: 'ModelNotFound' });
    const oldVersion = await analyze(running.sdk({ edit: (request) => (request.url = request.url.replace('api-version=2024-11-30', 'api-version=2022-08-31')) }));
    expect(refusal(oldVersion)).toEqual({ status: '404', code: '404', inner: undefined });
  });

  it('answers a malformed body with 400 InvalidRequest, and the spec check sees the same requests as wrong', async () => {
    const notJson = await analyze(running.sdk({ edit: (request) => (request.body = '{"base64Source": ') }));
    expect(refusal(notJson)).toEqual({ status: '400', code: 'InvalidRequest', inner: 'InvalidParameter' });
    for (const body of [{}, { base64Source: 'not base64!' }, { base64Source: 'aGk=', urlSource: 'https://example.com/id.png' }]) {
      expect(refusal(await analyze(running.client, MODEL, body))).toEqual({ status: '400', code: 'InvalidRequest', inner: 'InvalidParameter' });
    }
    const exchanges = running.traffic();
    expect(specProblems(exchanges, { requests: false })).toEqual([]);
    // The spec cannot say "exactly one of": only the body that is not JSON and the one that is not base64 break it.
    expect(exchanges.map((exchange) => validateAzureRequest(exchange.request).length > 0)).toEqual([true, false, true, false]);
  });

  it('refuses what is not a picture, or is cut off, with InvalidRequest / InvalidContent, and an unknown content type with 415', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    const cut = fixtureImage('passport-deu', 'jpeg').subarray(0, -4);
    for (const picture of [pdf, cut]) {
      expect(refusal(await analyze(running.client, MODEL, { base64Source: picture.toString('base64') }))).toEqual({ status: '400', code: 'InvalidRequest', inner: 'InvalidContent' });
    }
    const text = await running.sdk({ edit: (request) => request.headers.set('content-type', 'text/plain') }).path('/documentModels/{modelId}:analyze', MODEL).post({ contentType: 'application/octet-stream', body: Buffer.from('passport') });
    expect(refusal(text)).toMatchObject({ status: '415', code: 'UnsupportedMediaType' });
    expect(specProblems(running.traffic()).filter((problem) => problem.startsWith('415: request'))).toEqual([
      '415: request content-type text/plain is not one of application/octet-stream, application/pdf, image/jpeg, image/png, image/tiff, image/bmp, image/heif, text/html, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ]);
  });

  it('cannot fetch a urlSource (it fetches nothing): the operation fails with ContentSourceNotAccessible', async () => {
    const initial = await analyze(running.client, MODEL, { urlSource: 'https://ids.example.com/guest/passport.png' });
    expect(initial.status).toBe('202');
    const entry = (await running.logged()).at(-1)!;
    expect(entry.source).toBe('urlSource');
    const poll = () => running.client.path('/documentModels/{modelId}/analyzeResults/{resultId}', MODEL, entry.resultId!).get();
    expect((await poll()).body).toMatchObject({ status: 'running' });
    expect((await poll()).body).toMatchObject({ status: 'failed', error: { code: 'InvalidRequest', innererror: { code: 'ContentSourceNotAccessible' } } });
  });

  it('answers a poll of an unknown result id with NotFound / OperationNotFound', async () => {
    const unknown = await running.client.path('/documentModels/{modelId}/analyzeResults/{resultId}', MODEL, '3b31320d-8bab-4f88-b19c-2322a7f11034').get();
    expect(refusal(unknown)).toEqual({ status: '404', code: 'NotFound', inner: 'OperationNotFound' });
  });

  it("accepts the request of Azure's own example, and its Operation-Location has the mock's shape", () => {
    const example = JSON.parse(readFileSync(new URL('../vendor-specs/azure-document-intelligence/examples/AnalyzeDocument_Url.json', import.meta.url), 'utf8'));
    const { parameters: p } = example;
    const request = {
      method: 'POST',
      url: `/documentintelligence/documentModels/${p.modelId}:analyze?api-version=${p['api-version']}&pages=${p.pages}&locale=${p.locale}&stringIndexType=${p.stringIndexType}`,
      headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': 'key' },
      body: JSON.stringify(p.analyzeRequest),
    };
    expect(validateAzureRequest(request)).toEqual([]);
    expect(validateAzureRequest({ ...request, body: JSON.stringify({ ...p.analyzeRequest, source: 'x' }) })).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(validateAzureRequest({ ...request, url: request.url.replace(/api-version=[^&]+&/, '') })).toEqual(['query parameter api-version is required']);
    expect(example.responses['202'].headers['Operation-Location']).toMatch(/\/documentintelligence\/documentModels\/customModel\/analyzeResults\/[0-9a-f-]{36}\?api-version=2025-09-01$/);
  });
});

describe('Azure mock faults', () => {
  const running = useAzureMock();
  afterEach(async () => {
    await running.control('/__control/faults', undefined, 'DELETE');
  });
  const withFault = (fault: string, maxRetries = 0) => running.sdk({ maxRetries, edit: (request) => request.headers.set('x-mock-fault', fault) });
  const post = (client = running.client) => client.path('/documentModels/{modelId}:analyze', MODEL).post({ contentType: 'application/json', body: { base64Source: fixtureImage('passport-deu').toString('base64') } });

  it('answers 500 InternalServerError and 429 with Retry-After, in Azure error bodies', async () => {
    expect(refusal(await post(withFault('error')))).toEqual({ status: '500', code: 'InternalServerError', inner: undefined });
    expect(refusal(await post(withFault('rate-limit')))).toEqual({ status: '429', code: '429', inner: undefined });
    const [, limited] = running.traffic();
    expect(limited!.response.headers['retry-after']).toBe('1');
    expect(specProblems([limited!])).toEqual([]);
  });

  it('arms a 429 over the control API, which the SDK retries into a success after its Retry-After', async () => {
    expect((await running.control('/__control/faults', { mode: 'rate-limit', count: 1 })).status).toBe(200);
    const operation = await analyzeId(running.sdk({ maxRetries: 1 }), fixtureImage('passport-expired'));
    expect(operation.status).toBe('succeeded');
    expect(running.traffic().map((exchange) => exchange.response.status)).toEqual([429, 202, 200, 200]);
  });

  it('hangs until the client gives up, and answers after a delay when slow', async () => {
    const hanging = withFault('hang')
      .path('/documentModels/{modelId}:analyze', MODEL)
      .post({ contentType: 'application/json', body: { base64Source: fixtureImage('passport-deu').toString('base64') }, abortSignal: AbortSignal.timeout(200) });
    const aborted = await Promise.resolve(hanging).catch((error: unknown) => error);
    expect((aborted as Error).name).toBe('AbortError');
    expect((await running.logged()).at(-1)).toMatchObject({ status: null, source: null });
    expect((await post(withFault('slow:50'))).status).toBe('202');
  });
});
