import { AppError } from '../../lib/errors.js';

/**
 * A key vendor's 4xx as our error: both guessed contracts carry `error: {code, message}`
 * (services.md §2.2, §2.3). 404 is not_found, 409 (room not assigned, key revoked) conflict,
 * anything else a refusal (422). The vendor's code goes along in the details for staff and logs.
 */
export function keyVendorRefusal(provider: string, status: number, body: unknown): AppError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const details = { provider, status, code };
  if (status === 404) return new AppError('not_found', `${provider}: ${message}`, { details });
  if (status === 409) return new AppError('conflict', `${provider}: ${message}`, { details });
  return new AppError('upstream_rejected', `${provider} refused the key: ${message}`, { details });
}

/** The vendor code of a refusal made by keyVendorRefusal, if any. */
export const vendorCodeOf = (error: unknown): string | undefined =>
  error instanceof AppError ? ((error.options.details as { code?: string } | undefined)?.code ?? undefined) : undefined;
