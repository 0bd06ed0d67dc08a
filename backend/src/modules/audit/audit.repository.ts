import { and, desc, eq, gte, ilike, like, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { auditLog, stays, staffUsers } from '../../db/drizzle/schema.js';
import { propertyDayEnd, propertyDayStart } from '../../db/property-day.js';

export interface AuditEntry {
  propertyId?: string | null;
  actorType: 'staff' | 'guest' | 'system';
  actorId?: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Never secrets, passwords or tokens. */
  details?: Record<string, unknown>;
}

export interface AuditListFilter {
  /** Staff name or e-mail, or a guest's confirmation number: a part of it, any case. */
  actor?: string | undefined;
  actorType?: 'staff' | 'guest' | 'system' | undefined;
  /** An action (`integration.settings_saved`) or the start of one (`integration.`). */
  action?: string | undefined;
  /** Calendar days in the property's time zone, both included. */
  from?: string | undefined;
  to?: string | undefined;
  /** Entries older than this id (the page before). */
  before?: number | undefined;
  limit: number;
}

/** LIKE's own characters in user input match themselves. */
const literal = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function createAuditRepository(db: Database) {
  return {
    async record(entry: AuditEntry, tx: Executor = db) {
      await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
    },

    /** A property's entries, newest first, with the acting staff member's name or the guest's confirmation number. */
    async list(propertyId: string, filter: AuditListFilter) {
      const actor = filter.actor ? `%${literal(filter.actor)}%` : undefined;
      return db
        .select({
          id: auditLog.id,
          at: auditLog.createdAt,
          actorType: auditLog.actorType,
          actorId: auditLog.actorId,
          staffName: staffUsers.name,
          staffEmail: staffUsers.email,
          confirmationNumber: stays.confirmationNumber,
          action: auditLog.action,
          subjectType: auditLog.subjectType,
          subjectId: auditLog.subjectId,
          details: auditLog.details,
        })
        .from(auditLog)
        .leftJoin(staffUsers, and(eq(auditLog.actorType, 'staff'), eq(auditLog.actorId, sql`${staffUsers.id}::text`)))
        .leftJoin(stays, and(eq(auditLog.actorType, 'guest'), eq(auditLog.actorId, sql`${stays.id}::text`)))
        .where(
          and(
            eq(auditLog.propertyId, propertyId),
            filter.actorType ? eq(auditLog.actorType, filter.actorType) : undefined,
            actor ? or(ilike(staffUsers.name, actor), ilike(staffUsers.email, actor), ilike(stays.confirmationNumber, actor)) : undefined,
            filter.action ? like(auditLog.action, `${literal(filter.action)}%`) : undefined,
            filter.from ? gte(auditLog.createdAt, propertyDayStart(propertyId, filter.from)) : undefined,
            filter.to ? lt(auditLog.createdAt, propertyDayEnd(propertyId, filter.to)) : undefined,
            filter.before !== undefined ? lt(auditLog.id, filter.before) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(filter.limit);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
