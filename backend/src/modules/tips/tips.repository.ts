import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { department, payments, properties, propertySettings, staffPropertyAccess, staffUsers } from '../../db/drizzle/schema.js';
import type { Department, TipDistribution, TipEntry, TipStaff } from './tip-distribution.js';

/** What guests may tip at a property, and how its tips are shared out. */
export interface TipRules {
  tipsToStaff: boolean;
  departments: Department[];
  distribution: TipDistribution;
}

/** Roles that are also departments: the staff who receive tips. Managers and admins do not. */
const TIPPED_ROLES: readonly string[] = department.enumValues;

export function createTipsRepository(db: Database) {
  /** Midnight starting a day in the property's time zone, as an instant. */
  const dayStart = (day: string, plusDays = 0) =>
    sql`((${day}::date + ${plusDays}::int)::timestamp AT TIME ZONE (SELECT ${properties.timeZone} FROM ${properties} WHERE ${properties.id} = ${payments.propertyId}))`;

  return {
    async property(propertyId: string): Promise<{ id: string; code: string; name: string; currency: string; timeZone: string } | undefined> {
      const [row] = await db
        .select({ id: properties.id, code: properties.code, name: properties.name, currency: properties.currency, timeZone: properties.timeZone })
        .from(properties)
        .where(eq(properties.id, propertyId));
      return row;
    },

    async rules(propertyId: string): Promise<TipRules | undefined> {
      const [row] = await db
        .select({ tipsToStaff: propertySettings.tipsToStaff, departments: propertySettings.tipDepartments, distribution: propertySettings.tipDistribution })
        .from(propertySettings)
        .where(eq(propertySettings.propertyId, propertyId));
      return row;
    },

    async saveRules(propertyId: string, rules: TipRules, tx: Executor = db): Promise<TipRules> {
      const values = { tipsToStaff: rules.tipsToStaff, tipDepartments: rules.departments, tipDistribution: rules.distribution };
      const [row] = await tx
        .insert(propertySettings)
        .values({ propertyId, ...values })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { ...values, updatedAt: sql`now()` } })
        .returning({ tipsToStaff: propertySettings.tipsToStaff, departments: propertySettings.tipDepartments, distribution: propertySettings.tipDistribution });
      return row!;
    },

    /** Staff guests may tip by name: active at the property, in a department role. */
    async tippableStaff(propertyId: string, staffId?: string): Promise<{ id: string; name: string; department: Department }[]> {
      const rows = await db
        .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
        .from(staffUsers)
        .innerJoin(staffPropertyAccess, eq(staffPropertyAccess.staffId, staffUsers.id))
        .where(
          and(
            eq(staffPropertyAccess.propertyId, propertyId),
            eq(staffUsers.active, true),
            inArray(staffUsers.role, TIPPED_ROLES as Department[]),
            staffId ? eq(staffUsers.id, staffId) : undefined,
          ),
        )
        .orderBy(asc(staffUsers.name), asc(staffUsers.id));
      return rows.map((row) => ({ id: row.id, name: row.name, department: row.role as Department }));
    },

    /**
     * Tips taken (succeeded at the provider) between two days of the property's calendar, both
     * included, each net of its refunds (those the provider has not refused, whenever made).
     */
    async tipsBetween(propertyId: string, from: string, to: string): Promise<(TipEntry & { grossMinor: number })[]> {
      // Written out: inside a select list Drizzle drops the table from column names, which a correlated subquery needs.
      const refundedMinor = sql<number>`coalesce((
        SELECT sum(refunds.amount_minor) FROM payments AS refunds
        WHERE refunds.refund_of = payments.id AND refunds.kind = 'refund'
          AND (refunds.provider_status = 'succeeded' OR (refunds.method <> 'card' AND refunds.status <> 'failed'))
      ), 0)::int`;
      const rows = await db
        .select({ grossMinor: payments.amountMinor, refundedMinor, staffId: payments.tipStaffId, department: payments.tipDepartment })
        .from(payments)
        .where(
          and(
            eq(payments.propertyId, propertyId),
            eq(payments.kind, 'tip'),
            eq(payments.providerStatus, 'succeeded'),
            gte(payments.createdAt, dayStart(from)),
            lt(payments.createdAt, dayStart(to, 1)),
          ),
        );
      return rows.map((row) => ({
        grossMinor: row.grossMinor,
        netMinor: Math.max(0, row.grossMinor - row.refundedMinor),
        staffId: row.staffId,
        department: row.department,
      }));
    },

    /** The staff a report pays: every tip-eligible member of the property, and these (named by tips) whatever they are now. */
    async reportStaff(propertyId: string, namedIds: readonly string[]): Promise<TipStaff[]> {
      const atProperty = sql<boolean>`exists (SELECT 1 FROM ${staffPropertyAccess} WHERE ${staffPropertyAccess.staffId} = ${staffUsers.id} AND ${staffPropertyAccess.propertyId} = ${propertyId})`;
      const rows = await db
        .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, role: staffUsers.role, active: staffUsers.active, atProperty })
        .from(staffUsers)
        .where(
          or(
            and(atProperty, eq(staffUsers.active, true), inArray(staffUsers.role, TIPPED_ROLES as Department[])),
            namedIds.length > 0 ? inArray(staffUsers.id, [...namedIds]) : undefined,
          ),
        );
      return rows.map((row) => {
        const home = TIPPED_ROLES.includes(row.role) ? (row.role as Department) : null;
        return { id: row.id, name: row.name, email: row.email, department: home, eligible: row.active && row.atProperty && home !== null };
      });
    },
  };
}

export type TipsRepository = ReturnType<typeof createTipsRepository>;
