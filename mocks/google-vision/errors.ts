/**
 * Google's error answers. HTTP-level errors carry the JSON envelope every Google REST API uses,
 * `{ "error": { "code": <HTTP status>, "message", "status": <google.rpc.Code name>, "details"? } }`,
 * which the SDK turns into a GoogleError with the gRPC code (`err.code`) and, from an ErrorInfo
 * detail, `err.reason`. A problem with one image of a batch is no HTTP error: it comes back as
 * `responses[i].error`, a google.rpc.Status `{ code: <gRPC code number>, message }`, inside a 200.
 * Messages are Google's where we know them.
 */
export class GoogleError extends Error {
  constructor(
    readonly statusCode: number,
    readonly status: string,
    message: string,
    private readonly details?: object[],
  ) {
    super(message);
  }

  body() {
    return { error: { code: this.statusCode, message: this.message, status: this.status, ...(this.details ? { details: this.details } : {}) } };
  }
}

const errorInfo = (reason: string) => ({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'vision.googleapis.com' } });
const badRequest = (field: string, description: string) => ({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] });

export const missingApiKey = () =>
  new GoogleError(
    403,
    'PERMISSION_DENIED',
    'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.',
    [errorInfo('CONSUMER_INVALID')],
  );
/** Google answers a key it does not know with 400, not 403. */
export const invalidApiKey = () => new GoogleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [errorInfo('API_KEY_INVALID')]);
export const invalidJson = (detail: string) => new GoogleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${detail}`, [badRequest('', `Invalid JSON payload received. ${detail}`)]);
export const unknownField = (name: string, at: string) =>
  new GoogleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`, [badRequest(at, `Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`)]);
export const invalidValue = (at: string, description: string) => new GoogleError(400, 'INVALID_ARGUMENT', `Invalid value at '${at}' (${description})`, [badRequest(at, `Invalid value at '${at}' (${description})`)]);
export const tooManyImages = (max: number) => new GoogleError(400, 'INVALID_ARGUMENT', `Too many images per request. Max is ${max}.`);
export const payloadTooLarge = (limit: number) => new GoogleError(400, 'INVALID_ARGUMENT', `Request payload size exceeds the limit: ${limit} bytes.`);
export const notFound = (path: string) => new GoogleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`);
export const internalError = () => new GoogleError(500, 'INTERNAL', 'Internal error encountered.');
export const quotaExceeded = () =>
  new GoogleError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'vision.googleapis.com'.", [errorInfo('RATE_LIMIT_EXCEEDED')]);

/** google.rpc.Code numbers of the per-image errors the mock gives. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7 } as const;

/** A per-image error, inside a 200 answer. */
export const imageError = (code: number, message: string) => ({ code, message });
