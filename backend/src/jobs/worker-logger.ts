import { Logger } from 'graphile-worker';
import type { Logger as Pino } from 'pino';
import { reportedMessage } from '../lib/error-report.js';

type Meta = Record<string, unknown> & { error?: unknown; job?: Record<string, unknown> };

/**
 * graphile-worker's metadata made safe to log: its `error` goes under `err`, through the one error
 * serializer; of the job only what identifies it (its payload and last_error may hold guests'
 * data and earlier errors' text).
 */
function safeMeta({ error, job, ...rest }: Meta): Record<string, unknown> {
  const details: Record<string, unknown> = rest;
  if (error !== undefined) details.err = error;
  if (job) details.job = { id: job.id, task: job.task_identifier, attempts: job.attempts, maxAttempts: job.max_attempts };
  return details;
}

/** graphile-worker writes a failing task's error message and stack into its text; Drizzle's carries the query parameters. */
function safeText(message: string, error: unknown): string {
  if (!(error instanceof Error) || !error.message) return message;
  const at = message.indexOf(error.message);
  return at < 0 ? message : `${message.slice(0, at)}${reportedMessage(error)}`;
}

/**
 * graphile-worker's log lines through our pino logger, with its scope (worker, task, job) attached.
 * Job payloads are left out (`safeMeta`): a sign-in link request carries the confirmation number
 * and last name a guest typed, which never go into logs.
 */
export function graphileLogger(logger: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const details = { ...scope, ...safeMeta((meta ?? {}) as Meta) };
    const text = safeText(message, (meta as Meta | undefined)?.error);
    if (level === 'error') logger.error(details, text);
    else if (level === 'warning') logger.warn(details, text);
    else if (level === 'info') logger.info(details, text);
    else logger.debug(details, text);
  });
}
