import type { Database } from '../../db/client.js';
import type { IntegrationManager, SettingsDraft } from '../../integrations/integration-manager.js';
import type { AuditRepository } from '../audit/audit.repository.js';

/** Admin operations on a property's integrations; every change is audit-logged without secret values. */
export function createIntegrationsService(deps: { db: Database; integrations: IntegrationManager; audit: AuditRepository }) {
  return {
    list: (propertyId: string) => deps.integrations.describe(propertyId),

    async save(propertyId: string, kind: string, draft: SettingsDraft, actorId: string) {
      const { row, changedSecrets, changedFields } = await deps.integrations.save(kind, propertyId, draft, actorId);
      await deps.audit.record({
        propertyId,
        actorType: 'staff',
        actorId,
        action: 'integration.settings_saved',
        subjectType: 'integration',
        subjectId: kind,
        details: { provider: row.provider, version: row.version, fields: changedFields, secretsChanged: changedSecrets },
      });
      const described = await deps.integrations.describe(propertyId);
      return described.find((entry) => entry.kind === kind)!;
    },

    test: (propertyId: string, kind: string, draft?: SettingsDraft) => deps.integrations.testConnection(kind, propertyId, draft),
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
