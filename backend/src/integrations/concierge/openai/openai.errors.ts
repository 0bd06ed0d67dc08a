import type OpenAISdk from 'openai';
import { AppError } from '../../../lib/errors.js';

const QUOTA_CODE = 'insufficient_quota';

/**
 * For the SDK's fetch: a 429 `insufficient_quota` (out of credit) gets `x-should-retry: false`, so
 * the SDK does not wait and retry what waiting cannot cure; other 429s it retries after `retry-after`.
 */
export function noRetryOnQuota(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status !== 429) return response;
    const body = await response.clone().text();
    if (!body.includes(QUOTA_CODE)) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

const retryAfterSeconds = (headers: Headers | undefined) => {
  const milliseconds = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return Math.ceil(milliseconds / 1000);
  const seconds = Number(headers?.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1;
};

/**
 * An SDK error as the AppError the error handler knows (services.md §5.5). The vendor's message is
 * kept in `details` for the logs, never shown to a guest: `x-request-id` is there to quote to OpenAI.
 * `OpenAI` is the SDK as the adapter loaded it (on first use), whose error classes its errors are.
 */
export function toAppError(OpenAI: typeof OpenAISdk, error: unknown, operation: string): unknown {
  if (error instanceof AppError || !(error instanceof OpenAI.APIError)) return error;
  const details = { provider: 'openai', operation, status: error.status, code: error.code ?? null, requestId: error.requestID ?? null };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new AppError('integration_timeout', 'The AI model did not answer in time.', { details, cause: error });
  if (error instanceof OpenAI.APIConnectionError) {
    // The guarded fetch's own refusal (the production URL rule) comes back as the cause.
    if (error.cause instanceof AppError) return error.cause;
    return new AppError('integration_unavailable', 'The AI model could not be reached.', { details, retryAfterSeconds: 5, cause: error });
  }
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return new AppError('integration_misconfigured', 'The AI model refused the API key of this property.', { details, cause: error });
  }
  if (error instanceof OpenAI.NotFoundError) return new AppError('integration_misconfigured', 'The AI model named in the settings does not exist at this address.', { details, cause: error });
  if (error instanceof OpenAI.RateLimitError) {
    if (error.code === QUOTA_CODE) return new AppError('integration_misconfigured', 'The AI account is out of credit.', { details, cause: error });
    return new AppError('rate_limited', 'The AI model is busy; try again in a moment.', { details, retryAfterSeconds: retryAfterSeconds(error.headers), cause: error });
  }
  if (error instanceof OpenAI.BadRequestError || error instanceof OpenAI.UnprocessableEntityError) {
    return new AppError('upstream_rejected', 'The AI model refused this conversation.', { details: { ...details, param: error.param ?? null }, cause: error });
  }
  return new AppError('integration_unavailable', 'The AI model is not available right now.', { details, retryAfterSeconds: 5, cause: error });
}
