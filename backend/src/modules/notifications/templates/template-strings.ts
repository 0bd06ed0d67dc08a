import type { Department, NotificationType } from '../notification-planner.js';

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
