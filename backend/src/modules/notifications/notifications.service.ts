import { AppError } from '../../lib/errors.js';
import type { NotificationsRepository } from './notifications.repository.js';

/** What staff may read about a stay's notifications. */
export function createNotificationsService(deps: { repository: NotificationsRepository }) {
  return {
    async listForStay(propertyId: string, stayId: string) {
      if (!(await deps.repository.stayExists(propertyId, stayId))) throw new AppError('not_found', 'No such stay at this property.');
      const rows = await deps.repository.listForStay(propertyId, stayId);
      return {
        notifications: rows.map((row) => ({
          ...row,
          sentAt: row.sentAt ? row.sentAt.toISOString() : null,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
