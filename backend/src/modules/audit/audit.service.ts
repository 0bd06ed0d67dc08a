import type { AuditListFilter, AuditRepository } from './audit.repository.js';

export function createAuditService(deps: { audit: Pick<AuditRepository, 'list'> }) {
  return {
    /** One page of the property's audit log, newest first; `nextBefore` asks for the page after it. */
    async list(propertyId: string, filter: AuditListFilter) {
      // One more than asked tells whether another page exists without counting.
      const rows = await deps.audit.list(propertyId, { ...filter, limit: filter.limit + 1 });
      const page = rows.slice(0, filter.limit);
      return {
        entries: page.map((row) => ({
          id: row.id,
          at: new Date(row.at).toISOString(),
          actor: {
            type: row.actorType as 'staff' | 'guest' | 'system',
            id: row.actorId,
            name: row.staffName ?? row.confirmationNumber,
            email: row.staffEmail,
          },
          action: row.action,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          details: (row.details ?? {}) as Record<string, unknown>,
        })),
        nextBefore: rows.length > filter.limit ? page.at(-1)!.id : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
