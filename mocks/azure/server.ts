import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { isControlRequest as isControl, listen, registerRequestLog } from '../shared/request-log.js';
import { readImage, type IdDocumentId } from '../shared/id-documents.js';
import { AZURE_API_VERSIONS, AZURE_MOCK_KEY, ID_DOCUMENT_MODEL } from './credentials.js';
import { analyzeResult } from './documents.js';
import {
  AzureError,
  contentSourceNotAccessible,
  contentTooLarge,
  emptyContent,
  internalServerError,
  invalidContent,
  invalidKey,
  invalidParameter,
  missingKey,
  modelNotFound,
  rateLimited,
  resourceNotFound,
  resultNotFound,
  unsupportedMediaType,
  type AzureErrorBody,
} from './errors.js';

/**
 * Mock of Azure AI Document Intelligence's `prebuilt-idDocument` for online check-in ID scans, in
 * the wire format the official `@azure-rest/ai-document-intelligence` sends and reads: `POST
 * {endpoint}/documentintelligence/documentModels/prebuilt-idDocument:analyze?api-version=…` with
 * `Ocp-Apim-Subscription-Key`, a JSON `AnalyzeDocumentRequest` (or the raw picture) → 202 with a
 * fully qualified `Operation-Location`; polling that URL answers `running`, then `succeeded` with
 * the AnalyzeResult (or `failed` with Azure's error). The document is chosen by a marker in the
 * picture (mocks/shared/id-documents.ts). Control endpoints under `/__control` read the request
 * log, set how many polls answer `running`, and inject faults; README.md lists everything.
 */
export interface AzureMockOptions {
  /** Polls that answer `running` before the outcome (default 1). */
  runningPolls?: number;
  /** `Retry-After` seconds on the 202 and on `running` polls (default 1; 0 lets tests poll at once). */
  retryAfterSeconds?: number;
  logger?: boolean;
}

/** One API request as the mock received it, for tests that assert what the backend sent; never the picture, never the key. */
export interface LoggedRequest {
  requestId: string;
  /** ISO time with milliseconds. */
  receivedAt: string;
  method: string;
  /** The path without the query. */
  path: string;
  apiVersion: string | null;
  /** Whether `Ocp-Apim-Subscription-Key` carried the demo key. */
  keyValid: boolean;
  /** How the document came: JSON `base64Source` or `urlSource`, or the raw body. Null for polls and before the body was read. */
  source: 'base64Source' | 'urlSource' | 'body' | null;
  byteLength: number | null;
  format: 'png' | 'jpeg' | null;
  document: IdDocumentId | null;
  /** The analyze operation created or polled. */
  resultId: string | null;
  /** Null until the answer is complete (a hanging request never gets one). */
  status: number | null;
  /** `error.code` of an error answer. */
  errorCode: string | null;
}

export interface AzureMock {
  app: FastifyInstance;
  /** Listens (port 0 picks a free one) and returns the endpoint URL, e.g. `http://127.0.0.1:4111`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

type Outcome = { analyzeResult: ReturnType<typeof analyzeResult> } | { error: AzureErrorBody };

interface Operation {
  modelId: string;
  apiVersion: string;
  createdDateTime: string;
  runningPolls: number;
  outcome: Outcome;
}

const BASE = '/documentintelligence';
const ANALYZE = /^\/documentintelligence\/documentModels\/([^/:]+):analyze$/;
const RESULT = /^\/documentintelligence\/documentModels\/([^/:]+)\/analyzeResults\/([^/]+)$/;
/** Azure's limit for a document on the paid tier, 500 MB; base64 in JSON adds a third. */
const BODY_LIMIT = 700 * 1024 * 1024;
/** The content types AnalyzeDocumentFromStream consumes that the mock can hold a picture in. */
const RAW_TYPES = new Set(['application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'image/bmp', 'image/heif']);
/** Linear on purpose: a grouped base64 pattern overflows the regex engine's stack on a large picture. */
const isBase64 = (value: string) => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const mediaType = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

export function createAzureMock(options: AzureMockOptions = {}): AzureMock {
  let runningPolls = options.runningPolls ?? 1;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const operations = new Map<string, Operation>();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, genReqId: () => randomUUID() });

  // Bodies stay raw: JSON is parsed here so a malformed body gets Azure's answer, not Fastify's.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (isControl(request)) {
      try {
        done(null, body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
      } catch (error) {
        done(error as Error);
      }
    } else done(null, body);
  });

  const send = (reply: FastifyReply, error: AzureError) => {
    const entry = entryOf(reply.request);
    if (entry) entry.errorCode = error.code;
    return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.body());
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.header('apim-request-id', request.id);
  });
  // Registered before the faults, so a request a fault answers is logged too.
  const { entryOf } = registerRequestLog(app, (request): LoggedRequest => {
    const url = new URL(request.url, 'http://mock.invalid');
    return {
      requestId: request.id,
      receivedAt: new Date().toISOString(),
      method: request.method,
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version'),
      keyValid: request.headers['ocp-apim-subscription-key'] === AZURE_MOCK_KEY,
      source: null,
      byteLength: null,
      format: null,
      document: null,
      resultId: null,
      status: null,
      errorCode: null,
    };
  });

  registerFaults(app, {
    serverError: (reply) => send(reply, internalServerError()),
    rateLimited: (reply) => send(reply, rateLimited(String(reply.getHeader('retry-after')))),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AzureError) return send(reply, error);
    const { code } = error as { code?: string };
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, contentTooLarge());
    if (isControl(request)) return reply.code(400).send({ error: (error as Error).message });
    request.log.error(error);
    return send(reply, internalServerError());
  });
  app.setNotFoundHandler((_request, reply) => send(reply, resourceNotFound()));

  /** The gateway's checks, in its order: the key, then a path and api-version it serves. */
  function admit(request: FastifyRequest): string {
    const key = request.headers['ocp-apim-subscription-key'];
    if (key === undefined) throw missingKey();
    if (key !== AZURE_MOCK_KEY) throw invalidKey();
    const apiVersion = new URL(request.url, 'http://mock.invalid').searchParams.get('api-version');
    if (!apiVersion || !(AZURE_API_VERSIONS as readonly string[]).includes(apiVersion)) throw resourceNotFound();
    return apiVersion;
  }

  /** The picture the request carries, as `AnalyzeDocumentRequest` JSON or as the raw body. */
  function documentBytes(request: FastifyRequest, entry: LoggedRequest | undefined): Buffer | 'url' {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const type = mediaType(request);
    if (type === 'application/json') {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalidParameter('The parameter analyzeRequest is invalid: the request body is not valid JSON.');
      }
      if (!isRecord(body)) throw invalidParameter('The parameter analyzeRequest is invalid: it must be an object.');
      const { base64Source, urlSource } = body;
      if ((base64Source === undefined) === (urlSource === undefined)) throw invalidParameter('Exactly one of urlSource and base64Source must be specified.');
      if (urlSource !== undefined) {
        if (typeof urlSource !== 'string' || !URL.canParse(urlSource)) throw invalidParameter('The parameter urlSource is invalid: it must be an absolute URL.');
        if (entry) entry.source = 'urlSource';
        return 'url';
      }
      if (typeof base64Source !== 'string' || !isBase64(base64Source)) throw invalidParameter('The parameter base64Source is invalid: it must be base64-encoded.');
      if (entry) entry.source = 'base64Source';
      return Buffer.from(base64Source, 'base64');
    }
    if (!RAW_TYPES.has(type)) throw unsupportedMediaType();
    if (entry) entry.source = 'body';
    return raw;
  }

  app.post(`${BASE}/*`, async (request, reply) => {
    const match = ANALYZE.exec(new URL(request.url, 'http://mock.invalid').pathname);
    if (!match) throw resourceNotFound();
    const apiVersion = admit(request);
    const modelId = decodeURIComponent(match[1]!);
    if (modelId !== ID_DOCUMENT_MODEL) throw modelNotFound(modelId);
    const entry = entryOf(request);
    const bytes = documentBytes(request, entry);
    let outcome: Outcome;
    if (bytes === 'url') {
      // The mock fetches nothing: a URL reads as one Azure could not download, and that is only found out while analysing.
      outcome = { error: contentSourceNotAccessible().body().error };
    } else {
      if (bytes.length === 0) throw emptyContent();
      const reading = readImage(bytes);
      if (entry) Object.assign(entry, { byteLength: bytes.length, format: reading.format, document: reading.document });
      if (!reading.format || !reading.complete) throw invalidContent();
      outcome = reading.document === 'unreadable' ? { error: invalidContent().body().error } : { analyzeResult: analyzeResult(reading.document, apiVersion) };
    }
    const resultId = randomUUID();
    operations.set(resultId, { modelId, apiVersion, createdDateTime: new Date().toISOString(), runningPolls, outcome });
    if (entry) entry.resultId = resultId;
    const origin = `${request.protocol}://${request.headers.host}`;
    return reply
      .code(202)
      .header('operation-location', `${origin}${BASE}/documentModels/${modelId}/analyzeResults/${resultId}?api-version=${apiVersion}`)
      .header('retry-after', retryAfter)
      .send();
  });

  app.get(`${BASE}/*`, async (request, reply) => {
    const match = RESULT.exec(new URL(request.url, 'http://mock.invalid').pathname);
    if (!match) throw resourceNotFound();
    admit(request);
    const [modelId, resultId] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    const operation = operations.get(resultId);
    const entry = entryOf(request);
    if (entry) entry.resultId = resultId;
    if (!operation || operation.modelId !== modelId) throw modelId === ID_DOCUMENT_MODEL ? resultNotFound() : modelNotFound(modelId);
    const now = new Date().toISOString();
    if (operation.runningPolls > 0) {
      operation.runningPolls -= 1;
      return reply.header('retry-after', retryAfter).type('application/json; charset=utf-8').send({ status: 'running', createdDateTime: operation.createdDateTime, lastUpdatedDateTime: now });
    }
    const status = 'error' in operation.outcome ? 'failed' : 'succeeded';
    return reply.type('application/json; charset=utf-8').send({ status, createdDateTime: operation.createdDateTime, lastUpdatedDateTime: now, ...operation.outcome });
  });

  app.delete(`${BASE}/*`, async (request, reply) => {
    const match = RESULT.exec(new URL(request.url, 'http://mock.invalid').pathname);
    if (!match) throw resourceNotFound();
    admit(request);
    const resultId = decodeURIComponent(match[2]!);
    const entry = entryOf(request);
    if (entry) entry.resultId = resultId;
    if (!operations.delete(resultId)) throw resultNotFound();
    return reply.code(204).send();
  });

  app.post('/__control/polls', async (request, reply) => {
    const body = request.body as { running?: unknown } | undefined;
    if (!Number.isInteger(body?.running) || (body!.running as number) < 0) return reply.code(400).send({ error: 'running must be a whole number of polls, 0 or more' });
    runningPolls = body!.running as number;
    return { running: runningPolls };
  });

  return {
    app,
    start: (port, host) => listen(app, 'Azure', port, host),
    stop: () => app.close(),
  };
}
