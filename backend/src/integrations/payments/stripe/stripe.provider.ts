import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { createStripePayments } from './stripe.adapter.js';

export const STRIPE_API_BASE = 'https://api.stripe.com';
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

export const stripeConfigSchema = z.object({
  /** Secret (sk_…) or restricted (rk_…) key: every server-side call. */
  secretKey: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret key (sk_test_…, sk_live_…) or restricted key (rk_…)')
    .meta({ title: 'Secret key' })
    .describe('Secret API key (sk_live_… / sk_test_…) or a restricted key (rk_…) of the Stripe account, from Developers > API keys.'),
  /** Publishable key (pk_…): handed to Stripe.js in the guest's browser. */
  publishableKey: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'a Stripe publishable key (pk_test_…, pk_live_…)')
    .meta({ title: 'Publishable key' })
    .describe('Publishable key (pk_live_… / pk_test_…) of the same account; the guest app gives it to Stripe.js.'),
  /** Signing secret of the webhook endpoint (whsec_…). */
  webhookSecret: z
    .string()
    .regex(/^whsec_\w+$/, 'a webhook signing secret (whsec_…)')
    .meta({ title: 'Webhook signing secret' })
    .describe('Signing secret (whsec_…) of the webhook endpoint pointing at Innkeeper, from Developers > Webhooks.'),
  /** Only changed to reach the local mock (`npm run dev:mock:stripe`). */
  apiBase: z
    .url({ protocol: /^https?$/ })
    .default(STRIPE_API_BASE)
    .meta({ title: 'API address' })
    .describe('Stripe API address; https://api.stripe.com unless testing against the Stripe mock.'),
  /** Stripe.js address; by default the real one, or the mock's stand-in when `apiBase` is the mock. */
  jsUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ title: 'Stripe.js address' })
    .describe('Where the guest app loads Stripe.js from; default https://js.stripe.com/v3/, or <apiBase>/v3/ when apiBase is not Stripe.'),
  /** Stripe Connect: act on this connected account (Stripe-Account header). */
  stripeAccount: z
    .string()
    .regex(/^acct_\w+$/, 'a connected account id (acct_…)')
    .optional()
    .meta({ title: 'Connected account' })
    .describe('Connected account (acct_…) to charge on, for a hotel group on Stripe Connect; empty for the account of the key itself.'),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(80_000)
    .default(20_000)
    .meta({ title: 'Timeout (ms)' })
    .describe('Timeout of each Stripe request in milliseconds (Stripe\'s own default of 80 s is too long for a guest waiting).'),
  maxNetworkRetries: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(2)
    .meta({ title: 'Network retries' })
    .describe('Retries of a request that failed on the network, 409 or 5xx; each reuses the same Idempotency-Key, so nothing is charged twice.'),
});

export type StripeConfig = z.infer<typeof stripeConfigSchema>;

/** The Stripe.js address in effect: set, else the stand-in of a Stripe mock, else Stripe's own. */
export function stripeJsUrl(config: Pick<StripeConfig, 'apiBase' | 'jsUrl'>): string {
  if (config.jsUrl) return config.jsUrl;
  return new URL(config.apiBase).origin === STRIPE_API_BASE ? STRIPE_JS_URL : new URL('/v3/', config.apiBase).toString();
}

/**
 * Where a guest's browser must be allowed to reach for Stripe.js to work: the script's origin,
 * the API it calls (the card field posts the card there), and the frames it opens (3-D Secure on
 * Stripe's own hooks host). For the pages' Content-Security-Policy.
 */
export function stripeBrowserOrigins(config: { apiBase?: string | undefined; jsUrl?: string | undefined }): { script: string[]; connect: string[]; frame: string[] } {
  const apiOrigin = new URL(config.apiBase ?? STRIPE_API_BASE).origin;
  const jsOrigin = new URL(stripeJsUrl({ apiBase: apiOrigin, jsUrl: config.jsUrl })).origin;
  const hooks = apiOrigin === STRIPE_API_BASE ? ['https://hooks.stripe.com'] : [];
  return { script: [jsOrigin], connect: [apiOrigin], frame: [...new Set([jsOrigin, apiOrigin, ...hooks])] };
}

const envKeys = {
  secretKey: 'STRIPE_SECRET_KEY',
  publishableKey: 'STRIPE_PUBLISHABLE_KEY',
  webhookSecret: 'STRIPE_WEBHOOK_SECRET',
  apiBase: 'STRIPE_API_BASE',
  jsUrl: 'STRIPE_JS_URL',
} as const;

export const stripeProvider = defineProvider({
  id: 'stripe',
  kind: 'payments',
  label: 'Stripe',
  configSchema: stripeConfigSchema,
  secretFields: ['secretKey', 'webhookSecret'],
  capabilities: ['card-on-file', 'holds', 'incremental-authorization', 'partial-capture', 'charges', 'refunds', 'webhooks'],
  fromEnv: () => settingsFromEnv(envKeys),
  create: (config, deps) => createStripePayments(config, deps),
});
