import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { notifications, pushSubscriptions, stays } from '../../db/drizzle/schema.js';

export interface ClaimedNotification {
  id: string;
  propertyId: string;
  stayId: string | null;
  type: string;
  channel: 'email' | 'sms' | 'push';
  recipient: string;
  language: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** `sending` means an earlier attempt stopped mid-send (its worker died): a resend may duplicate. */
  previousStatus: 'queued' | 'sending';
  /** What templates need besides the payload; null when the property no longer exists. */
  property: { name: string; code: string; timeZone: string } | null;
  /** The stay at that property the notification is about; null for none. */
  stay: { arrivalDate: string | null } | null;
}

export function createNotificationsRepository(db: Database) {
  return {
    /**
     * Marks the notification `sending` and counts the attempt, in one statement that also reads what
     * its templates need (one round trip instead of three: at concurrency 10 on a busy 2-core machine
     * each took about 6 ms). Nothing is returned when it is unknown, already sent or already failed:
     * the caller then does nothing.
     */
    async claim(id: string, tx: Executor = db): Promise<ClaimedNotification | undefined> {
      const result = await tx.execute<Record<string, unknown>>(sql`
        WITH previous AS (
          SELECT id, status FROM notifications WHERE id = ${id} AND status IN ('queued', 'sending') FOR UPDATE
        )
        UPDATE notifications n
           SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
          FROM previous
         WHERE n.id = previous.id
        RETURNING n.id, n.property_id, n.stay_id, n.type, n.channel, n.recipient, n.language, n.payload, n.attempts,
                  previous.status AS previous_status,
                  (SELECT jsonb_build_object('name', p.name, 'code', p.code, 'timeZone', p.time_zone) FROM properties p WHERE p.id = n.property_id) AS property,
                  (SELECT jsonb_build_object('arrivalDate', s.arrival_date) FROM stays s WHERE s.id = n.stay_id AND s.property_id = n.property_id) AS stay`);
      const row = result.rows[0];
      if (!row) return undefined;
      return {
        id: row.id as string,
        propertyId: row.property_id as string,
        stayId: row.stay_id as string | null,
        type: row.type as string,
        channel: row.channel as ClaimedNotification['channel'],
        recipient: row.recipient as string,
        language: row.language as string,
        payload: row.payload as Record<string, unknown>,
        attempts: row.attempts as number,
        previousStatus: row.previous_status as ClaimedNotification['previousStatus'],
        property: row.property as ClaimedNotification['property'],
        stay: row.stay as ClaimedNotification['stay'],
      };
    },

    async markSent(id: string, providerMessageId: string, tx: Executor = db) {
      await tx
        .update(notifications)
        .set({ status: 'sent', providerMessageId, sentAt: sql`now()`, lastError: null, updatedAt: sql`now()` })
        .where(eq(notifications.id, id));
    },

    /** Back to `queued` with the reason, for graphile-worker's next attempt. */
    async markRetrying(id: string, reason: string, tx: Executor = db) {
      await tx.update(notifications).set({ status: 'queued', lastError: reason, updatedAt: sql`now()` }).where(eq(notifications.id, id));
    },

    async markFailed(id: string, reason: string, tx: Executor = db) {
      await tx.update(notifications).set({ status: 'failed', lastError: reason, updatedAt: sql`now()` }).where(eq(notifications.id, id));
    },

    async pushSubscription(propertyId: string, subscriptionId: string, tx: Executor = db) {
      const [row] = await tx
        .select({ endpoint: pushSubscriptions.endpoint, keys: pushSubscriptions.keys })
        .from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.propertyId, propertyId), sql`${pushSubscriptions.id}::text = ${subscriptionId}`));
      return row as { endpoint: string; keys: { p256dh: string; auth: string } } | undefined;
    },

    async stayExists(propertyId: string, stayId: string, tx: Executor = db): Promise<boolean> {
      const [row] = await tx.select({ id: stays.id }).from(stays).where(and(eq(stays.id, stayId), eq(stays.propertyId, propertyId)));
      return Boolean(row);
    },

    /** A stay's notifications for staff, newest first. */
    async listForStay(propertyId: string, stayId: string, tx: Executor = db) {
      return tx
        .select({
          id: notifications.id,
          type: notifications.type,
          channel: notifications.channel,
          recipient: notifications.recipient,
          status: notifications.status,
          attempts: notifications.attempts,
          lastError: notifications.lastError,
          sentAt: notifications.sentAt,
          createdAt: notifications.createdAt,
        })
        .from(notifications)
        .where(and(eq(notifications.propertyId, propertyId), eq(notifications.stayId, stayId)))
        .orderBy(desc(notifications.createdAt), desc(notifications.id));
    },

    /**
     * Reserved stays arriving within each property's pre-arrival window (today .. today + N days in
     * the property's time zone) that have no pre-arrival notification yet.
     */
    async staysDueForPreArrival(tx: Executor = db) {
      const result = await tx.execute<{ id: string; property_id: string }>(sql`
        SELECT s.id, s.property_id
          FROM stays s
          JOIN properties p ON p.id = s.property_id
          JOIN property_settings ps ON ps.property_id = s.property_id
         WHERE ps.pre_arrival_email_days IS NOT NULL
           AND s.status = 'reserved'
           AND s.arrival_date >= (now() AT TIME ZONE p.time_zone)::date
           AND s.arrival_date <= (now() AT TIME ZONE p.time_zone)::date + ps.pre_arrival_email_days
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.stay_id = s.id AND n.type = 'stay.pre_arrival')
         ORDER BY s.arrival_date, s.id`);
      return result.rows.map((row) => ({ id: row.id, propertyId: row.property_id }));
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
