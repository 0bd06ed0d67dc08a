import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import { PermanentDeliveryError } from '../../message-channel.js';
import { defineProvider } from '../../provider.js';
import type { EmailMessage, EmailPort } from '../email.port.js';

/** The local SMTP sink (`npm run dev:mock:smtp`, started by `npm start`) outside production. */
export const DEVELOPMENT_SMTP = { host: '127.0.0.1', port: 2525 };

export const smtpConfigSchema = z.object({
  /** Relay host: the hotel's mail server or a sending service (SES, Postmark, SendGrid SMTP, ...). */
  host: z.string().min(1).meta({ title: 'SMTP server' }).describe('SMTP server host name, e.g. smtp.example.com.'),
  /** 587 with STARTTLS is the usual submission port; 465 with `secure`. */
  port: z.number().int().min(1).max(65535).default(587).meta({ title: 'Port' }).describe('SMTP port: 587 (STARTTLS) or 465 (TLS).'),
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false).meta({ title: 'TLS from the start' }).describe('Connect with TLS from the start (port 465).'),
  /** Optional: relays on a trusted network may need none. */
  user: z.string().min(1).optional().meta({ title: 'User name' }).describe('SMTP user name. Optional.'),
  password: z.string().min(1).optional().meta({ title: 'Password' }).describe('SMTP password. Optional.'),
  /** Envelope and header sender; its domain also names the Message-IDs. */
  from: z.string().min(3).default('Innkeeper <no-reply@innkeeper.local>').meta({ title: 'Sender' }).describe('Sender, e.g. "Harbour View <stay@harbourview.example>".'),
  /** Parallel connections kept open per property. */
  maxConnections: z.number().int().min(1).max(20).default(5).meta({ title: 'Connections' }).describe('Connections kept open to the server.'),
  timeoutMs: z.number().int().min(1000).max(120_000).default(20_000).meta({ title: 'Timeout (ms)' }).describe('Timeout of each SMTP step in milliseconds.'),
});

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

/** The domain of the sender address, for Message-IDs (`<notification.{id}@domain>`). */
export function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'innkeeper.local';
}

function createSmtpChannel(config: SmtpConfig): EmailPort {
  // A pool keeps connections open between messages: one TCP + EHLO per connection, not per email.
  // nodemailer on first use: the API process, which sends mail only when an admin tests the
  // connection, is spared its 40 modules at start.
  const transport = lazy(async () => (await import('nodemailer')).createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    maxConnections: config.maxConnections,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  }));
  return {
    async send(message: EmailMessage) {
      try {
        const info = await (await transport()).sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: message.messageId,
          headers: { ...message.headers, 'Content-Language': message.language },
        });
        return { providerMessageId: info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = error instanceof Error ? error.message : String(error);
        // SMTP 5xx is a permanent refusal (RFC 5321 §4.2.1); 4xx and network trouble are worth retrying.
        if (code !== undefined && code >= 500) throw new PermanentDeliveryError(`SMTP ${code}: ${reason}`);
        throw new Error(code ? `SMTP ${code}: ${reason}` : `SMTP: ${reason}`, { cause: error });
      }
    },
    async healthCheck() {
      try {
        await (await transport()).verify();
      } catch (error) {
        throw new AppError('integration_unavailable', `The SMTP server did not accept us: ${error instanceof Error ? error.message : error}`);
      }
    },
  };
}

export const smtpProvider = defineProvider({
  id: 'smtp',
  kind: 'email',
  label: 'SMTP',
  configSchema: smtpConfigSchema,
  secretFields: ['password'],
  capabilities: ['html', 'text'],
  fromEnv() {
    const env = process.env;
    const config: Partial<Record<keyof SmtpConfig, unknown>> = {};
    // Outside production an unconfigured server means the local sink, so mail is readable at once.
    const host = env.SMTP_HOST || (env.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SMTP.host);
    const port = env.SMTP_PORT || (env.NODE_ENV === 'production' ? undefined : String(DEVELOPMENT_SMTP.port));
    if (host) config.host = host;
    if (port) config.port = Number.isNaN(Number(port)) ? port : Number(port);
    if (env.SMTP_SECURE) config.secure = env.SMTP_SECURE === 'true' || env.SMTP_SECURE === '1';
    if (env.SMTP_USER) config.user = env.SMTP_USER;
    if (env.SMTP_PASSWORD) config.password = env.SMTP_PASSWORD;
    if (env.SMTP_FROM) config.from = env.SMTP_FROM;
    return config;
  },
  create: (config) => createSmtpChannel(config),
});
