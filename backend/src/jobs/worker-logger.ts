import { Logger } from 'graphile-worker';
import type { Logger as Pino } from 'pino';

/** graphile-worker's log lines through our pino logger, with its scope (worker, task, job) attached. */
export function graphileLogger(logger: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const details = { ...scope, ...meta };
    if (level === 'error') logger.error(details, message);
    else if (level === 'warning') logger.warn(details, message);
    else if (level === 'info') logger.info(details, message);
    else logger.debug(details, message);
  });
}
