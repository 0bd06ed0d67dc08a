import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerFaults } from '../shared/faults.js';
import { isControlRequest as isControl, listen, registerRequestLog } from '../shared/request-log.js';
import { readImage, type IdDocumentId } from '../shared/id-documents.js';
import { GOOGLE_VISION_MOCK_API_KEY, MAX_IMAGES_PER_CALL } from './credentials.js';
import { textDetection } from './documents.js';
import {
  GoogleError,
  imageError,
  internalError,
  invalidApiKey,
  invalidJson,
  invalidValue,
  missingApiKey,
  notFound,
  payloadTooLarge,
  quotaExceeded,
  RPC_CODE,
  tooManyImages,
  unknownField,
} from './errors.js';

/**
 * Mock of Google Cloud Vision's `images:annotate` for online check-in ID scans, in the wire format
 * of Vision's REST API as the official `@google-cloud/vision` sends it over its REST transport
 * (`fallback: true`): `POST /v1/images:annotate` with the API key in `?key=` or `x-goog-api-key`, a
 * BatchAnnotateImagesRequest whose enums are names (`"TEXT_DETECTION"`) or, with
 * `$alt=json;enum-encoding=int` as the SDK sends, proto numbers (`"type": 11`). TEXT_DETECTION and
 * DOCUMENT_TEXT_DETECTION answer the printed text of the document the picture's marker names
 * (documents.ts); a problem with one image is `responses[i].error` inside a 200, as Google answers.
 * Control endpoints under `/__control` read the request log and inject faults; README.md lists
 * everything.
 */
export interface GoogleVisionMockOptions {
  logger?: boolean;
}

/** One image of a logged request: never its bytes. */
export interface LoggedImage {
  /** How it came: inline `content` or a `source` URI (the mock downloads nothing). */
  source: 'content' | 'source' | null;
  byteLength: number | null;
  format: 'png' | 'jpeg' | null;
  document: IdDocumentId | null;
  /** Feature types as names, whichever form was sent. */
  features: string[];
  /** `error.code` of this image's answer. */
  errorCode: number | null;
}

/** One API request as the mock received it, for tests that assert what the backend sent; never a picture, never the key. */
export interface LoggedRequest {
  requestId: string;
  /** ISO time with milliseconds. */
  receivedAt: string;
  method: string;
  /** The path without the query. */
  path: string;
  /** Where the API key came: `?key=` or the `x-goog-api-key` header. */
  keySource: 'query' | 'header' | null;
  keyValid: boolean;
  /** `$alt=json;enum-encoding=int` (the SDK's REST transport) asks for enums as numbers. */
  enumEncoding: 'int' | 'string';
  images: LoggedImage[];
  /** Null until the answer is complete (a hanging request never gets one). */
  status: number | null;
  /** `error.status` of an HTTP error answer. */
  errorStatus: string | null;
}

export interface GoogleVisionMock {
  app: FastifyInstance;
  /** Listens (port 0 picks a free one) and returns the endpoint URL, e.g. `http://127.0.0.1:4110`. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** google.cloud.vision.v1.Feature.Type by proto number (the numbers are not the discovery document's enum order). */
export const FEATURE_TYPES: Record<number, string> = {
  0: 'TYPE_UNSPECIFIED',
  1: 'FACE_DETECTION',
  2: 'LANDMARK_DETECTION',
  3: 'LOGO_DETECTION',
  4: 'LABEL_DETECTION',
  5: 'TEXT_DETECTION',
  6: 'SAFE_SEARCH_DETECTION',
  7: 'IMAGE_PROPERTIES',
  9: 'CROP_HINTS',
  10: 'WEB_DETECTION',
  11: 'DOCUMENT_TEXT_DETECTION',
  12: 'PRODUCT_SEARCH',
  19: 'OBJECT_LOCALIZATION',
};
const FEATURE_NAMES = new Set(Object.values(FEATURE_TYPES));
const TEXT_FEATURES = new Set(['TEXT_DETECTION', 'DOCUMENT_TEXT_DETECTION']);

const ANNOTATE = /^\/v1\/(?:projects\/[^/]+\/(?:locations\/[^/]+\/)?)?images:annotate$/;
/** Google's limit on a request body: 40 MiB. */
const BODY_LIMIT = 41_943_040;
/** The fields of each message the mock reads, as the protos name them in JSON (lowerCamelCase). */
const FIELDS = {
  batch: ['requests', 'parent', 'labels'],
  request: ['image', 'features', 'imageContext'],
  image: ['content', 'source'],
  feature: ['type', 'maxResults', 'model'],
};
/** Proto JSON bytes: standard or URL-safe base64, padding optional. Linear on purpose, for large pictures. */
const isBase64 = (value: string) => /^[A-Za-z0-9+/\-_]*={0,2}$/.test(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses a field the message does not have, as Google's JSON parser does. */
function knownFieldsOnly(value: Record<string, unknown>, fields: string[], at: string): void {
  const unknown = Object.keys(value).find((name) => !fields.includes(name));
  if (unknown !== undefined) throw unknownField(unknown, at);
}

/** A feature type in either form: its name, or with int enum encoding its proto number. */
function featureName(value: unknown, at: string): string {
  if (typeof value === 'string' && FEATURE_NAMES.has(value)) return value;
  if (typeof value === 'number' && FEATURE_TYPES[value]) return FEATURE_TYPES[value];
  throw invalidValue(at, `type.googleapis.com/google.cloud.vision.v1.Feature.Type), ${JSON.stringify(value)}`);
}

export function createGoogleVisionMock(options: GoogleVisionMockOptions = {}): GoogleVisionMock {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, genReqId: () => randomUUID() });

  // Bodies stay raw: JSON is parsed here so a malformed body gets Google's answer, not Fastify's.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isControl(request)) return done(null, body);
    try {
      done(null, body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
    } catch (error) {
      done(error as Error);
    }
  });

  const send = (reply: FastifyReply, error: GoogleError) => {
    const entry = entryOf(reply.request);
    if (entry) entry.errorStatus = error.status;
    return reply.code(error.statusCode).type('application/json; charset=UTF-8').send(error.body());
  };

  const { entryOf } = registerRequestLog(app, (request): LoggedRequest => {
    const url = new URL(request.url, 'http://mock.invalid');
    const queryKey = url.searchParams.get('key');
    const headerKey = request.headers['x-goog-api-key'];
    return {
      requestId: request.id,
      receivedAt: new Date().toISOString(),
      method: request.method,
      path: url.pathname,
      keySource: queryKey !== null ? 'query' : headerKey !== undefined ? 'header' : null,
      keyValid: (queryKey ?? headerKey) === GOOGLE_VISION_MOCK_API_KEY,
      enumEncoding: /enum-encoding=int/.test(url.searchParams.get('$alt') ?? '') ? 'int' : 'string',
      images: [],
      status: null,
      errorStatus: null,
    };
  });

  registerFaults(app, {
    serverError: (reply) => send(reply, internalError()),
    rateLimited: (reply) => send(reply, quotaExceeded()),
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof GoogleError) return send(reply, error);
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, payloadTooLarge(BODY_LIMIT));
    if (isControl(request)) return reply.code(400).send({ error: (error as Error).message });
    request.log.error(error);
    return send(reply, internalError());
  });
  app.setNotFoundHandler((request, reply) => send(reply, notFound(new URL(request.url, 'http://mock.invalid').pathname)));

  /** One AnnotateImageRequest: its answer, or its per-image error. */
  function annotate(request: unknown, index: number, intEnums: boolean, logged: LoggedImage[]): Record<string, unknown> {
    const at = `requests[${index}]`;
    if (!isRecord(request)) throw invalidJson(`Expected an object at '${at}'.`);
    knownFieldsOnly(request, FIELDS.request, at);
    const { image, features = [] } = request;
    if (image !== undefined && !isRecord(image)) throw invalidJson(`Expected an object at '${at}.image'.`);
    if (image) knownFieldsOnly(image, FIELDS.image, `${at}.image`);
    if (!Array.isArray(features)) throw invalidJson(`Expected an array at '${at}.features'.`);
    const names = features.map((feature, j) => {
      if (!isRecord(feature)) throw invalidJson(`Expected an object at '${at}.features[${j}]'.`);
      knownFieldsOnly(feature, FIELDS.feature, `${at}.features[${j}]`);
      return featureName(feature.type ?? 0, `${at}.features[${j}].type`);
    });
    const entry: LoggedImage = { source: null, byteLength: null, format: null, document: null, features: names, errorCode: null };
    logged.push(entry);
    const fail = (code: number, message: string) => {
      entry.errorCode = code;
      return { error: imageError(code, message) };
    };
    const content = image?.content;
    if (content !== undefined && (typeof content !== 'string' || !isBase64(content))) {
      throw invalidValue(`${at}.image.content`, `TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(String(content).slice(0, 20))}`);
    }
    if (typeof content === 'string' && content.length > 0) {
      entry.source = 'content';
      const bytes = Buffer.from(content, 'base64');
      const reading = readImage(bytes);
      Object.assign(entry, { byteLength: bytes.length, format: reading.format, document: reading.document });
      if (!reading.format || !reading.complete) return fail(RPC_CODE.INVALID_ARGUMENT, 'Bad image data.');
      if (names.length === 0) return fail(RPC_CODE.INVALID_ARGUMENT, 'No feature specified.');
      // The mock detects text only; other features answer nothing.
      return names.some((name) => TEXT_FEATURES.has(name)) ? textDetection(reading.document, intEnums) : {};
    }
    if (image?.source !== undefined) {
      entry.source = 'source';
      // The mock downloads nothing: a URI reads as one Google could not fetch.
      return fail(RPC_CODE.PERMISSION_DENIED, 'We can not access the URL currently. Please download the content and pass it in.');
    }
    return fail(RPC_CODE.INVALID_ARGUMENT, 'No image present.');
  }

  app.post('/v1/*', async (request, reply) => {
    const url = new URL(request.url, 'http://mock.invalid');
    if (!ANNOTATE.test(url.pathname)) throw notFound(url.pathname);
    const key = url.searchParams.get('key') ?? request.headers['x-goog-api-key'];
    if (key === undefined || key === '') throw missingApiKey();
    if (key !== GOOGLE_VISION_MOCK_API_KEY) throw invalidApiKey();
    const entry = entryOf(request)!;
    const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      throw invalidJson('Unexpected token.');
    }
    if (!isRecord(body)) throw invalidJson('Expected an object.');
    knownFieldsOnly(body, FIELDS.batch, '');
    const requests = body.requests ?? [];
    if (!Array.isArray(requests)) throw invalidJson("Expected an array at 'requests'.");
    if (requests.length > MAX_IMAGES_PER_CALL) throw tooManyImages(MAX_IMAGES_PER_CALL);
    const responses = requests.map((one, i) => annotate(one, i, entry.enumEncoding === 'int', entry.images));
    // Proto JSON leaves empty lists out: a call without images is answered `{}`.
    return reply.type('application/json; charset=UTF-8').send(responses.length > 0 ? { responses } : {});
  });

  return {
    app,
    start: (port, host) => listen(app, 'Google Vision', port, host),
    stop: () => app.close(),
  };
}
