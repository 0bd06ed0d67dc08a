import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { isControlRequest as isControl, listen, registerRequestLog } from '../shared/request-log.js';
import { identityDocument, readPage, type FixtureId } from './documents.js';
import {
  documentTooLarge,
  internalServerError,
  invalidParameter,
  invalidS3Object,
  serialization,
  TextractError,
  throttling,
  throughputExceeded,
  unknownOperation,
} from './errors.js';
import { verifySigV4 } from './sigv4.js';

/**
 * Mock of Amazon Textract's AnalyzeID for online check-in ID scans. Wire format as the official
 * `@aws-sdk/client-textract` sends and reads it: AWS JSON 1.1 (`POST /`, `X-Amz-Target:
 * Textract.AnalyzeID`, `Content-Type: application/x-amz-json-1.1`), SigV4 signatures checked in
 * full against the demo key pair, `x-amzn-RequestId` on every answer, AWS's `__type` error bodies.
 * The answer for each page is chosen by a marker in the image (documents.ts). Control endpoints
 * under `/__control` read the request log and inject faults; README.md lists everything.
 */
export interface TextractMockOptions {
  /** Clock in ms, against which signatures' X-Amz-Date must be within 15 minutes. */
  now?: () => number;
  logger?: boolean;
}

/** One page as the request named it; never the image bytes. */
export type LoggedPage =
  | { source: 'Bytes'; byteLength: number; format: 'png' | 'jpeg' | null; fixture: FixtureId | null }
  | { source: 'S3Object'; bucket: string | null; name: string | null }
  | { source: 'none' };

/** One API request as the mock received it, for tests that assert what the backend sent. */
export interface LoggedRequest {
  requestId: string;
  /** ISO time with milliseconds. */
  receivedAt: string;
  /** `X-Amz-Target`, e.g. `Textract.AnalyzeID`; null when absent. */
  target: string | null;
  /** The key id of the signature's credential scope (never the secret); null when unsigned. */
  accessKeyId: string | null;
  region: string | null;
  /** Length of the request body in bytes. */
  bodyBytes: number;
  /** Null until the body was read (a fault may answer first). */
  pages: LoggedPage[] | null;
  /** Null until the answer is complete (a hanging request never gets one). */
  status: number | null;
  /** `__type` of an error answer. */
  errorType: string | null;
}

export interface TextractMock {
  app: FastifyInstance;
  /** Listens (port 0 picks a free one) and returns the endpoint URL, e.g. `http://127.0.0.1:4109`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

const AMZ_JSON = 'application/x-amz-json-1.1';
const TARGET = 'Textract.AnalyzeID';
/** ImageBlob's maximum length in the Smithy model. */
const MAX_PAGE_BYTES = 10 * 1024 * 1024;
/** Two pages of the largest size, base64 (4/3) in JSON, with room to spare. */
const BODY_LIMIT = 32 * 1024 * 1024;
/** Linear on purpose: a grouped base64 pattern overflows the regex engine's stack on a 10 MB page. */
const isBase64 = (text: string) => text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

/** As a Buffer, so Fastify sends AWS's bare content type without adding a charset. */
const json = (body: unknown) => Buffer.from(JSON.stringify(body));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Page {
  bytes: Buffer | null;
  logged: LoggedPage;
}

/**
 * The request body as AnalyzeID takes it. JSON of the wrong type is a SerializationException (AWS
 * fails to deserialise it); constraint violations of the model (1–2 pages, exactly one of Bytes and
 * S3Object, Bytes not empty) are InvalidParameterException, as Textract answers them.
 */
function readDocumentPages(raw: Buffer): Page[] {
  let body: unknown;
  try {
    body = JSON.parse(raw.length === 0 ? '{}' : raw.toString('utf8'));
  } catch {
    throw serialization('Unexpected character in the request body: it is not valid JSON');
  }
  if (!isRecord(body)) throw serialization('Start of structure or map expected for AnalyzeIDRequest');
  const pages = body.DocumentPages;
  if (pages === undefined || pages === null) throw invalidParameter();
  if (!Array.isArray(pages)) throw serialization('Start of list expected for DocumentPages');
  return pages.map((page): Page => {
    if (!isRecord(page)) throw serialization('Start of structure or map expected for Document');
    const { Bytes: bytes, S3Object: s3 } = page;
    if (bytes !== undefined && bytes !== null) {
      if (typeof bytes !== 'string' || !isBase64(bytes)) throw serialization('Bytes must be a base64-encoded string');
      const decoded = Buffer.from(bytes, 'base64');
      return { bytes: decoded, logged: { source: 'Bytes', byteLength: decoded.length, format: null, fixture: null } };
    }
    if (s3 !== undefined && s3 !== null) {
      if (!isRecord(s3)) throw serialization('Start of structure or map expected for S3Object');
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      return { bytes: null, logged: { source: 'S3Object', bucket: text(s3.Bucket), name: text(s3.Name) } };
    }
    return { bytes: null, logged: { source: 'none' } };
  });
}

function analyze(pages: Page[]) {
  if (pages.length < 1 || pages.length > 2) throw invalidParameter();
  if (pages.some((page) => page.logged.source === 'none' || (page.bytes !== null && page.bytes.length === 0))) throw invalidParameter();
  // The mock has no S3: Textract answers this when it cannot fetch the object.
  if (pages.some((page) => page.logged.source === 'S3Object')) throw invalidS3Object();
  if (pages.some((page) => page.bytes!.length > MAX_PAGE_BYTES)) throw documentTooLarge();
  const documents = pages.map((page, i) => {
    const reading = readPage(page.bytes!);
    Object.assign(page.logged, reading);
    return identityDocument(i + 1, reading, page.bytes!);
  });
  return { IdentityDocuments: documents, DocumentMetadata: { Pages: pages.length }, AnalyzeIDModelVersion: '1.0' };
}

export function createTextractMock(options: TextractMockOptions = {}): TextractMock {
  const now = options.now ?? Date.now;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, genReqId: () => randomUUID() });

  // Bodies stay raw: the signature covers their exact bytes, and AWS checks it before parsing.
  for (const type of [AMZ_JSON, '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  const send = (reply: FastifyReply, error: TextractError) => {
    const entry = entryOf(reply.request);
    if (entry) entry.errorType = error.type;
    return reply.code(error.statusCode).header('x-amzn-errortype', error.type).type(AMZ_JSON).send(json(error.body()));
  };

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-amzn-requestid', request.id);
  });
  // Registered before the faults, so a request a fault answers is logged too.
  const { entryOf } = registerRequestLog(app, (request): LoggedRequest => {
    const target = request.headers['x-amz-target'];
    return {
      requestId: request.id,
      receivedAt: new Date().toISOString(),
      target: typeof target === 'string' ? target : null,
      accessKeyId: /Credential=([^/,\s]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? null,
      region: /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? null,
      bodyBytes: Number(request.headers['content-length'] ?? 0),
      pages: null,
      status: null,
      errorType: null,
    };
  });
  app.addHook('onRequest', async (request, reply) => {
    // Textract's overload answer (500), beside the shared faults' "error" and "rate-limit".
    if (!isControl(request) && request.headers['x-mock-fault'] === 'throttling') return send(reply, throttling());
  });

  registerFaults(app, {
    serverError: (reply) => send(reply, internalServerError()),
    // The shared plugin prepares a 429 with Retry-After; Textract's quota answer is a 400 without one.
    rateLimited: (reply) => send(reply.removeHeader('retry-after'), throughputExceeded()),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof TextractError) return send(reply, error);
    const { code } = error as { code?: string };
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, documentTooLarge());
    request.log.error(error);
    return send(reply, internalServerError());
  });
  app.setNotFoundHandler((_request, reply) => send(reply, unknownOperation()));

  app.post('/', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    verifySigV4({ method: request.method, url: request.url, headers: request.headers, body: raw }, now());
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (request.headers['x-amz-target'] !== TARGET || contentType !== AMZ_JSON) throw unknownOperation();
    const pages = readDocumentPages(raw);
    const entry = entryOf(request);
    if (entry) entry.pages = pages.map((page) => page.logged);
    return reply.type(AMZ_JSON).send(json(analyze(pages)));
  });


  return {
    app,
    start: (port, host) => listen(app, 'Textract', port, host),
    stop: () => app.close(),
  };
}
