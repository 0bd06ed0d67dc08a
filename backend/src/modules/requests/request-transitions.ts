import { requestStatus } from '../../db/drizzle/schema.js';

export type RequestStatus = (typeof requestStatus.enumValues)[number];
export type RequestAction = 'acknowledge' | 'assign' | 'start' | 'complete' | 'cancel';

export const openStatuses: readonly RequestStatus[] = ['new', 'acknowledged', 'in_progress'];

/**
 * action -> (current status -> next status). A pair that is not listed is an illegal move (409).
 * Assigning a new request also acknowledges it; re-assigning keeps the status. Completing straight
 * from `new` is allowed because most requests (towels) are done in one trip.
 */
export const requestTransitions: Record<RequestAction, Partial<Record<RequestStatus, RequestStatus>>> = {
  acknowledge: { new: 'acknowledged' },
  assign: { new: 'acknowledged', acknowledged: 'acknowledged', in_progress: 'in_progress' },
  start: { new: 'in_progress', acknowledged: 'in_progress' },
  complete: { new: 'completed', acknowledged: 'completed', in_progress: 'completed' },
  cancel: { new: 'cancelled', acknowledged: 'cancelled', in_progress: 'cancelled' },
};

export function nextStatus(current: RequestStatus, action: RequestAction): RequestStatus | undefined {
  return requestTransitions[action][current];
}
