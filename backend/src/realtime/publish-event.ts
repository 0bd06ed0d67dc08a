import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { Department } from '../domain/department.js';
import type { RealtimeEventType } from '../domain/realtime-event-types.js';
import { REALTIME_CHANNEL } from './realtime-event.js';

export interface PublishInput {
  propertyId: string;
  /** Set only when the stay's guest may see the event. */
  stayId?: string | null;
  /** Set when only that department's staff (and managers) may see it. */
  department?: Department | null;
  type: RealtimeEventType;
  subjectId: string;
}

/**
 * Writes the durable event and NOTIFYs its id in the caller's transaction (one round trip), so the
 * event exists and is announced if and only if the change commits. The payload is the id only.
 */
export async function publishEvent(tx: Executor, input: PublishInput): Promise<number> {
  const result = await tx.execute<{ id: string }>(sql`
    WITH inserted AS (
      INSERT INTO realtime_events (property_id, stay_id, department, type, subject_id)
      VALUES (${input.propertyId}, ${input.stayId ?? null}, ${input.department ?? null}, ${input.type}, ${input.subjectId})
      RETURNING id
    )
    SELECT id, pg_notify(${REALTIME_CHANNEL}, id::text) FROM inserted`);
  return Number(result.rows[0]!.id);
}

export type PublishEvent = typeof publishEvent;
