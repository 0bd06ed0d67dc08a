import { and, asc, eq, exists, inArray, isNull, ne, not, notInArray, sql } from 'drizzle-orm';
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
    /**
     * Users whose every property is one of `scope` (active or not): the accounts an admin of
     * `scope` may manage. An account with no property at all belongs to nobody's scope.
     */
    async listWithin(scope: string[], tx: Executor = db): Promise<AdminStaffUser[]> {
      if (scope.length === 0) return [];
      const access = (...conditions: Parameters<typeof and>) =>
        exists(
          tx
            .select({ one: sql`1` })
            .from(staffPropertyAccess)
            .where(and(eq(staffPropertyAccess.staffId, staffUsers.id), ...conditions)),
        );
      const rows = await tx
        .select(userColumns)
        .from(staffUsers)
        .where(and(access(), not(access(notInArray(staffPropertyAccess.propertyId, scope)))))
        .orderBy(asc(staffUsers.name), asc(staffUsers.email));
      return withProperties(rows, tx);
    },

    async findById(staffId: string, tx: Executor = db): Promise<AdminStaffUser | undefined> {
      const rows = await tx.select(userColumns).from(staffUsers).where(eq(staffUsers.id, staffId)).limit(1);
      return (await withProperties(rows, tx))[0];
    },

    /** The user, with their row locked until `tx` ends, so concurrent changes to them queue up. */
    async findByIdForUpdate(staffId: string, tx: Executor): Promise<AdminStaffUser | undefined> {
      const rows = await tx.select(userColumns).from(staffUsers).where(eq(staffUsers.id, staffId)).limit(1).for('update');
      return (await withProperties(rows, tx))[0];
    },

    /**
     * Of `propertyIds`, those where no active admin other than `staffId` has access. The property
     * rows are locked first (NO KEY UPDATE: access inserts still pass), so two admins demoting each
     * other at the same moment cannot both succeed and leave a hotel without one.
     */
    async withoutOtherAdmin(propertyIds: string[], staffId: string, tx: Executor): Promise<Array<{ id: string; name: string }>> {
      if (propertyIds.length === 0) return [];
      const locked = await tx
        .select({ id: properties.id, name: properties.name })
        .from(properties)
        .where(inArray(properties.id, propertyIds))
        .orderBy(asc(properties.id))
        .for('no key update');
      const covered = await tx
        .selectDistinct({ id: staffPropertyAccess.propertyId })
        .from(staffPropertyAccess)
        .innerJoin(staffUsers, eq(staffUsers.id, staffPropertyAccess.staffId))
        .where(
          and(
            inArray(staffPropertyAccess.propertyId, propertyIds),
            ne(staffUsers.id, staffId),
            eq(staffUsers.role, 'admin'),
            eq(staffUsers.active, true),
          ),
        );
      const coveredIds = new Set(covered.map((row) => row.id));
      return locked.filter((property) => !coveredIds.has(property.id));
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

    /** Makes the user's property access exactly `wanted`. */
    async setAccess(staffId: string, wanted: string[], tx: Executor = db) {
      await tx
        .delete(staffPropertyAccess)
        .where(and(eq(staffPropertyAccess.staffId, staffId), notInArray(staffPropertyAccess.propertyId, wanted)));
      await tx
        .insert(staffPropertyAccess)
        .values(wanted.map((propertyId) => ({ staffId, propertyId })))
        .onConflictDoNothing();
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
