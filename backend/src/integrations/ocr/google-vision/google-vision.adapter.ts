import { AsyncLocalStorage } from 'node:async_hooks';
import type { protos } from '@google-cloud/vision';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import type { ProviderDeps } from '../../provider.js';
import { finishReadings, refuseDocument } from '../id-reading.js';
import type { OcrPort } from '../ocr.port.js';
import { callVendor, ocrUnavailable } from '../vendor-call.js';
import { readTextDetection } from './google-vision.mapper.js';
import type { GoogleVisionConfig } from './google-vision.provider.js';

/**
 * Google Cloud Vision through the official `@google-cloud/vision` over its REST transport
 * (`fallback: true`: JSON over HTTP/1.1, which reaches a mock and passes any proxy; gRPC would not
 * go through our fetch). The SDK sends through gaxios, under its auth client, and gaxios takes a
 * `fetchImplementation`: that is the provider factory's fetch, so these calls get the production
 * checks every vendor call gets (https only, no private addresses) and tests can watch them. With
 * an API key the auth client asks nothing else (no metadata server, no token endpoint).
 *
 * The SDK takes no AbortSignal per call, so the caller's signal travels to our fetch in an
 * AsyncLocalStorage and aborts the request itself, not only our wait for it; our fetch's own
 * refusal travels back the same way.
 */
const GOOGLE_ENDPOINT = 'https://vision.googleapis.com';
const SERVICE = 'google.cloud.vision.v1.ImageAnnotator';
/** google.rpc.Code numbers the SDK's errors and per-image errors carry. */
const CODE = { INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAUTHENTICATED: 16 } as const;

type AnnotateResponse = protos.google.cloud.vision.v1.IAnnotateImageResponse;

/** One call as our fetch sees it: the caller's signal in, our fetch's own refusal out (the SDK would wrap it into "unavailable"). */
interface VisionCall {
  signal: AbortSignal;
  refused?: AppError;
}
const currentCall = new AsyncLocalStorage<VisionCall>();

/** gaxios's fetch call as our fetch sees it: plain headers (the request audit reads them), the call's signal joined in. */
function visionFetch(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init = {}) => {
    const call = currentCall.getStore();
    const signals = [init.signal, call?.signal].filter((signal): signal is AbortSignal => signal instanceof AbortSignal);
    try {
      return await fetchImpl(input instanceof Request ? input.url : String(input), {
        method: init.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init.headers)),
        ...(init.body !== undefined && init.body !== null ? { body: init.body } : {}),
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
    } catch (error) {
      // A plain-http or private endpoint in production: the factory's fetch refused to send.
      if (call && error instanceof AppError) call.refused = error;
      throw error;
    }
  };
}

const misconfigured = () => new AppError('integration_misconfigured', 'Google Cloud Vision refused the API key: check the key, that the Cloud Vision API is enabled for its project, and its API restrictions.');

/** An SDK rejection in our terms (the gRPC code it read off Google's error); Google's messages never reach a guest. */
function mapError(error: unknown): AppError {
  const { code, reason } = (error ?? {}) as { code?: unknown; reason?: string };
  if (code === CODE.PERMISSION_DENIED || code === CODE.UNAUTHENTICATED || reason === 'API_KEY_INVALID') return misconfigured();
  // Any other 400 is about what we sent: the picture, as far as a guest can tell (an oversized one says so).
  if (code === CODE.INVALID_ARGUMENT) return refuseDocument(/payload size/i.test((error as Error).message) ? 'too_large' : 'unreadable');
  return ocrUnavailable(error);
}

/** A per-image error, which Google sends inside a 200. */
function imageFailure(status: NonNullable<AnnotateResponse['error']>): AppError {
  if (status.code === CODE.INVALID_ARGUMENT) return refuseDocument('unreadable');
  if (status.code === CODE.PERMISSION_DENIED) return misconfigured();
  return ocrUnavailable();
}

export function createGoogleVisionOcr(config: GoogleVisionConfig, deps: Pick<ProviderDeps, 'http'>): OcrPort {
  const endpoint = new URL(config.endpoint ?? GOOGLE_ENDPOINT);
  const protocol = endpoint.protocol.replace(':', '');
  const client = lazy(async () => {
    const { default: vision } = await import('@google-cloud/vision');
    return new vision.ImageAnnotatorClient({
      apiEndpoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : protocol === 'http' ? 80 : 443,
      protocol,
      fallback: true,
      apiKey: config.apiKey,
      clientOptions: { transporterOptions: { fetchImplementation: visionFetch(deps.http.fetch) } },
      // Beside the SDK's own (unreachable, deadline), a quota answer (429) and Google's 500 are worth another try.
      clientConfig: {
        interfaces: {
          [SERVICE]: { retry_codes: { retried: ['DEADLINE_EXCEEDED', 'UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'INTERNAL'] }, methods: { BatchAnnotateImages: { retry_codes_name: 'retried' } } },
        },
      },
    });
  });

  const annotate = (requests: protos.google.cloud.vision.v1.IAnnotateImageRequest[], signal?: AbortSignal) =>
    callVendor(
      { timeoutMs: config.timeoutMs, signal },
      (signal) => {
        const call: VisionCall = { signal };
        return currentCall.run(call, async () => {
          try {
            // gax's `maxRetries` counts every attempt, the first included.
            return (await (await client()).batchAnnotateImages({ requests }, { timeout: config.timeoutMs, maxRetries: config.maxRetries + 1 }))[0];
          } catch (error) {
            throw call.refused ?? error;
          }
        });
      },
      mapError,
    );

  return {
    async healthCheck() {
      // A batch without images: free, and answered only for a key Google accepts. Google documents no
      // answer to it; a 400 about the request (not API_KEY_INVALID) still means the key passed.
      try {
        await annotate([]);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'upstream_rejected')) throw error;
      }
    },
    async extract(input, options = {}) {
      if (input.images.length === 0) throw new AppError('validation_failed', 'Send a picture of the document.', { details: [{ field: 'images', message: 'At least one picture.' }] });
      // images:annotate reads pictures only (PDFs go to files:annotate): no call for a PDF.
      if (input.images.some((image) => image.mimeType === 'application/pdf')) throw refuseDocument('unsupported_format');
      // Front and back in one call; DOCUMENT_TEXT_DETECTION is Google's model for dense printed text.
      const answer = await annotate(
        input.images.map((image) => ({ image: { content: image.bytes }, features: [{ type: 'DOCUMENT_TEXT_DETECTION' }] })),
        options.signal,
      );
      const responses = answer.responses ?? [];
      const failed = responses.find((response) => response.error && response.error.code);
      if (failed) throw imageFailure(failed.error!);
      const readings = responses.map((response) => readTextDetection(response.fullTextAnnotation, input.today));
      // No text at all: too dark, blurred or cut off for Vision to find a letter.
      if (readings.every((reading) => reading.lines === 0)) throw refuseDocument('unreadable');
      return finishReadings({ provider: 'google-vision', kind: input.kind, today: input.today, readings });
    },
  };
}
