import type { Department } from '../../../domain/department.js';
import type { NotificationType } from '../notification-planner.js';

/** Everything a template may say, gathered by the renderer from the notification and its stay. */
export interface TemplateFacts {
  firstName: string | null;
  propertyName: string;
  category: string;
  department: Department | null;
  /** Arrival day, already formatted for the language. */
  arrival: string | null;
  /** Where the guest opens their stay. */
  guestLink: string;
  /** Where staff open the queue. */
  staffLink: string;
  /** The room a guest is told is ready; null for other messages. */
  room: string | null;
  /** The itemised folio of a receipt, already formatted for the language; null for other messages. */
  receipt: ReceiptText | null;
  /** A spa booking's treatment and its day and time (formatted for the language, in the hotel's time zone); null for other messages. */
  spa: { treatment: string; when: string } | null;
}

/** A receipt line with its date and amount formatted. */
export interface ReceiptLineText {
  date: string;
  description: string;
  amount: string;
}

export interface ReceiptText {
  charges: ReceiptLineText[];
  payments: ReceiptLineText[];
  /** Null when the guest gave no tip. */
  tip: string | null;
  charged: string;
  paid: string;
  balance: string;
}

/** The headings of a receipt in one language. */
export interface ReceiptLabels {
  charges: string;
  payments: string;
  tip(amount: string): string;
  charged: string;
  paid: string;
  balance: string;
}

/** The itemised folio as paragraphs (one line per item), the same layout in every language. */
export function receiptParagraphs(receipt: ReceiptText | null, labels: ReceiptLabels): string[] {
  if (!receipt) return [];
  const lines = (items: ReceiptLineText[]) => items.map((item) => `${item.date}  ${item.description}  ${item.amount}`).join('\n');
  return [
    `${labels.charges}\n${lines(receipt.charges)}`,
    ...(receipt.payments.length > 0 ? [`${labels.payments}\n${lines(receipt.payments)}`] : []),
    ...(receipt.tip ? [labels.tip(receipt.tip)] : []),
    `${labels.charged}: ${receipt.charged}\n${labels.paid}: ${receipt.paid}\n${labels.balance}: ${receipt.balance}`,
  ];
}

/** One message in one language; email, SMS and push are cut from the same words. */
export interface MessageText {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** SMS body: one segment where the language allows (160 GSM-7 characters). */
  sms: string;
  push: { title: string; body: string };
}

/** All strings of one language, in one file per language (templates/<lang>.ts). */
export interface LanguageStrings {
  /** BCP 47 tag, as sent in Content-Language. */
  tag: string;
  greeting(firstName: string | null): string;
  signOff(propertyName: string): string;
  /** Small print under every email. */
  automated: string;
  departments: Record<Department, string>;
  messages: Record<NotificationType, (facts: TemplateFacts) => MessageText>;
}
