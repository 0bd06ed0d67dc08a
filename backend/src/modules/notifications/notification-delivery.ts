import { createHash } from 'node:crypto';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import { PermanentDeliveryError, type Accepted } from '../../integrations/message-channel.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { formatMoney } from '../../lib/money.js';
import type { StaysRepository } from '../stays/stays.repository.js';
import type { Department } from '../../domain/department.js';
import type { NotificationType, Receipt, ReceiptLine } from './notification-planner.js';
import type { ClaimedNotification, NotificationsRepository } from './notifications.repository.js';
import { renderNotification, stringsFor, type RenderedNotification } from './templates/render.js';
import type { ReceiptText } from './templates/template-strings.js';

export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

/** Push services keep a message this long for a device that is offline. */
const PUSH_TTL_SECONDS = 24 * 3600;

/** `<notification.{id}@host>`: the same for every attempt, so a resend is recognisable as one. */
export function notificationMessageId(notificationId: string, publicBaseUrl: string): string {
  return `<notification.${notificationId}@${new URL(publicBaseUrl).hostname}>`;
}

/** RFC 8030 Topic: at most 32 URL-safe base64 characters, one per notification. */
export const pushTopic = (notificationId: string) => createHash('sha256').update(notificationId).digest('base64url').slice(0, 32);

/** The part of a rendered notification that goes out on its channel. */
function sentText(channel: ClaimedNotification['channel'], message: RenderedNotification): string {
  switch (channel) {
    case 'email':
      return message.text + message.html;
    case 'sms':
      return message.sms;
    case 'push':
      return JSON.stringify(message.push);
  }
}

/** A spa appointment's day and time as the language writes them, in the hotel's time zone. */
function spaTime(startsAt: string, tag: string, timeZone: string): string {
  return new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(startsAt));
}

/** A receipt's dates and amounts written as the language writes them, in the folio's currency. */
function receiptText(receipt: Receipt | undefined, tag: string): ReceiptText | null {
  if (!receipt) return null;
  const money = (minor: number) => formatMoney(minor, receipt.currency, tag);
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const line = (item: ReceiptLine) => ({ date: dates.format(new Date(`${item.date}T00:00:00Z`)), description: item.description, amount: money(item.amountMinor) });
  return {
    charges: receipt.charges.map(line),
    payments: receipt.payments.map(line),
    tip: receipt.tipMinor > 0 ? money(receipt.tipMinor) : null,
    charged: money(receipt.chargesMinor),
    paid: money(receipt.paidMinor),
    balance: money(receipt.balanceMinor),
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Sends one outbox row through its property's channel. The row is the truth: `sending` with the
 * attempt counted before the provider is called, `sent` with the provider's id right after it
 * answers, `queued` with the reason when the attempt failed (the thrown error makes graphile-worker
 * retry with backoff), `failed` with the reason after the last attempt or a permanent refusal.
 */
export function createNotificationDelivery(deps: {
  repository: NotificationsRepository;
  signInLinks: Pick<StaysRepository, 'createSignInLink'>;
  integrations: Pick<IntegrationManager, 'resolve'>;
  publicBaseUrl: string;
  maxAttempts: number;
  log: { warn(details: object, message: string): void; error(details: object, message: string): void };
}) {
  /**
   * Renders the message with a fresh sign-in code in its guest link. The code becomes a valid link
   * (its hash stored, before sending) only when the text going out on this channel carries it, so
   * staff emails and pushes never mint one. Every attempt mints its own: an earlier attempt's
   * message may have arrived after all (a crash before `sent`), and its link keeps working too.
   */
  async function render(notification: ClaimedNotification): Promise<RenderedNotification> {
    const { property, stay } = notification;
    if (!property) throw new PermanentDeliveryError('The property of this notification no longer exists.');
    const { receipt, ...payload } = notification.payload as Partial<Record<string, string>> & { receipt?: Receipt };
    const strings = stringsFor(notification.language);
    const arrival = stay?.arrivalDate
      ? new Intl.DateTimeFormat(strings.tag, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${stay.arrivalDate}T00:00:00Z`))
      : null;
    const base = deps.publicBaseUrl.replace(/\/$/, '');
    // The guest's personal sign-in link: the code rides in the fragment, which browsers never send
    // to servers, proxies or Referer headers; the page at /s exchanges it by POST for a guest token.
    const code = newToken('gsl');
    const message = renderNotification(notification.type as NotificationType, notification.language, {
      firstName: payload.firstName ?? null,
      propertyName: payload.propertyName ?? property.name,
      category: payload.category ?? '',
      department: (payload.department as Department | undefined) ?? null,
      arrival,
      guestLink: stay ? `${base}/s#${code}` : `${base}/?p=${encodeURIComponent(property.code)}`,
      staffLink: `${base}/staff/?property=${encodeURIComponent(property.code)}`,
      receipt: receiptText(receipt, strings.tag),
      room: payload.room ?? null,
      spa: payload.treatment && payload.startsAt ? { treatment: payload.treatment, when: spaTime(payload.startsAt, strings.tag, property.timeZone) } : null,
    });
    if (stay && notification.stayId && sentText(notification.channel, message).includes(code)) {
      await deps.signInLinks.createSignInLink({
        propertyId: notification.propertyId,
        stayId: notification.stayId,
        codeHash: hashToken(code),
        notificationId: notification.id,
      });
    }
    return message;
  }

  async function send(notification: ClaimedNotification, message: RenderedNotification) {
    switch (notification.channel) {
      case 'email': {
        const email = await deps.integrations.resolve('email', notification.propertyId);
        return email.send({
          to: notification.recipient,
          subject: message.subject,
          html: message.html,
          text: message.text,
          language: message.language,
          messageId: notificationMessageId(notification.id, deps.publicBaseUrl),
          headers: { 'X-Innkeeper-Notification': notification.id },
        });
      }
      case 'sms': {
        const sms = await deps.integrations.resolve('sms', notification.propertyId);
        return sms.send({ to: notification.recipient, body: message.sms });
      }
      case 'push': {
        const subscription = await deps.repository.pushSubscription(notification.propertyId, notification.recipient);
        if (!subscription) throw new PermanentDeliveryError('The push subscription no longer exists.');
        const push = await deps.integrations.resolve('push', notification.propertyId);
        return push.send({
          subscription,
          payload: JSON.stringify({ ...message.push, notificationId: notification.id, type: notification.type }),
          topic: pushTopic(notification.id),
          ttlSeconds: PUSH_TTL_SECONDS,
        });
      }
    }
  }

  return {
    /**
     * One attempt. Resolves when the notification is sent, failed for good or needs nothing; throws
     * when a later attempt should try again. `maxAttempts` is the job's own limit, when lower.
     */
    async deliver(notificationId: string, options: { maxAttempts?: number } = {}): Promise<DeliveryOutcome> {
      const notification = await deps.repository.claim(notificationId);
      if (!notification) return 'skipped';
      if (notification.previousStatus === 'sending') {
        deps.log.warn(
          { notificationId, attempt: notification.attempts },
          'the previous attempt stopped mid-send (worker died); resending with the same Message-ID, so the receiver can drop a duplicate',
        );
      }
      const maxAttempts = Math.min(deps.maxAttempts, options.maxAttempts ?? Number.POSITIVE_INFINITY);
      let accepted: Accepted;
      try {
        accepted = await send(notification, await render(notification));
      } catch (error) {
        const reason = reasonOf(error);
        if (error instanceof PermanentDeliveryError || notification.attempts >= maxAttempts) {
          await deps.repository.markFailed(notification.id, reason);
          deps.log.error({ notificationId, attempts: notification.attempts, reason }, 'notification failed');
          return 'failed';
        }
        await deps.repository.markRetrying(notification.id, reason);
        throw error;
      }
      // Right after the provider's answer: this UPDATE is the whole window in which a crash makes a resend.
      await deps.repository.markSent(notification.id, accepted.providerMessageId);
      return 'sent';
    },
  };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
