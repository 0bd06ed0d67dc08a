/** The one error type services throw; the HTTP error handler maps `code` to a status. */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  ambiguous_lookup: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upstream_rejected: 422,
  /** A rule on amounts refused the request (a refund above what is left to refund). */
  not_refundable: 422,
  rate_limited: 429,
  internal_error: 500,
  integration_unavailable: 503,
  integration_misconfigured: 503,
  service_unavailable: 503,
  database_unavailable: 503,
  integration_timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { details?: unknown; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A 400 naming the one field at fault, as every form shows it beside that field. */
export const fieldError = (field: string, message: string) => new AppError('validation_failed', message, { details: [{ field, message } satisfies FieldIssue] });
