import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { NotificationDelivery } from '../../modules/notifications/notification-delivery.js';

const payloadSchema = z.object({ notificationId: z.uuid() });

/**
 * `deliver_notification` {notificationId}: one delivery attempt. A thrown error makes
 * graphile-worker retry with its exponential backoff; the outbox row records every outcome.
 */
export function deliverNotificationTask(delivery: NotificationDelivery): Task {
  return async (payload, helpers) => {
    const { notificationId } = payloadSchema.parse(payload);
    await delivery.deliver(notificationId, { maxAttempts: helpers.job.max_attempts });
  };
}
