import { noneProvider } from './none.provider.js';
import type { HealthCheck, IntegrationKind } from './provider.js';

/** What a message channel answers once the provider has taken a message. */
export interface Accepted {
  /** The provider's id for the message (SMTP Message-ID, Twilio SM… sid, push-service location). */
  providerMessageId: string;
}

/** Email, SMS and push providers all send one message and say who took it. */
export interface MessageChannel<Message> extends HealthCheck {
  send(message: Message): Promise<Accepted>;
}

/**
 * A refusal that retrying cannot fix (an address the provider rejects for good, an expired push
 * subscription, a channel switched off): the notification fails at once instead of after every retry.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** `none` for a message kind: nothing is sent, and the notification says so instead of vanishing. */
export function disabledChannelProvider<Message>(kind: IntegrationKind) {
  return noneProvider<MessageChannel<Message>>(kind, {
    send: async () => {
      throw new PermanentDeliveryError(`The ${kind} channel is switched off at this property (provider "none").`);
    },
  });
}
