import type { AnalyzeOperationOutput, DocumentIntelligenceClient } from '@azure-rest/ai-document-intelligence';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import type { ProviderDeps } from '../../provider.js';
import { finishReadings, refuseDocument } from '../id-reading.js';
import type { OcrPort } from '../ocr.port.js';
import { callVendor, ocrUnavailable } from '../vendor-call.js';
import type { AzureConfig } from './azure.provider.js';
import { readAnalyzeResult } from './azure.mapper.js';

const MODEL = 'prebuilt-idDocument';
/** Between polls when Azure sends no Retry-After (it usually asks for 1–2 s). */
const POLL_INTERVAL_MS = 1_000;

/**
 * The SDK pipeline's transport replaced by the provider factory's fetch, so these calls get the
 * same production checks as every other vendor call (https only, no private addresses) and tests
 * can watch them. The pipeline still adds the key, retries and parses.
 */
function fetchHttpClient(fetchImpl: typeof fetch, createHttpHeaders: typeof import('@azure/core-rest-pipeline').createHttpHeaders): HttpClient {
  return {
    async sendRequest(request) {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers.toJSON(),
        body: request.body as string | undefined,
        signal: request.abortSignal as AbortSignal | undefined,
      });
      return { request, status: response.status, headers: createHttpHeaders(Object.fromEntries(response.headers)), bodyAsText: await response.text() };
    },
  };
}

/** Azure's error body (`{ error: { code, message, innererror } }`), from an answer or a failed operation. */
interface AzureError {
  code?: string;
  innererror?: { code?: string };
}

/** An answer or failed operation in our terms; Azure's messages never reach a guest. */
function mapFailure(status: number | undefined, error: AzureError | undefined, retryAfter?: string): AppError {
  const inner = error?.innererror?.code;
  if (error?.code === 'InvalidRequest' || status === 400) return refuseDocument(inner === 'InvalidContentLength' ? 'too_large' : 'unreadable');
  if (status === 401 || status === 403 || status === 404) {
    return new AppError('integration_misconfigured', 'Azure Document Intelligence refused the key or does not know the endpoint: check both in the Azure portal (Keys and Endpoint).');
  }
  const seconds = Number(retryAfter);
  return new AppError('integration_unavailable', ocrUnavailable().message, Number.isFinite(seconds) && seconds > 0 ? { retryAfterSeconds: seconds } : {});
}

/** A rejection from the SDK or the poller: a failed operation carries Azure's error, anything else is the network. */
function mapError(error: unknown): AppError {
  const failed = error as AzureError & { statusCode?: number };
  if (typeof failed?.code === 'string') return mapFailure(failed.statusCode, failed);
  return ocrUnavailable(error);
}

/** The SDK's functions this adapter calls, loaded on first use. */
type Sdk = Pick<typeof import('@azure-rest/ai-document-intelligence'), 'getLongRunningPoller' | 'isUnexpected' | 'parseResultIdFromResponse'>;

async function analyze({ client, getLongRunningPoller, isUnexpected, parseResultIdFromResponse }: Sdk & { client: DocumentIntelligenceClient }, bytes: Uint8Array, abortSignal: AbortSignal) {
  const initial = await client
    .path('/documentModels/{modelId}:analyze', MODEL)
    .post({ contentType: 'application/json', body: { base64Source: Buffer.from(bytes).toString('base64') }, abortSignal });
  if (isUnexpected(initial)) throw mapFailure(Number(initial.status), initial.body.error, initial.headers['retry-after']);
  const poller = getLongRunningPoller(client, initial, { intervalInMs: POLL_INTERVAL_MS });
  let operation: AnalyzeOperationOutput;
  try {
    operation = (await poller.pollUntilDone({ abortSignal })).body as AnalyzeOperationOutput;
  } catch (error) {
    // The poller reports a failed operation as a bare Error without Azure's code: read it once more to learn why.
    if (poller.operationState?.status !== 'failed') throw error;
    const failed = await client.pathUnchecked(initial.headers['operation-location']).get({ abortSignal });
    throw mapFailure(undefined, (failed.body as AnalyzeOperationOutput).error);
  }
  // Azure keeps a result for 24 hours unless told otherwise: the guest's ID should not wait there.
  await Promise.resolve(client.path('/documentModels/{modelId}/analyzeResults/{resultId}', MODEL, parseResultIdFromResponse(initial)).delete({ abortSignal })).catch(() => undefined);
  return readAnalyzeResult(operation.analyzeResult);
}

export function createAzureOcr(config: AzureConfig, deps: Pick<ProviderDeps, 'http'>): OcrPort {
  // The SDK and its runtime (about 110 modules, 30 MB) are loaded by the first call, not at every process's start.
  const sdk = lazy(async () => {
    const [documentIntelligence, { createHttpHeaders }] = await Promise.all([import('@azure-rest/ai-document-intelligence'), import('@azure/core-rest-pipeline')]);
    const client = documentIntelligence.default(
      config.endpoint,
      { key: config.key },
      {
        httpClient: fetchHttpClient(deps.http.fetch, createHttpHeaders),
        retryOptions: { maxRetries: config.maxRetries },
        // Plain http only reaches the mock; in production the factory's fetch refuses it anyway.
        allowInsecureConnection: new URL(config.endpoint).protocol === 'http:',
      },
    );
    return { ...documentIntelligence, client };
  });

  return {
    async healthCheck() {
      // Free and read-only: a poll of a result that does not exist. NotFound proves the key and endpoint.
      const { client, isUnexpected } = await sdk();
      const answer = await callVendor(
        { timeoutMs: config.timeoutMs },
        async (abortSignal) => await client.path('/documentModels/{modelId}/analyzeResults/{resultId}', MODEL, '00000000-0000-4000-8000-000000000000').get({ abortSignal }),
        mapError,
      );
      if (isUnexpected(answer) && answer.body.error?.code !== 'NotFound') throw mapFailure(Number(answer.status), answer.body.error, answer.headers['retry-after']);
    },
    async extract(input, options = {}) {
      if (input.images.length === 0) throw new AppError('validation_failed', 'Send a picture of the document.', { details: [{ field: 'images', message: 'At least one picture.' }] });
      // One analysis per picture (front and back), side by side; each field as read most surely.
      const readings = await callVendor(
        { timeoutMs: config.timeoutMs, signal: options.signal },
        async (abortSignal) => {
          const loaded = await sdk();
          return Promise.all(input.images.map((image) => analyze(loaded, image.bytes, abortSignal)));
        },
        mapError,
      );
      return finishReadings({ provider: 'azure', kind: input.kind, today: input.today, readings });
    },
  };
}
