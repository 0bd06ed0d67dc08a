import { randomUUID } from 'node:crypto';

/**
 * The two error shapes Cloudbeds uses. Route code throws these; the server's error handler writes
 * them, so every failure leaves in the vendor's own body shape.
 */

/** v1.x: `{ success: false, message }`. The spec declares only HTTP 200; the status codes the mock uses are listed in server.ts. */
export class PmsError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

/**
 * An unknown reservation, guest, sub-reservation or room. The v1.3 spec declares only HTTP 200 for
 * every method, a failure being `success: false` with a `message`; we have no evidence of what the
 * live API sends instead, so the mock follows the spec here.
 */
export const notFound = (message: string) => new PmsError(200, message);

/** Accounting v1.0 `ApiErrorCode` values the mock produces. */
export type AccountingErrorCode = 'ACCESS_DENIED' | 'INVALID_REQUEST' | 'BOOKING_NOT_FOUND' | 'ENTITY_NOT_FOUND' | 'UNEXPECTED_ERROR' | 'UNKNOWN_ERROR';

/** Accounting v1.0: `ApiAccountingError { id, timestamp, errorCode, errorDetails }`. */
export class AccountingError extends Error {
  constructor(readonly statusCode: number, readonly errorCode: AccountingErrorCode, message: string) {
    super(message);
  }
}

export function pmsErrorBody(message: string): { success: false; message: string } {
  return { success: false, message };
}

export function accountingErrorBody(errorCode: AccountingErrorCode, errorDetails: string) {
  return { id: randomUUID(), timestamp: new Date().toISOString(), errorCode, errorDetails };
}
