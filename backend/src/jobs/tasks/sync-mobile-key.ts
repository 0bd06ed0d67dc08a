import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { KeysService } from '../../modules/keys/keys.service.js';

/**
 * `sync_mobile_key` {propertyId, stayId}: the stay's mobile key brought in step with the stay
 * (issued, moved, extended, revoked). A provider failure throws, so graphile-worker tries again
 * with its exponential back-off; the retry asks with the same idempotency keys.
 */
export function syncMobileKeyTask(keys: Pick<KeysService, 'sync'>): Task {
  return async (payload, helpers) => {
    const { propertyId, stayId } = z.object({ propertyId: z.uuid(), stayId: z.uuid() }).parse(payload);
    helpers.logger.info(`mobile key of stay ${stayId}: ${await keys.sync(propertyId, stayId)}`);
  };
}
