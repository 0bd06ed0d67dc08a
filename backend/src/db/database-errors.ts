/** What a client is told to wait: the supervised embedded server is back within about a second. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// SQLSTATEs meaning "the server is going away or not there yet", not "your query is wrong":
// admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 is
// connection_exception.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
// pg and pg-pool say these without a code.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether `error` means PostgreSQL cannot be reached right now (refused, shut down, restarting,
 * connection lost, pool timed out) rather than a fault in the query. Drizzle wraps pg's error in
 * `cause`, and Node's connect wraps one error per address in an AggregateError, so both are followed.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  if (UNAVAILABLE_MESSAGES.some((message) => error.message.startsWith(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}
