import { describe, expect, it } from 'vitest';
import { fixtureImage } from '../shared/fixture-images.js';
import { GOOGLE_VISION_MOCK_API_KEY } from './credentials.js';
import { specProblems, useGoogleVisionMock } from './test-support.js';

const running = useGoogleVisionMock();
const content = fixtureImage('passport-deu').toString('base64');
const oneImage = (feature: Record<string, unknown> = { type: 'DOCUMENT_TEXT_DETECTION' }) => ({ requests: [{ image: { content }, features: [feature] }] });
const annotate = (body: unknown, query = `?key=${GOOGLE_VISION_MOCK_API_KEY}`, headers: Record<string, string> = {}) => running.post(`/v1/images:annotate${query}`, body, headers);
/** The SDK's rejection, with the gRPC code and ErrorInfo reason it read off Google's envelope. */
const sdkFailure = (apiKey?: string) => running.sdk(apiKey === undefined ? {} : { apiKey }).batchAnnotateImages(oneImage()).catch((error: unknown) => error as { code: number; reason?: string; message: string });

describe('Google Vision mock: authentication', () => {
  it('answers a call without a key 403 PERMISSION_DENIED, and an unknown key 400 API_KEY_INVALID, as Google does', async () => {
    const anonymous = await annotate(oneImage(), '');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED', details: [expect.objectContaining({ reason: 'CONSUMER_INVALID' })] });
    expect(await sdkFailure('notTheMockKey')).toMatchObject({ code: 3, reason: 'API_KEY_INVALID' });
    // The request lacks a key on purpose: only the answers are held to the spec.
    expect(specProblems(running.traffic(), { requests: false })).toEqual([]);
  });

  it('takes the key from the x-goog-api-key header as well as from ?key=', async () => {
    expect((await annotate(oneImage(), '', { 'x-goog-api-key': GOOGLE_VISION_MOCK_API_KEY })).status).toBe(200);
    expect((await annotate(oneImage())).status).toBe(200);
  });
});

describe('Google Vision mock: requests Google refuses', () => {
  it('answers 400 INVALID_ARGUMENT naming the field: unknown fields, unknown enum values, bad base64, malformed JSON', async () => {
    const answers = await Promise.all([
      annotate({ requests: [{ image: { content }, feature: [] }] }),
      annotate(oneImage({ type: 'PASSPORT_DETECTION' })),
      annotate(oneImage({ type: 8 }), `?key=${GOOGLE_VISION_MOCK_API_KEY}&$alt=json%3Benum-encoding%3Dint`),
      annotate({ requests: [{ image: { content: 'not base64!' }, features: [{ type: 'TEXT_DETECTION' }] }] }),
      annotate('{"requests": ['),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.error.status])).toEqual(Array(5).fill([400, 'INVALID_ARGUMENT']));
    expect(answers.map((answer) => answer.body.error.message)).toEqual([
      'Invalid JSON payload received. Unknown name "feature" at \'requests[0]\': Cannot find field.',
      'Invalid value at \'requests[0].features[0].type\' (type.googleapis.com/google.cloud.vision.v1.Feature.Type), "PASSPORT_DETECTION")',
      'Invalid value at \'requests[0].features[0].type\' (type.googleapis.com/google.cloud.vision.v1.Feature.Type), 8)',
      expect.stringMatching(/^Invalid value at 'requests\[0\]\.image\.content' \(TYPE_BYTES\), Base64 decoding failed/),
      'Invalid JSON payload received. Unexpected token.',
    ]);
    const exchanges = running.traffic();
    // The spec refuses the same requests (the unknown number 8 only the mock knows: the document has no proto numbers).
    expect(specProblems(exchanges).filter((problem) => problem.includes('request'))).toEqual([
      expect.stringContaining('/requests/0 must NOT have additional properties {"additionalProperty":"feature"}'),
      expect.stringContaining('/requests/0/features/0/type must be equal to one of the allowed values'),
      expect.stringContaining('/requests/0/image/content must match format "byte"'),
      '400: request the body is not JSON',
    ]);
    expect(specProblems(exchanges, { requests: false })).toEqual([]);
  });

  it('takes at most 16 images per call, and 404s a path it does not serve', async () => {
    const many = await annotate({ requests: Array.from({ length: 17 }, () => oneImage().requests[0]) });
    expect(many).toMatchObject({ status: 400, body: { error: { message: 'Too many images per request. Max is 16.' } } });
    const elsewhere = await running.post(`/v1/files:annotate?key=${GOOGLE_VISION_MOCK_API_KEY}`, { requests: [] });
    expect(elsewhere).toMatchObject({ status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } });
    expect(specProblems(running.traffic(), { requests: false })).toEqual([]);
  });

  it('answers a call without images {} (proto JSON leaves empty lists out)', async () => {
    expect(await annotate({ requests: [] })).toEqual({ status: 200, body: {} });
  });
});

describe('Google Vision mock: faults', () => {
  it('answers an injected error 500 INTERNAL and a rate limit 429 RESOURCE_EXHAUSTED with Retry-After, in Google’s envelope', async () => {
    expect(await annotate(oneImage(), undefined, { 'x-mock-fault': 'error' })).toMatchObject({ status: 500, body: { error: { code: 500, status: 'INTERNAL' } } });
    await running.control('/__control/faults', { mode: 'rate-limit', count: 1 });
    const limited = await sdkFailure();
    expect(limited).toMatchObject({ code: 8 });
    const [exchange] = running.traffic().slice(-1);
    expect(exchange!.response).toMatchObject({ status: 429, headers: expect.objectContaining({ 'retry-after': '1' }) });
    expect(JSON.parse(exchange!.response.body).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect((await annotate(oneImage())).status).toBe(200);
    expect((await running.logged()).map((request) => [request.status, request.errorStatus])).toEqual([
      [500, 'INTERNAL'],
      [429, 'RESOURCE_EXHAUSTED'],
      [200, null],
    ]);
  });
});
