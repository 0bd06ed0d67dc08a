import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import { PermanentDeliveryError } from '../../message-channel.js';
import { defineProvider } from '../../provider.js';
import type { SmsMessage, SmsPort } from '../sms.port.js';

export const TWILIO_API_URL = 'https://api.twilio.com';

export const twilioConfigSchema = z.object({
  /** AC… id of the Twilio account (or subaccount) the property sends from. */
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/i, 'AC followed by 32 hex digits').meta({ title: 'Account SID' }).describe('Twilio Account SID (AC…).'),
  authToken: z.string().min(1).meta({ title: 'Auth token' }).describe('Auth token of that account.'),
  /** An E.164 number or alphanumeric sender id of the account, or a Messaging Service (MG…). */
  from: z.string().min(1).meta({ title: 'Sender' }).describe('Sender: a Twilio number in E.164 (+351…), or a Messaging Service SID (MG…).'),
  /** Only changed to reach the local mock (`npm run dev:mock:twilio`). */
  apiUrl: z.url({ protocol: /^https?$/ }).default(TWILIO_API_URL).meta({ title: 'API address' }).describe('Twilio REST API address; https://api.twilio.com unless testing.'),
  timeoutMs: z.number().int().min(1000).max(60_000).default(15_000).meta({ title: 'Timeout (ms)' }).describe('Timeout per call in milliseconds.'),
});

export type TwilioConfig = z.infer<typeof twilioConfigSchema>;

/** The SDK client, made on the first send: importing twilio adds about 80 ms to every process start. */
async function createClient(config: TwilioConfig) {
  const { default: twilio } = await import('twilio');

  /**
   * The SDK's own HTTP client with every request sent to `apiUrl` instead of api.twilio.com
   * (Twilio documents custom HTTP clients for proxies); paths, auth and bodies stay the SDK's.
   */
  class RebasedRequestClient extends twilio.RequestClient {
    constructor(private readonly apiUrl: string, timeout: number) {
      super({ timeout });
    }

    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      const uri = new URL(opts.uri);
      const target = new URL(this.apiUrl);
      uri.protocol = target.protocol;
      uri.host = target.host;
      return super.request<TData>({ ...opts, uri: uri.toString() });
    }
  }

  const httpClient = config.apiUrl === TWILIO_API_URL ? undefined : new RebasedRequestClient(config.apiUrl, config.timeoutMs);
  // autoRetry off: graphile-worker's backoff owns retries, and a blind SDK retry of a POST could send twice.
  return twilio(config.accountSid, config.authToken, { httpClient, timeout: config.timeoutMs, autoRetry: false });
}

/** Twilio error codes that retrying cannot fix: bad or unreachable numbers, opted-out recipients. */
const PERMANENT_CODES = new Set([21211, 21408, 21610, 21612, 21614]);

function createTwilioChannel(config: TwilioConfig): SmsPort {
  const client = lazy(() => createClient(config));
  const sender = config.from.startsWith('MG') ? { messagingServiceSid: config.from } : { from: config.from };
  return {
    async send(message: SmsMessage) {
      try {
        const created = await (await client()).messages.create({ to: message.to, body: message.body, ...sender });
        return { providerMessageId: created.sid };
      } catch (error) {
        const { status, code } = error as { status?: number; code?: number };
        const reason = `Twilio ${status ?? 'network error'}${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : error}`;
        if (code !== undefined && PERMANENT_CODES.has(code)) throw new PermanentDeliveryError(reason);
        throw new Error(reason, { cause: error });
      }
    },
    async healthCheck() {
      try {
        await (await client()).api.v2010.accounts(config.accountSid).fetch();
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 401 || status === 404) throw new AppError('integration_misconfigured', 'Twilio refused the Account SID or auth token.');
        throw new AppError('integration_unavailable', 'Twilio could not be reached.');
      }
    },
  };
}

export const twilioProvider = defineProvider({
  id: 'twilio',
  kind: 'sms',
  label: 'Twilio',
  configSchema: twilioConfigSchema,
  secretFields: ['authToken'],
  capabilities: ['sms'],
  fromEnv() {
    const env = process.env;
    const config: Partial<Record<keyof TwilioConfig, unknown>> = {};
    if (env.TWILIO_ACCOUNT_SID) config.accountSid = env.TWILIO_ACCOUNT_SID;
    if (env.TWILIO_AUTH_TOKEN) config.authToken = env.TWILIO_AUTH_TOKEN;
    if (env.TWILIO_FROM) config.from = env.TWILIO_FROM;
    if (env.TWILIO_API_URL) config.apiUrl = env.TWILIO_API_URL;
    return config;
  },
  create: (config) => createTwilioChannel(config),
});
