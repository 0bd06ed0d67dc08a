import type { Database, Executor } from '../../db/client.js';
import { auditLog } from '../../db/drizzle/schema.js';

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

export function createAuditRepository(db: Database) {
  return {
    async record(entry: AuditEntry, tx: Executor = db) {
      await tx.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
