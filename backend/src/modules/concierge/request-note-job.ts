import type { Executor } from '../../db/client.js';
import { enqueueJob } from '../../jobs/queue.js';

/** `assess_request_note` {propertyId, requestId}: the sentiment of a guest's request note, for the stay's mood and staff alerts. */
export const ASSESS_REQUEST_NOTE_TASK = 'assess_request_note';

/**
 * Queued with the request, so making a request never waits for (or fails with) the concierge
 * provider; a provider outage retries with graphile-worker's back-off.
 */
export function queueRequestNoteAssessment(tx: Executor, propertyId: string, requestId: string) {
  return enqueueJob(tx, ASSESS_REQUEST_NOTE_TASK, { propertyId, requestId }, { jobKey: `request-note:${requestId}` });
}
