import type { Executor } from '../../db/client.js';
import { enqueueJob } from '../../jobs/queue.js';

/** `sync_mobile_key` {propertyId, stayId}: brings the stay's mobile key in step with the stay. */
export const SYNC_MOBILE_KEY_TASK = 'sync_mobile_key';

/**
 * Queues a key sync in the caller's transaction. One named queue per stay, so two syncs of a stay
 * never run at once (two workers would otherwise both ask the vendor for the same key); the job
 * key folds repeats made before it runs into one.
 */
export function queueKeySync(tx: Executor, propertyId: string, stayId: string, runAt?: Date) {
  return enqueueJob(tx, SYNC_MOBILE_KEY_TASK, { propertyId, stayId }, { jobKey: `mobile-key:${stayId}`, queueName: `mobile-key:${stayId}`, runAt });
}
