import type { MessageChannel } from '../message-channel.js';

/** One text message. */
export interface SmsMessage {
  /** E.164, e.g. +351912345678. */
  to: string;
  body: string;
}

/** Sends SMS. `send` resolves when the provider accepted (queued) the message. */
export type SmsPort = MessageChannel<SmsMessage>;
