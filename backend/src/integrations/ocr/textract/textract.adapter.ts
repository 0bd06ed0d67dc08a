import type { TextractClientConfig } from '@aws-sdk/client-textract';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import type { ProviderDeps } from '../../provider.js';
import { finishExtraction, refuseDocument } from '../id-reading.js';
import type { OcrPort } from '../ocr.port.js';
import { callVendor, ocrUnavailable } from '../vendor-call.js';
import { readIdentityDocuments } from './textract.mapper.js';
import type { TextractConfig } from './textract.provider.js';

type RequestHandler = Extract<NonNullable<TextractClientConfig['requestHandler']>, { handle: unknown }>;
type SdkRequest = Parameters<RequestHandler['handle']>[0];

/**
 * The AWS SDK's transport replaced by the provider factory's fetch, so Textract calls get the same
 * production checks as every other vendor call (https only, no private addresses) and tests can
 * watch them. The SDK still builds, signs (SigV4), retries and parses every request itself.
 */
function fetchHandler(fetchImpl: typeof fetch): RequestHandler {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkRequest, options?: { abortSignal?: unknown }) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(request.query ?? {})) {
        for (const one of Array.isArray(value) ? value : [value]) if (one !== null && one !== undefined) query.append(name, one);
      }
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query.size ? `?${query}` : ''}`;
      // fetch sets these two from the URL and the body, with the values the SDK signed.
      const headers = Object.fromEntries(Object.entries(request.headers as Record<string, string>).filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase())));
      const response = await fetchImpl(url, {
        method: request.method,
        headers,
        // AWS JSON is UTF-8 text: as a string it reads the same, and the request audit can read it.
        body: request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : (request.body as string | undefined),
        signal: options?.abortSignal as AbortSignal | undefined,
      });
      return {
        response: {
          statusCode: response.status,
          reason: response.statusText,
          headers: Object.fromEntries(response.headers),
          body: new Uint8Array(await response.arrayBuffer()),
        },
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  } as RequestHandler;
}

const DOCUMENT_REFUSALS: Record<string, Parameters<typeof refuseDocument>[0]> = {
  BadDocumentException: 'unreadable',
  InvalidParameterException: 'unreadable',
  UnsupportedDocumentException: 'unsupported_format',
  DocumentTooLargeException: 'too_large',
};
const CREDENTIAL_FAILURES = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
]);

/** An SDK error in our terms; AWS's messages never reach a guest. */
function mapError(error: unknown): AppError {
  const name = (error as { name?: string }).name ?? '';
  const refusal = DOCUMENT_REFUSALS[name];
  if (refusal) return refuseDocument(refusal);
  if (CREDENTIAL_FAILURES.has(name)) return new AppError('integration_misconfigured', 'Amazon Textract refused the access key: check the key pair, its region and that its policy allows textract:AnalyzeID.');
  return ocrUnavailable(error);
}

// A tiny blank PNG (8×5 grey): the health check's document. AnalyzeID has no free call, so a test
// costs one page; any answer about the document itself proves the key, region and endpoint work.
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAFCAAAAABd+vKJAAAADklEQVR4nGNogAIGIhgAwjwUAXy1APgAAAAASUVORK5CYII=', 'base64');

export function createTextractOcr(config: TextractConfig, deps: Pick<ProviderDeps, 'http'>): OcrPort {
  const sdk = lazy(async () => {
    const { AnalyzeIDCommand, TextractClient } = await import('@aws-sdk/client-textract');
    const client = new TextractClient({
      region: config.region,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      // Settings come from our config only, not from AWS_* variables or ~/.aws the SDK would read.
      ignoreConfiguredEndpointUrls: true,
      maxAttempts: config.maxRetries + 1,
      requestHandler: fetchHandler(deps.http.fetch),
    });
    return { client, AnalyzeIDCommand };
  });
  const analyze = (pages: Uint8Array[], signal?: AbortSignal) =>
    callVendor(
      { timeoutMs: config.timeoutMs, signal },
      async (abortSignal) => {
        const { client, AnalyzeIDCommand } = await sdk();
        return client.send(new AnalyzeIDCommand({ DocumentPages: pages.map((Bytes) => ({ Bytes })) }), { abortSignal });
      },
      mapError,
    );

  return {
    async healthCheck() {
      try {
        await analyze([BLANK_PNG]);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'upstream_rejected')) throw error;
      }
    },
    async extract(input, options = {}) {
      // AnalyzeID takes one document of one or two pages (a licence's front and back).
      if (input.images.length === 0 || input.images.length > 2) {
        throw new AppError('validation_failed', 'Send one or two pictures of the document (front, and back where it has one).', { details: [{ field: 'images', message: 'One or two pictures.' }] });
      }
      const answer = await analyze(input.images.map((image) => image.bytes), options.signal);
      return finishExtraction({ provider: 'textract', kind: input.kind, today: input.today, ...readIdentityDocuments(answer.IdentityDocuments ?? []) });
    },
  };
}
