import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import { z } from 'zod';
import { repoRoot } from '../../../config/env.js';
import { AppError } from '../../../lib/errors.js';
import { PermanentDeliveryError } from '../../message-channel.js';
import { defineProvider } from '../../provider.js';
import type { PushMessage, PushPort } from '../push.port.js';

export const webPushConfigSchema = z.object({
  /** VAPID (RFC 8292) key pair, URL-safe base64 as `web-push generate-vapid-keys` prints it. */
  vapidPublicKey: z.string().min(80).meta({ title: 'VAPID public key' }).describe('VAPID public key (URL-safe base64); browsers subscribe with it.'),
  vapidPrivateKey: z.string().min(40).meta({ title: 'VAPID private key' }).describe('VAPID private key (URL-safe base64).'),
  /** Push services contact this address about problems with our traffic. */
  subject: z
    .string()
    .regex(/^(mailto:|https:)/, 'a mailto: or https: URL')
    .default('mailto:admin@innkeeper.local')
    .meta({ title: 'Contact (VAPID subject)' })
    .describe('Contact for push services: mailto:ops@hotel.example or an https URL.'),
  /** Trusted in addition to the public roots: only for a local push-service mock with its own certificate. */
  caFile: z.string().min(1).optional().meta({ title: 'CA certificate file' }).describe('PEM file of an extra CA to trust (the local push mock). Optional.'),
  timeoutMs: z.number().int().min(1000).max(60_000).default(15_000).meta({ title: 'Timeout (ms)' }).describe('Timeout per push in milliseconds.'),
});

export type WebPushConfig = z.infer<typeof webPushConfigSchema>;

/** Development only: a VAPID key pair generated once into DATA_DIR, so push works without setup. */
function developmentVapidKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = path.join(dataDir, 'vapid-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' });
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function createWebPushChannel(config: WebPushConfig): PushPort {
  const vapidDetails = { subject: config.subject, publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey };
  const agent = config.caFile ? new Agent({ keepAlive: true, ca: [...rootCertificates, readFileSync(config.caFile, 'utf8')] }) : undefined;
  return {
    async send(message: PushMessage) {
      try {
        const result = await webpush.sendNotification(message.subscription, message.payload, {
          vapidDetails,
          TTL: message.ttlSeconds,
          topic: message.topic,
          urgency: 'normal',
          timeout: config.timeoutMs,
          ...(agent ? { agent } : {}),
        });
        // RFC 8030 §5: the push service names the message it created in Location.
        return { providerMessageId: String(result.headers.location ?? `${message.subscription.endpoint}#${message.topic}`) };
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const body = (error as { body?: string }).body;
        const reason = `Push service ${status ?? 'network error'}: ${body || (error instanceof Error ? error.message : error)}`;
        // 404/410: the subscription is gone; 400/413: the message itself is refused. Retrying changes nothing.
        if (status === 404 || status === 410 || status === 400 || status === 413) throw new PermanentDeliveryError(reason);
        throw new Error(reason, { cause: error });
      }
    },
    async healthCheck() {
      try {
        webpush.setVapidDetails(config.subject, config.vapidPublicKey, config.vapidPrivateKey);
      } catch (error) {
        throw new AppError('integration_misconfigured', `The VAPID keys are not valid: ${error instanceof Error ? error.message : error}`);
      }
    },
  };
}

export const webPushProvider = defineProvider({
  id: 'webpush',
  kind: 'push',
  label: 'Web Push (VAPID)',
  configSchema: webPushConfigSchema,
  secretFields: ['vapidPrivateKey'],
  capabilities: ['push'],
  fromEnv() {
    const env = process.env;
    const config: Partial<Record<keyof WebPushConfig, unknown>> = {};
    if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) {
      config.vapidPublicKey = env.VAPID_PUBLIC_KEY;
      config.vapidPrivateKey = env.VAPID_PRIVATE_KEY;
    } else if ((env.NODE_ENV ?? 'development') === 'development') {
      const keys = developmentVapidKeys(env.DATA_DIR || path.join(repoRoot, '.data'));
      config.vapidPublicKey = keys.publicKey;
      config.vapidPrivateKey = keys.privateKey;
    }
    if (env.VAPID_SUBJECT) config.subject = env.VAPID_SUBJECT;
    if (env.PUSH_CA_FILE) config.caFile = env.PUSH_CA_FILE;
    return config;
  },
  create: (config) => createWebPushChannel(config),
});
