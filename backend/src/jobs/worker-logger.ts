import { Logger } from 'graphile-worker';
import type { Logger as Pino } from 'pino';

/**
 * graphile-worker's log lines through our pino logger, with its scope (worker, task, job) attached.
 * Job payloads are left out: a sign-in link request carries the confirmation number and last name
 * a guest typed, which never go into logs.
 */
export function graphileLogger(logger: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const details: Record<string, unknown> = { ...scope, ...meta };
    if (details.job && typeof details.job === 'object') details.job = { ...details.job, payload: undefined };
    if (level === 'error') logger.error(details, message);
    else if (level === 'warning') logger.warn(details, message);
    else if (level === 'info') logger.info(details, message);
    else logger.debug(details, message);
  });
}
