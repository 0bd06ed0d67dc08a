import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { properties, realtimeEvents, realtimeTickets, staffUsers } from '../db/drizzle/schema.js';
import type { RealtimeEvent, StreamScope } from './realtime-event.js';

const eventColumns = {
  id: realtimeEvents.id,
  propertyId: realtimeEvents.propertyId,
  stayId: realtimeEvents.stayId,
  department: realtimeEvents.department,
  type: realtimeEvents.type,
  subjectId: realtimeEvents.subjectId,
};

/** The SQL twin of `scopeSees`. */
function scopeCondition(scope: StreamScope): SQL {
  if (scope.kind === 'guest') return eq(realtimeEvents.stayId, scope.stayId);
  return and(
    eq(realtimeEvents.propertyId, scope.propertyId),
    or(isNull(realtimeEvents.department), inArray(realtimeEvents.department, [...scope.departments])),
  )!;
}

export interface TicketRow {
  propertyId: string;
  propertyCode: string;
  actorType: 'staff' | 'guest';
  actorId: string;
  stayId: string | null;
  /** The staff user's role now, not when the ticket was issued; null for guests. */
  staffRole: (typeof staffUsers.role.enumValues)[number] | null;
  staffActive: boolean | null;
}

export function createRealtimeRepository(db: Database) {
  return {
    async eventsByIds(ids: number[]): Promise<RealtimeEvent[]> {
      if (ids.length === 0) return [];
      return db.select(eventColumns).from(realtimeEvents).where(inArray(realtimeEvents.id, ids)).orderBy(asc(realtimeEvents.id));
    },

    /** Up to `limit` events after `afterId` that the scope sees, oldest first. */
    async eventsAfter(scope: StreamScope, afterId: number, limit: number): Promise<RealtimeEvent[]> {
      return db
        .select(eventColumns)
        .from(realtimeEvents)
        .where(and(scopeCondition(scope), gt(realtimeEvents.id, afterId)))
        .orderBy(asc(realtimeEvents.id))
        .limit(limit);
    },

    /**
     * The smallest id still kept and the last id handed out. An empty table (everything pruned)
     * has no oldest id; the sequence still tells how far ids went.
     */
    async idRange(): Promise<{ oldest: number | null; last: number }> {
      const result = await db.execute<{ oldest: string | null; last: string }>(sql`
        SELECT (SELECT min(id) FROM realtime_events) AS oldest,
               (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM realtime_events_id_seq) AS last`);
      const row = result.rows[0]!;
      return { oldest: row.oldest === null ? null : Number(row.oldest), last: Number(row.last) };
    },

    async pruneEventsBefore(cutoff: Date, tx: Executor = db): Promise<number> {
      const deleted = await tx.delete(realtimeEvents).where(lt(realtimeEvents.createdAt, cutoff)).returning({ id: realtimeEvents.id });
      return deleted.length;
    },

    async insertTicket(
      input: { tokenHash: string; propertyId: string; actorType: 'staff' | 'guest'; actorId: string; stayId?: string; expiresAt: Date },
      tx: Executor = db,
    ) {
      await tx.insert(realtimeTickets).values(input);
    },

    /**
     * Marks the ticket used and returns it, in one statement, so two connections racing with the
     * same ticket cannot both win. Unknown, used and expired tickets return undefined.
     */
    async redeemTicket(tokenHash: string, now: Date): Promise<TicketRow | undefined> {
      const result = await db.execute<{
        property_id: string;
        property_code: string;
        actor_type: 'staff' | 'guest';
        actor_id: string;
        stay_id: string | null;
        staff_role: TicketRow['staffRole'];
        staff_active: boolean | null;
      }>(sql`
        WITH used AS (
          UPDATE ${realtimeTickets} SET used_at = ${now}
          WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
          RETURNING property_id, actor_type, actor_id, stay_id
        )
        SELECT used.*, p.code AS property_code, s.role AS staff_role, s.active AS staff_active
        FROM used
        JOIN ${properties} p ON p.id = used.property_id
        LEFT JOIN ${staffUsers} s ON used.actor_type = 'staff' AND s.id::text = used.actor_id`);
      const row = result.rows[0];
      if (!row) return undefined;
      return {
        propertyId: row.property_id,
        propertyCode: row.property_code,
        actorType: row.actor_type,
        actorId: row.actor_id,
        stayId: row.stay_id,
        staffRole: row.staff_role,
        staffActive: row.staff_active,
      };
    },

    async pruneTicketsBefore(cutoff: Date, tx: Executor = db): Promise<number> {
      const deleted = await tx
        .delete(realtimeTickets)
        .where(lt(realtimeTickets.expiresAt, cutoff))
        .returning({ tokenHash: realtimeTickets.tokenHash });
      return deleted.length;
    },
  };
}

export type RealtimeRepository = ReturnType<typeof createRealtimeRepository>;
