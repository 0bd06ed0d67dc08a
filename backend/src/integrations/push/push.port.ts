import type { MessageChannel } from '../message-channel.js';

/** A browser's push subscription (PushSubscription.toJSON()). */
export interface PushSubscriptionKeys {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** One web push message to one subscription. */
export interface PushMessage {
  subscription: PushSubscriptionKeys;
  /** JSON the service worker receives (encrypted on the wire, RFC 8291). */
  payload: string;
  /**
   * Push `Topic` (RFC 8030 §5.4, at most 32 URL-safe characters): a resend with the same topic
   * replaces an undelivered copy at the push service instead of adding a second one.
   */
  topic: string;
  /** How long the push service keeps the message for an offline device. */
  ttlSeconds: number;
}

/** Sends web push. Expired subscriptions (404/410) are a PermanentDeliveryError. */
export type PushPort = MessageChannel<PushMessage>;
