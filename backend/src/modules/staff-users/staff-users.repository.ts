import { and, asc, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { properties, staffPropertyAccess, staffSessions, staffUsers } from '../../db/drizzle/schema.js';
import type { StaffRole } from '../auth/staff.repository.js';

export interface AdminStaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  properties: Array<{ id: string; code: string; name: string }>;
}

const userColumns = { id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, active: staffUsers.active };

export function createStaffUsersRepository(db: Database) {
  /** Users with their property list, in one extra query rather than one per user. */
  async function withProperties(rows: Array<Omit<AdminStaffUser, 'properties'>>, tx: Executor): Promise<AdminStaffUser[]> {
    if (rows.length === 0) return [];
    const access = await tx
      .select({ staffId: staffPropertyAccess.staffId, id: properties.id, code: properties.code, name: properties.name })
      .from(staffPropertyAccess)
      .innerJoin(properties, eq(properties.id, staffPropertyAccess.propertyId))
      .where(inArray(staffPropertyAccess.staffId, rows.map((row) => row.id)))
      .orderBy(asc(properties.code));
    return rows.map((row) => ({
      ...row,
      properties: access.filter((entry) => entry.staffId === row.id).map(({ id, code, name }) => ({ id, code, name })),
    }));
  }

  return {
    /** Users with access to at least one of `propertyIds`, active or not. */
    async listSharing(propertyIds: string[], tx: Executor = db): Promise<AdminStaffUser[]> {
      if (propertyIds.length === 0) return [];
      const rows = await tx
        .select(userColumns)
        .from(staffUsers)
        .where(
          inArray(
            staffUsers.id,
            tx.select({ id: staffPropertyAccess.staffId }).from(staffPropertyAccess).where(inArray(staffPropertyAccess.propertyId, propertyIds)),
          ),
        )
        .orderBy(asc(staffUsers.name), asc(staffUsers.email));
      return withProperties(rows, tx);
    },

    async findById(staffId: string, tx: Executor = db): Promise<AdminStaffUser | undefined> {
      const rows = await tx.select(userColumns).from(staffUsers).where(eq(staffUsers.id, staffId)).limit(1);
      return (await withProperties(rows, tx))[0];
    },

    async emailTaken(email: string, tx: Executor = db): Promise<boolean> {
      const rows = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, email)).limit(1);
      return rows.length > 0;
    },

    async insert(input: { email: string; name: string; role: StaffRole; passwordHash: string }, tx: Executor = db): Promise<string> {
      const [row] = await tx.insert(staffUsers).values(input).returning({ id: staffUsers.id });
      return row!.id;
    },

    async update(
      staffId: string,
      changes: Partial<{ name: string; role: StaffRole; active: boolean; passwordHash: string }>,
      tx: Executor = db,
    ) {
      await tx.update(staffUsers).set({ ...changes, updatedAt: sql`now()` }).where(eq(staffUsers.id, staffId));
    },

    /**
     * Makes the user's access within `scope` exactly `wanted`; access to properties outside `scope`
     * (ones the acting admin cannot see) is left as it is.
     */
    async setAccessWithin(staffId: string, scope: string[], wanted: string[], tx: Executor = db) {
      const stale = [and(eq(staffPropertyAccess.staffId, staffId), inArray(staffPropertyAccess.propertyId, scope))];
      if (wanted.length > 0) stale.push(notInArray(staffPropertyAccess.propertyId, wanted));
      await tx.delete(staffPropertyAccess).where(and(...stale));
      if (wanted.length > 0) {
        await tx
          .insert(staffPropertyAccess)
          .values(wanted.map((propertyId) => ({ staffId, propertyId })))
          .onConflictDoNothing();
      }
    },

    /** Ends the user's open sessions, except `keepSessionId` (the caller's own, when it is their account). */
    async revokeSessions(staffId: string, keepSessionId: string | undefined, tx: Executor = db) {
      const open = [eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)];
      if (keepSessionId) open.push(ne(staffSessions.id, keepSessionId));
      await tx.update(staffSessions).set({ revokedAt: sql`now()` }).where(and(...open));
    },
  };
}

export type StaffUsersRepository = ReturnType<typeof createStaffUsersRepository>;
