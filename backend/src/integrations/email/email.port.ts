import type { MessageChannel } from '../message-channel.js';

/** One rendered email to one recipient. */
export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /**
   * Deterministic per notification (`<notification.{id}@…>`): a resend after a crash carries the
   * same Message-ID, so the receiver (and our sink) can tell it is a duplicate.
   */
  messageId: string;
  /** Extra headers, e.g. the notification id. */
  headers: Record<string, string>;
  /** BCP 47 tag of the content, sent as Content-Language. */
  language: string;
}

/** Sends email. `send` resolves when the server accepted the message (SMTP 250 after DATA). */
export type EmailPort = MessageChannel<EmailMessage>;
