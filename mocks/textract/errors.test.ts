import { AnalyzeIDCommand, type Document, type TextractClient } from '@aws-sdk/client-textract';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureImage } from '../shared/fixture-images.js';
import { specProblems, useTextractMock, type WireRequest } from './test-support.js';

interface SdkError {
  name: string;
  message: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number; requestId?: string; attempts?: number };
}

const refusal = (error: unknown) => {
  const e = error as SdkError;
  return { name: e.name, status: e.$metadata.httpStatusCode, fault: e.$fault };
};

describe('Textract mock refusals', () => {
  const running = useTextractMock();
  const send = (pages: Document[], client: TextractClient = running.client) => client.send(new AnalyzeIDCommand({ DocumentPages: pages })).catch((error: unknown) => error);
  const editing = (edit: (request: WireRequest) => void) => running.sdk({}, edit);

  it('answers a body that is not JSON, or JSON of the wrong types, with SerializationException', async () => {
    for (const body of ['{"DocumentPages": [', '{"DocumentPages": "passport.png"}', '[]']) {
      const error = await send([], editing((request) => (request.body = body)));
      expect(refusal(error)).toEqual({ name: 'SerializationException', status: 400, fault: 'client' });
    }
    expect(specProblems(running.traffic(), { requests: false })).toEqual([]);
  });

  it('answers an unknown X-Amz-Target with UnknownOperationException', async () => {
    const error = await send([{ Bytes: fixtureImage('passport-deu') }], editing((request) => (request.headers['x-amz-target'] = 'Textract.DetectDocumentText')));
    expect(refusal(error)).toMatchObject({ name: 'UnknownOperationException', status: 400 });
  });

  it('refuses what the model forbids with InvalidParameterException, and the spec check sees the same requests as wrong', async () => {
    const page = { Bytes: fixtureImage('passport-deu') };
    for (const pages of [[], [page, page, page], [{}], [{ Bytes: new Uint8Array() }]]) {
      expect(refusal(await send(pages))).toEqual({ name: 'InvalidParameterException', status: 400, fault: 'client' });
    }
    const exchanges = running.traffic();
    expect(specProblems(exchanges, { requests: false })).toEqual([]);
    expect(specProblems(exchanges).map((problem) => problem.replace(/^400: request /, ''))).toEqual([
      '$.DocumentPages: length 0 is below the minimum 1',
      '$.DocumentPages: length 3 is above the maximum 2',
      '$.DocumentPages[0].Bytes: length 0 is below the minimum 1',
    ]);
  });

  it('cannot fetch S3 objects (it has no S3): InvalidS3ObjectException', async () => {
    const error = await send([{ S3Object: { Bucket: 'innkeeper-ids', Name: 'guest/passport.png' } }]);
    expect(refusal(error)).toEqual({ name: 'InvalidS3ObjectException', status: 400, fault: 'client' });
    expect((await running.logged()).at(-1)!.pages).toEqual([{ source: 'S3Object', bucket: 'innkeeper-ids', name: 'guest/passport.png' }]);
  });

  it('refuses formats other than PNG and JPEG, and cannot read cut-off or unreadable images', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    expect(refusal(await send([{ Bytes: pdf }]))).toMatchObject({ name: 'UnsupportedDocumentException', status: 400 });
    const passport = fixtureImage('passport-deu', 'jpeg');
    expect(refusal(await send([{ Bytes: passport.subarray(0, passport.length - 4) }]))).toMatchObject({ name: 'BadDocumentException', status: 400 });
    expect(refusal(await send([{ Bytes: fixtureImage('unreadable') }]))).toMatchObject({ name: 'BadDocumentException', status: 400 });
  });

  it('refuses a page over 10 MB with DocumentTooLargeException', async () => {
    const image = fixtureImage('passport-deu');
    const large = Buffer.concat([image, Buffer.alloc(10 * 1024 * 1024 + 1 - image.length)]);
    expect(refusal(await send([{ Bytes: large }]))).toMatchObject({ name: 'DocumentTooLargeException', status: 400 });
    expect(specProblems(running.traffic())).toEqual(['400: request $.DocumentPages[0].Bytes: length 10485761 is above the maximum 10485760']);
  });
});

describe('Textract mock faults', () => {
  const running = useTextractMock();
  afterEach(async () => {
    await running.control('/__control/faults', undefined, 'DELETE');
  });
  const analyze = (client: TextractClient) => client.send(new AnalyzeIDCommand({ DocumentPages: [{ Bytes: fixtureImage('passport-deu') }] }));
  const withFault = (fault: string, config = {}) => running.sdk(config, (request) => (request.headers['x-mock-fault'] = fault));

  it('answers InternalServerError 500, ThrottlingException 500 and ProvisionedThroughputExceededException 400', async () => {
    expect(refusal(await analyze(withFault('error')).catch((e: unknown) => e))).toEqual({ name: 'InternalServerError', status: 500, fault: 'server' });
    expect(refusal(await analyze(withFault('throttling')).catch((e: unknown) => e))).toEqual({ name: 'ThrottlingException', status: 500, fault: 'server' });
    const limited = await analyze(withFault('rate-limit')).catch((e: unknown) => e);
    expect(refusal(limited)).toEqual({ name: 'ProvisionedThroughputExceededException', status: 400, fault: 'client' });
    const [, , rateLimited] = running.traffic();
    expect(rateLimited!.response.headers['retry-after']).toBeUndefined();
    expect(specProblems([rateLimited!])).toEqual([]);
  });

  it('fails the next call armed over the control API, and the SDK retries throttling into a success', async () => {
    expect((await running.control('/__control/faults', { mode: 'rate-limit', count: 1 })).status).toBe(200);
    const result = await analyze(running.sdk({ maxAttempts: 2 }));
    expect(result.$metadata.attempts).toBe(2);
    expect(running.traffic().map((exchange) => exchange.response.status)).toEqual([400, 200]);
  });

  it('hangs until the client gives up, and answers after a delay when slow', async () => {
    const timedOut = await analyze(withFault('hang', { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } })).catch((e: unknown) => e);
    expect((timedOut as Error).name).toBe('TimeoutError');
    expect((await running.logged()).at(-1)).toMatchObject({ status: null, pages: null });
    expect((await analyze(withFault('slow:50'))).IdentityDocuments).toHaveLength(1);
  });
});
