import vision from '@google-cloud/vision';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { exchangeLog, exchangeProblems } from '../shared/exchange-log.js';
import { GOOGLE_VISION_MOCK_API_KEY } from './credentials.js';
import { createGoogleVisionMock, type GoogleVisionMock, type LoggedRequest } from './server.js';
import { validateVisionRequest, validateVisionResponse, type RecordedResponse } from './spec-validator.js';

/** One call as a client sent it and the mock answered it, read off the wire. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: RecordedResponse;
}

export type VisionClient = InstanceType<typeof vision.ImageAnnotatorClient>;

/** A started mock, the official client pointed at it over REST, and everything sent and received. */
export interface RunningGoogleVisionMock {
  mock: GoogleVisionMock;
  url: string;
  /** The official client with the demo key. */
  client: VisionClient;
  sdk(settings?: { apiKey?: string }): VisionClient;
  /** Sends a request as given (for the forms the SDK does not send), recorded like the SDK's. */
  post(pathAndQuery: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Calls since the last `traffic()`. */
  traffic(): Exchange[];
  logged(): Promise<LoggedRequest[]>;
  control(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

const lowerCased = (headers: Headers) => Object.fromEntries([...headers].map(([name, value]) => [name.toLowerCase(), value]));

export async function startGoogleVisionMock(): Promise<RunningGoogleVisionMock> {
  const mock = createGoogleVisionMock();
  const url = await mock.start();
  const { hostname, port } = new URL(url);
  const exchanges = exchangeLog<Exchange>();

  /** The transport's fetch, recording each request and its answer. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const response = await fetch(input, init);
    const body = await response.clone().text();
    exchanges.record({
      request: { method: init?.method ?? 'GET', url: target.pathname + target.search, headers: lowerCased(new Headers(init?.headers)), ...(typeof init?.body === 'string' ? { body: init.body } : {}) },
      response: { status: response.status, headers: lowerCased(response.headers), body },
    });
    return response;
  };

  // The REST transport (`fallback`) reaches a plain-http mock; gaxios, under the auth client, takes the fetch.
  const sdk = ({ apiKey = GOOGLE_VISION_MOCK_API_KEY } = {}) =>
    new vision.ImageAnnotatorClient({
      apiEndpoint: hostname,
      port: Number(port),
      protocol: 'http',
      fallback: true,
      apiKey,
      clientOptions: { transporterOptions: { fetchImplementation: recordingFetch } },
    } as ConstructorParameters<typeof vision.ImageAnnotatorClient>[0]);

  const control = controlClient(url);
  return {
    mock,
    url,
    client: sdk(),
    sdk,
    async post(pathAndQuery, body, headers = {}) {
      const response = await recordingFetch(`${url}${pathAndQuery}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    },
    traffic: exchanges.traffic,
    logged: async () => (await control('/__control/requests')).body.requests as LoggedRequest[],
    control,
  };
}

/** Where the exchanges depart from vision-api.json, each problem prefixed with the answer's status. */
export const specProblems = (exchanges: Exchange[], options: { requests?: boolean } = {}): string[] =>
  exchangeProblems(exchanges, { request: ({ request }) => validateVisionRequest(request), response: ({ request, response }) => validateVisionResponse(request, response) }, options);

/**
 * Starts a mock for the surrounding `describe` and stops it after; after each test, every call made
 * in it must fit the spec (tests that send what Google refuses read `traffic()` first).
 */
export function useGoogleVisionMock(): RunningGoogleVisionMock {
  const running = {} as RunningGoogleVisionMock;
  beforeAll(async () => {
    Object.assign(running, await startGoogleVisionMock());
  });
  afterAll(async () => {
    await running.client.close();
    await running.mock.stop();
  });
  afterEach(async () => {
    expect(specProblems(running.traffic())).toEqual([]);
    await running.control('/__control/faults', undefined, 'DELETE');
    await running.control('/__control/requests', undefined, 'DELETE');
  });
  return running;
}
