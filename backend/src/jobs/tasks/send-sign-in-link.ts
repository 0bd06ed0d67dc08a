import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { StaysService } from '../../modules/stays/stays.service.js';

const payloadSchema = z.object({ confirmation: z.string(), lastName: z.string(), property: z.string().optional() });

/**
 * `send_sign_in_link` {confirmation, lastName, property?}: a guest lookup that came past the
 * failure limits. Finds the matching stay (asking the PMS) and queues its guest's sign-in link.
 */
export function sendSignInLinkTask(stays: Pick<StaysService, 'sendSignInLink'>): Task {
  return async (payload, helpers) => {
    const queued = await stays.sendSignInLink(payloadSchema.parse(payload));
    if (queued) helpers.logger.info(`queued ${queued} sign-in link(s)`);
  };
}
