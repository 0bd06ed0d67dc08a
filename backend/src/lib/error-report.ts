/** An error as logs and consoles may show it: no query parameters, no values PostgreSQL echoed. */
export interface ErrorReport {
  type: string;
  message: string;
  code?: string;
  stack: string;
  cause?: ErrorReport;
}

type ErrorFields = Error & { query?: unknown; code?: unknown };

/**
 * The message without values. Drizzle's failed-query message ends in a `params:` line
 * (confirmation numbers, token hashes, guests' notes); PostgreSQL's data exceptions (SQLSTATE
 * class 22) quote the value they refused. Constraint and column names stay: they are schema.
 */
export function reportedMessage(error: Error): string {
  const { query, code } = error as ErrorFields;
  if (typeof query === 'string') return `Failed query: ${query}`;
  if (typeof code === 'string' && code.startsWith('22')) return error.message.replace(/"[^"]*"/g, '"[redacted]"');
  return error.message;
}

/** The error, its code and its stack frames (the stack's own first line repeats the message, so it is rebuilt). */
export function reportError(error: Error, depth = 0): ErrorReport {
  const message = reportedMessage(error);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const { code } = error as ErrorFields;
  const report: ErrorReport = { type: error.name, message, stack: [`${error.name}: ${message}`, ...frames].join('\n') };
  if (typeof code === 'string') report.code = code;
  if (error.cause instanceof Error && depth < 5) report.cause = reportError(error.cause, depth + 1);
  return report;
}

/** One line for a console: the message and those of its causes. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error && parts.length < 6; current = current.cause) {
    parts.push(reportedMessage(current));
  }
  return parts.join(': ');
}

/** How a command-line process ends on an error: one line saying what went wrong, no stack, no query parameters. */
export function exitWithError(prefix: string): (error: unknown) => never {
  return (error) => {
    console.error(`${prefix} ${errorSummary(error)}`);
    process.exit(1);
  };
}
