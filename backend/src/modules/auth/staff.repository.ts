import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { auditLog, properties, staffPropertyAccess, staffSessions, staffUsers } from '../../db/drizzle/schema.js';

export type StaffRole = (typeof staffUsers.role.enumValues)[number];

export interface StaffPrincipal {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  properties: Array<{ id: string; code: string; name: string }>;
  sessionId: string;
}

const accessibleProperties = sql<Array<{ id: string; code: string; name: string }>>`coalesce((
  SELECT json_agg(json_build_object('id', ${properties.id}, 'code', ${properties.code}, 'name', ${properties.name}) ORDER BY ${properties.code})
  FROM ${staffPropertyAccess} JOIN ${properties} ON ${properties.id} = ${staffPropertyAccess.propertyId}
  WHERE ${staffPropertyAccess.staffId} = ${staffUsers.id}
), '[]'::json)`;

export function createStaffRepository(db: Database) {
  const findSession = db
    .select({
      id: staffUsers.id,
      name: staffUsers.name,
      email: staffUsers.email,
      role: staffUsers.role,
      properties: accessibleProperties,
      sessionId: staffSessions.id,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, sql`now()`),
        eq(staffUsers.active, true),
      ),
    )
    .prepare('staff_session_by_token');

  return {
    async findByEmail(email: string, tx: Executor = db) {
      const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
      return row;
    },

    /** Whether this staff user signed in successfully from `ip` in the last `days` days (from the audit log). */
    async signedInFrom(staffId: string, ip: string, days: number): Promise<boolean> {
      const [row] = await db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.subjectType, 'staff'),
            eq(auditLog.subjectId, staffId),
            eq(auditLog.action, 'staff.login'),
            sql`${auditLog.details}->>'ip' = ${ip}`,
            gt(auditLog.createdAt, sql`now() - make_interval(days => ${days})`),
          ),
        )
        .limit(1);
      return Boolean(row);
    },

    async createSession(input: { staffId: string; tokenHash: string; expiresAt: Date }, tx: Executor = db) {
      await tx.insert(staffSessions).values(input);
    },

    async findPrincipalByTokenHash(tokenHash: string): Promise<StaffPrincipal | undefined> {
      const [row] = await findSession.execute({ tokenHash });
      return row;
    },

    async revokeSession(sessionId: string, tx: Executor = db) {
      await tx
        .update(staffSessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt)));
    },

    async propertiesOf(staffId: string, tx: Executor = db) {
      return tx
        .select({ id: properties.id, code: properties.code, name: properties.name })
        .from(staffPropertyAccess)
        .innerJoin(properties, eq(properties.id, staffPropertyAccess.propertyId))
        .where(eq(staffPropertyAccess.staffId, staffId))
        .orderBy(properties.code);
    },
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
