import type { StaffRole } from '../modules/auth/staff.repository.js';
import type { Department } from '../domain/department.js';

export const REALTIME_CHANNEL = 'realtime_events';

/** A row of realtime_events as the hub and the streams see it. */
export interface RealtimeEvent {
  id: number;
  propertyId: string;
  stayId: string | null;
  department: Department | null;
  type: string;
  subjectId: string | null;
}

/**
 * Who a stream is for: staff of one property (limited to their departments, and to one stay when
 * `stayId` is set: a stay's page), or one stay's guest.
 */
export type StreamScope =
  | { kind: 'staff'; propertyId: string; departments: readonly Department[]; stayId?: string }
  | { kind: 'guest'; propertyId: string; stayId: string };

/**
 * Who opened a stream: the session its ticket was issued to, so a revocation can find and end it.
 * A staff stream also keeps the role its scope was built from, to notice a role change.
 */
export type StreamOwner =
  | { kind: 'staff'; sessionId: string; staffId: string; role: StaffRole }
  | { kind: 'guest'; sessionId: string; stayId: string };

/**
 * Staff see their property's events without a department (stay-wide news) and those of the
 * departments they see; a guest sees only events marked with their stay (internal notes never are).
 */
export function scopeSees(scope: StreamScope, event: RealtimeEvent): boolean {
  if (scope.kind === 'guest') return event.stayId === scope.stayId;
  return (
    event.propertyId === scope.propertyId &&
    (scope.stayId === undefined || event.stayId === scope.stayId) &&
    (event.department === null || scope.departments.includes(event.department))
  );
}
