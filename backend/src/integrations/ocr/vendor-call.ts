import { z } from 'zod';
import { AppError } from '../../lib/errors.js';

/**
 * How every OCR adapter calls its vendor: within the provider's time budget and the caller's
 * signal (the guest left, or the fallback took over), answering the moment either ends, even when
 * the SDK is asleep in a retry backoff that no signal reaches. Messages name no vendor: a guest
 * reads them.
 */

export const ocrUnavailable = (cause?: unknown) =>
  new AppError('integration_unavailable', 'The ID reading service is not answering. Try again in a moment, or continue at the front desk.', { cause });

export const ocrTimeout = () => new AppError('integration_timeout', 'The ID reading service did not answer in time. Try again in a moment, or continue at the front desk.');

/** `work`'s outcome, or the signal's reason as soon as it aborts (the work is left to end by itself). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The loser of the race must not surface as an unhandled rejection.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs `call` with a signal that aborts when the caller's does or after `timeoutMs`. Rejects with
 * the caller's reason when the caller aborted, `integration_timeout` when the budget ran out, an
 * `AppError` as thrown, and anything else as `mapError` reads it.
 */
export async function callVendor<T>(
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
  call: (signal: AbortSignal) => Promise<T>,
  mapError: (error: unknown) => AppError,
): Promise<T> {
  options.signal?.throwIfAborted();
  const budget = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  try {
    return await untilAborted(call(signal), signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (budget.aborted) throw ocrTimeout();
    throw error instanceof AppError ? error : mapError(error);
  }
}

/** The time budget and retries of a cloud OCR provider, fields of its settings form. */
export function vendorCallSettings(options: { defaultTimeoutMs: number; maxTimeoutMs: number; budgetCovers: string; retriedBy: string }) {
  return {
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(options.maxTimeoutMs)
      .default(options.defaultTimeoutMs)
      .meta({ title: 'Timeout (ms)' })
      .describe(`How long one read may take in milliseconds, ${options.budgetCovers}; a guest is waiting at the check-in page.`),
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(4)
      .default(2)
      .meta({ title: 'Retries' })
      .describe(`Retries of a throttled or failed call, ${options.retriedBy}; reading a document again has no side effect.`),
  };
}
