import { PermanentDeliveryError } from '../../../integrations/message-channel.js';
import type { NotificationType } from '../notification-planner.js';
import { guestLanguageOf, type GuestLanguage } from '../../../lib/languages.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { pt } from './pt.js';
import type { LanguageStrings, TemplateFacts } from './template-strings.js';

/** Every language the guest app speaks has templates (a missing one is a type error); anything else falls back to English. */
export const languages: Record<GuestLanguage, LanguageStrings> = { en, de, fr, es, pt, it };

export interface RenderedNotification {
  language: string;
  subject: string;
  html: string;
  text: string;
  sms: string;
  push: { title: string; body: string };
}

/** `de-CH` uses `de`; an unknown language uses English. */
export function stringsFor(language: string): LanguageStrings {
  const known = guestLanguageOf(language);
  return known ? languages[known] : en;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** The message of a notification in its language, as email (HTML and text), SMS and push text. */
export function renderNotification(type: NotificationType, language: string, facts: TemplateFacts): RenderedNotification {
  const strings = stringsFor(language);
  const build = strings.messages[type];
  if (!build) throw new PermanentDeliveryError(`No template for notification type "${type}".`);
  const message = build(facts);
  const greeting = strings.greeting(facts.firstName);
  const signOff = strings.signOff(facts.propertyName);

  const text = [
    greeting,
    ...message.paragraphs,
    ...(message.action ? [`${message.action.label}: ${message.action.url}`] : []),
    signOff,
    '--',
    strings.automated,
  ].join('\n\n');

  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value).replace(/\n/g, '<br>')}</p>`;
  const button = message.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(message.action.url)}" style="background:#1f4e79;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(message.action.label)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="${strings.tag}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(message.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Helvetica,Arial,sans-serif;color:#222222;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:32px;border-radius:8px">
<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(facts.propertyName)}</h1>
${paragraph(greeting)}
${message.paragraphs.map(paragraph).join('\n')}
${button}
${paragraph(signOff)}
<p style="margin:24px 0 0;font-size:12px;color:#777777">${escapeHtml(strings.automated)}</p>
</div></body></html>`;

  return { language: strings.tag, subject: message.subject, html, text, sms: message.sms, push: message.push };
}
