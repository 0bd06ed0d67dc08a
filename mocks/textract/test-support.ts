import { Readable } from 'node:stream';
import { TextractClient, type TextractClientConfig } from '@aws-sdk/client-textract';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { TEXTRACT_MOCK_ACCESS_KEY_ID, TEXTRACT_MOCK_REGION, TEXTRACT_MOCK_SECRET_ACCESS_KEY } from './credentials.js';
import { createTextractMock, type LoggedRequest, type TextractMock, type TextractMockOptions } from './server.js';
import { requestProblems, responseProblems, type RecordedResponse } from './smithy-validator.js';
import { controlClient } from '../shared/control-client.js';
import { exchangeLog, exchangeProblems } from '../shared/exchange-log.js';

/** One call as the SDK sent it (signed) and the mock answered it, read off the wire. */
export interface Exchange {
  request: { headers: Record<string, string>; body: string };
  response: RecordedResponse;
}

/** A started mock, the official SDK pointed at it, and everything that SDK sent and received. */
export interface RunningTextractMock {
  mock: TextractMock;
  url: string;
  /** The demo credentials, one attempt (tests that retry say so). */
  client: TextractClient;
  /** A client with other settings; `edit` changes each request before it is signed (headers, body). */
  sdk(config?: TextractClientConfig, edit?: (request: WireRequest) => void): TextractClient;
  /** Calls since the last `traffic()`. */
  traffic(): Exchange[];
  /** What the mock logged (`GET /__control/requests`). */
  logged(): Promise<LoggedRequest[]>;
  control(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

export interface WireRequest {
  headers: Record<string, string>;
  body?: unknown;
}
interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable;
}

const bodyText = (body: unknown) => (typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : '');

export async function startTextractMock(options: TextractMockOptions = {}): Promise<RunningTextractMock> {
  const mock = createTextractMock(options);
  const url = await mock.start();
  const exchanges = exchangeLog<Exchange>();

  /**
   * The SDK's client with a middleware next to the HTTP call (after signing, before parsing) that
   * keeps a copy of the request and the raw answer.
   */
  const sdk = (config: TextractClientConfig = {}, edit?: (request: WireRequest) => void) => {
    const client = new TextractClient({
      endpoint: url,
      region: TEXTRACT_MOCK_REGION,
      credentials: { accessKeyId: TEXTRACT_MOCK_ACCESS_KEY_ID, secretAccessKey: TEXTRACT_MOCK_SECRET_ACCESS_KEY },
      maxAttempts: 1,
      ...config,
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as WireRequest;
        edit?.(request);
        if (typeof request.body === 'string') request.headers['content-length'] = String(Buffer.byteLength(request.body));
        return next(args);
      },
      { step: 'build', name: 'editRequest' },
    );
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as WireRequest;
        const result = await next(args);
        const response = result.response as WireResponse;
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
        const body = Buffer.concat(chunks);
        response.body = Readable.from([body]);
        exchanges.record({
          request: { headers: { ...request.headers }, body: bodyText(request.body) },
          response: { status: response.statusCode, headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v])), body: body.toString('utf8') },
        });
        return result;
      },
      { step: 'deserialize', priority: 'low', name: 'recordExchange' },
    );
    return client;
  };

  const control = controlClient(url);
  return {
    mock,
    url,
    client: sdk(),
    sdk,
    traffic: exchanges.traffic,
    logged: async () => (await control('/__control/requests')).body.requests as LoggedRequest[],
    control,
  };
}

/** Where the exchanges depart from the Smithy model of AnalyzeID, each problem prefixed with the answer's status. */
export const specProblems = (exchanges: Exchange[], options: { requests?: boolean } = {}): string[] =>
  exchangeProblems(exchanges, { request: ({ request }) => requestProblems('AnalyzeID', request.body), response: ({ response }) => responseProblems('AnalyzeID', response) }, options);

/**
 * Starts a mock for the surrounding `describe` and stops it after; after each test, every call the
 * SDK made in it must fit the Smithy model (tests that send what AWS refuses read `traffic()` first).
 */
export function useTextractMock(options: TextractMockOptions = {}): RunningTextractMock {
  const running = {} as RunningTextractMock;
  beforeAll(async () => {
    Object.assign(running, await startTextractMock(options));
  });
  afterAll(() => running.mock.stop());
  afterEach(() => {
    expect(specProblems(running.traffic())).toEqual([]);
  });
  return running;
}
