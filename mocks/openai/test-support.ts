import OpenAI, { type ClientOptions } from 'openai';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { VendorRequest } from '../shared/vendor-request.js';
import { OPENAI_MOCK_API_KEY } from './credentials.js';
import { validateOpenAIRequest, validateOpenAIResponse, type RecordedResponse } from './openapi-validator.js';
import { createOpenAIMock, type LoggedRequest, type OpenAIMock, type OpenAIMockOptions } from './server.js';
import { controlClient } from '../shared/control-client.js';

/** One call as the SDK made it and the mock answered it, read off the wire. */
export interface Exchange {
  request: VendorRequest;
  response: RecordedResponse;
}

/** A started mock, the official SDK pointed at it, and everything that SDK sent and received. */
export interface RunningOpenAIMock {
  mock: OpenAIMock;
  url: string;
  /** The demo key, no automatic retries (tests that retry say so). */
  client: OpenAI;
  sdk(options?: ClientOptions): OpenAI;
  /** Calls since the last `traffic()`, with their bodies complete. */
  traffic(): Promise<Exchange[]>;
  /** What the mock logged (`GET /__control/requests`). */
  logged(): Promise<LoggedRequest[]>;
  control(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

const headersOf = (headers: Headers): Record<string, string> => Object.fromEntries([...headers].map(([name, value]) => [name.toLowerCase(), value]));

export async function startOpenAIMock(options: OpenAIMockOptions = {}): Promise<RunningOpenAIMock> {
  const mock = createOpenAIMock(options);
  const url = await mock.start();
  let exchanges: Exchange[] = [];
  let reading: Promise<unknown>[] = [];

  // The SDK's own fetch, teed: the SDK reads one copy, the test keeps the other.
  const recordingFetch: typeof fetch = async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const response = await fetch(input, init);
    const exchange: Exchange = {
      request: {
        method: init?.method ?? 'GET',
        url: `${target.pathname}${target.search}`,
        headers: headersOf(new Headers(init?.headers)),
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      },
      response: { status: response.status, headers: headersOf(response.headers), body: '' },
    };
    exchanges.push(exchange);
    reading.push(
      response
        .clone()
        .text()
        .then((text) => {
          exchange.response.body = text;
        }),
    );
    return response;
  };

  const sdk = (clientOptions: ClientOptions = {}) => new OpenAI({ apiKey: OPENAI_MOCK_API_KEY, baseURL: `${url}/v1`, maxRetries: 0, fetch: recordingFetch, ...clientOptions });
  const control = controlClient(url);
  return {
    mock,
    url,
    client: sdk(),
    sdk,
    async traffic() {
      await Promise.all(reading);
      const done = exchanges;
      exchanges = [];
      reading = [];
      return done;
    },
    logged: async () => (await control('/__control/requests')).body.requests as LoggedRequest[],
    control,
  };
}

/** Where an exchange departs from openapi.yaml, request and response, each problem prefixed with the call. */
export function specProblems(exchanges: Exchange[], { requests = true } = {}): string[] {
  return exchanges.flatMap(({ request, response }) =>
    [...(requests ? validateOpenAIRequest(request).map((problem) => `request ${problem}`) : []), ...validateOpenAIResponse(request, response).map((problem) => `response ${problem}`)].map(
      (problem) => `${request.method} ${request.url} ${response.status}: ${problem}`,
    ),
  );
}

/**
 * Starts a mock for the surrounding `describe` and stops it after; after each test, every call
 * the SDK made in it must fit openapi.yaml (tests that send what OpenAI refuses read `traffic()`
 * themselves first).
 */
export function useOpenAIMock(options: OpenAIMockOptions = {}): RunningOpenAIMock {
  const running = {} as RunningOpenAIMock;
  beforeAll(async () => {
    Object.assign(running, await startOpenAIMock(options));
  });
  afterAll(() => running.mock.stop());
  afterEach(async () => {
    expect(specProblems(await running.traffic())).toEqual([]);
  });
  return running;
}
