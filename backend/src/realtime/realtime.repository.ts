import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { guestSessions, properties, realtimeEvents, realtimeTickets, staffPropertyAccess, staffSessions, staffUsers, stays } from '../db/drizzle/schema.js';
import type { StaffRole } from '../modules/auth/staff.repository.js';
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
    scope.stayId === undefined ? undefined : eq(realtimeEvents.stayId, scope.stayId),
    or(isNull(realtimeEvents.department), inArray(realtimeEvents.department, [...scope.departments])),
  )!;
}

/** One of these sessions, not revoked and not expired. */
const liveSessionAmong = (table: typeof staffSessions | typeof guestSessions, ids: string[]) =>
  and(inArray(table.id, ids), isNull(table.revokedAt), gt(table.expiresAt, sql`now()`));

export interface TicketRow {
  propertyId: string;
  propertyCode: string;
  actorType: 'staff' | 'guest';
  /** The staff or guest session the ticket was issued to. */
  sessionId: string;
  stayId: string | null;
}

/** Sessions that still open streams, as they are now. */
export interface LiveSessions {
  /** Not revoked or expired, the user active: their role and properties now. */
  staff: Map<string, { staffId: string; role: StaffRole; propertyIds: string[] }>;
  /** Not revoked or expired, the stay not cancelled. */
  guest: Map<string, { stayId: string }>;
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

    /** actor_id holds the session the ticket is issued to, so revoking the session voids it. */
    /** Whether the stay is one of the property's (a ticket may name only such a stay). */
    async stayAtProperty(propertyId: string, stayId: string): Promise<boolean> {
      const [row] = await db.select({ id: stays.id }).from(stays).where(and(eq(stays.id, stayId), eq(stays.propertyId, propertyId)));
      return row !== undefined;
    },

    async insertTicket(
      input: { tokenHash: string; propertyId: string; actorType: 'staff' | 'guest'; sessionId: string; stayId?: string; expiresAt: Date },
      tx: Executor = db,
    ) {
      const { sessionId, ...columns } = input;
      await tx.insert(realtimeTickets).values({ ...columns, actorId: sessionId });
    },

    /**
     * Marks the ticket used and returns it, in one statement, so two connections racing with the
     * same ticket cannot both win. Unknown, used and expired tickets return undefined; whether its
     * session still allows a stream is for `liveSessions` to say.
     */
    async redeemTicket(tokenHash: string, now: Date): Promise<TicketRow | undefined> {
      const result = await db.execute<{
        property_id: string;
        property_code: string;
        actor_type: 'staff' | 'guest';
        actor_id: string;
        stay_id: string | null;
      }>(sql`
        WITH used AS (
          UPDATE ${realtimeTickets} SET used_at = ${now}
          WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
          RETURNING property_id, actor_type, actor_id, stay_id
        )
        SELECT used.*, p.code AS property_code FROM used JOIN ${properties} p ON p.id = used.property_id`);
      const row = result.rows[0];
      if (!row) return undefined;
      return {
        propertyId: row.property_id,
        propertyCode: row.property_code,
        actorType: row.actor_type,
        sessionId: row.actor_id,
        stayId: row.stay_id,
      };
    },

    /** Which of these sessions still open streams, by the same rules as the auth guards. */
    async liveSessions(ids: { staff: string[]; guest: string[] }): Promise<LiveSessions> {
      const [staff, guest] = await Promise.all([
        ids.staff.length === 0
          ? []
          : db
              .select({
                sessionId: staffSessions.id,
                staffId: staffUsers.id,
                role: staffUsers.role,
                propertyIds: sql<string[]>`array(SELECT ${staffPropertyAccess.propertyId}::text FROM ${staffPropertyAccess} WHERE ${staffPropertyAccess.staffId} = ${staffUsers.id})`,
              })
              .from(staffSessions)
              .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
              .where(and(liveSessionAmong(staffSessions, ids.staff), eq(staffUsers.active, true))),
        ids.guest.length === 0
          ? []
          : db
              .select({ sessionId: guestSessions.id, stayId: guestSessions.stayId })
              .from(guestSessions)
              .innerJoin(stays, eq(stays.id, guestSessions.stayId))
              .where(and(liveSessionAmong(guestSessions, ids.guest), ne(stays.status, 'cancelled'))),
      ]);
      return {
        staff: new Map(staff.map(({ sessionId, ...session }) => [sessionId, session])),
        guest: new Map(guest.map(({ sessionId, stayId }) => [sessionId, { stayId }])),
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
