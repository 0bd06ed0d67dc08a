import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { auditActor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { PaymentSettingsRepository } from './payment-settings.repository.js';
import type { PaymentSettings } from './payment-settings.schemas.js';

/**
 * A property's money settings: the card hold (per night and deposit) and the front desk's limits
 * (largest desk payment, largest refund). Holds placed from now on use the new amounts; holds in
 * place are not changed.
 */
export function createPaymentSettingsService(deps: { db: Database; settings: PaymentSettingsRepository; audit: AuditRepository }) {
  async function current(propertyId: string) {
    const found = await deps.settings.find(propertyId);
    if (!found) throw new AppError('not_found', 'No such property.');
    return found;
  }

  return {
    get: current,

    async save(propertyId: string, actor: StaffPrincipal, settings: PaymentSettings) {
      const before = await current(propertyId);
      return deps.db.transaction(async (tx) => {
        const saved = await deps.settings.save(propertyId, settings, tx);
        const { currency, ...was } = before;
        await deps.audit.record(
          { propertyId, ...auditActor({ type: 'staff', id: actor.id }), action: 'payments.settings_updated', subjectType: 'property', subjectId: propertyId, details: { before: was, after: saved } },
          tx,
        );
        return { ...saved, currency };
      });
    },
  };
}

export type PaymentSettingsService = ReturnType<typeof createPaymentSettingsService>;
