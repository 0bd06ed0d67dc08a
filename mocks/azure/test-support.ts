import DocumentIntelligence, { getLongRunningPoller, isUnexpected, type AnalyzeOperationOutput, type DocumentIntelligenceClient } from '@azure-rest/ai-document-intelligence';
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { exchangeLog, exchangeProblems } from '../shared/exchange-log.js';
import { AZURE_MOCK_KEY, ID_DOCUMENT_MODEL } from './credentials.js';
import { createAzureMock, type AzureMock, type AzureMockOptions, type LoggedRequest } from './server.js';
import { validateAzureRequest, validateAzureResponse, type RecordedResponse } from './spec-validator.js';

/** One call as the SDK sent it and the mock answered it, read off the wire. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: RecordedResponse;
}

export interface ClientSettings {
  key?: string;
  /** Retries of the SDK's pipeline (default 0: tests that retry say so). */
  maxRetries?: number;
  /** Changes each request before it is sent (headers, body). */
  edit?: (request: PipelineRequest) => void;
}

/** A started mock, the official client pointed at it, and everything that client sent and received. */
export interface RunningAzureMock {
  mock: AzureMock;
  url: string;
  /** The demo key, no retries. */
  client: DocumentIntelligenceClient;
  sdk(settings?: ClientSettings): DocumentIntelligenceClient;
  /** Calls since the last `traffic()`. */
  traffic(): Exchange[];
  /** What the mock logged (`GET /__control/requests`). */
  logged(): Promise<LoggedRequest[]>;
  control(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>;
}

const bodyText = (body: PipelineRequest['body']) => (typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('latin1') : undefined);

export async function startAzureMock(options: AzureMockOptions = {}): Promise<RunningAzureMock> {
  // Retry-After 0 so the poller asks again at once (its own interval is set to 0 below).
  const mock = createAzureMock({ retryAfterSeconds: 0, ...options });
  const url = await mock.start();
  const exchanges = exchangeLog<Exchange>();

  /** The official client with a pipeline policy, after every other, that edits and records each request and its answer. */
  const sdk = ({ key = AZURE_MOCK_KEY, maxRetries = 0, edit }: ClientSettings = {}) =>
    DocumentIntelligence(
      url,
      { key },
      {
        allowInsecureConnection: true,
        retryOptions: { maxRetries },
        additionalPolicies: [
          {
            position: 'perRetry',
            policy: {
              name: 'recordExchange',
              async sendRequest(request, next) {
                edit?.(request);
                const response = await next(request);
                exchanges.record({
                  request: { method: request.method, url: request.url, headers: Object.fromEntries(Object.entries(request.headers.toJSON()).map(([k, v]) => [k.toLowerCase(), v])), body: bodyText(request.body) },
                  response: { status: response.status, headers: Object.fromEntries(Object.entries(response.headers.toJSON()).map(([k, v]) => [k.toLowerCase(), v])), body: response.bodyAsText ?? '' },
                });
                return response;
              },
            },
          },
        ],
      },
    );

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

/** Where the exchanges depart from DocumentIntelligence.json, each problem prefixed with the answer's status. */
export const specProblems = (exchanges: Exchange[], options: { requests?: boolean } = {}): string[] =>
  exchangeProblems(exchanges, { request: ({ request }) => validateAzureRequest(request), response: ({ request, response }) => validateAzureResponse(request, response) }, options);

/**
 * Starts a mock for the surrounding `describe` and stops it after; after each test, every call the
 * client made in it must fit the spec (tests that send what Azure refuses read `traffic()` first).
 */
export function useAzureMock(options: AzureMockOptions = {}): RunningAzureMock {
  const running = {} as RunningAzureMock;
  beforeAll(async () => {
    Object.assign(running, await startAzureMock(options));
  });
  afterAll(() => running.mock.stop());
  afterEach(() => {
    expect(specProblems(running.traffic())).toEqual([]);
  });
  return running;
}

/**
 * Analyses a picture the way an adapter would: the JSON `base64Source` body, then the SDK's poller
 * until the operation ends. Resolves to the final AnalyzeOperation; rejects as the SDK does.
 */
export async function analyzeId(client: DocumentIntelligenceClient, picture: Buffer): Promise<AnalyzeOperationOutput> {
  const initial = await client.path('/documentModels/{modelId}:analyze', ID_DOCUMENT_MODEL).post({ contentType: 'application/json', body: { base64Source: picture.toString('base64') } });
  if (isUnexpected(initial)) throw Object.assign(new Error(initial.body.error.message), { status: initial.status, body: initial.body });
  const poller = getLongRunningPoller(client, initial, { intervalInMs: 0 });
  return (await poller.pollUntilDone()).body as AnalyzeOperationOutput;
}
