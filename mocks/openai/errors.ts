/**
 * OpenAI's error body, `{ "error": { message, type, param, code } }` (every field present, `param`
 * and `code` null when they do not apply), as the SDK maps it to `err.type/param/code`. Route
 * code throws OpenAIError; the server writes it.
 */
export class OpenAIError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  body() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A request OpenAI refuses: 400 `invalid_request_error` naming the parameter. */
export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new OpenAIError(400, 'invalid_request_error', message, param, code);

export const missingParameter = (param: string) => invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');

export const invalidType = (param: string, expected: string, value: unknown) =>
  invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} instead.`, param, 'invalid_type');

export const serverError = () => new OpenAIError(500, 'server_error', 'The server had an error while processing your request. Sorry about that!');

/** OpenAI's per-minute request limit answer; the caller sets `retry-after`. */
export const rateLimited = () =>
  new OpenAIError(
    429,
    'requests',
    `Rate limit reached in organization org-innkeepermock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    null,
    'rate_limit_exceeded',
  );

/** Out of credit: also 429, but waiting does not help, so clients must not retry it. */
export const insufficientQuota = () =>
  new OpenAIError(
    429,
    'insufficient_quota',
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    null,
    'insufficient_quota',
  );
