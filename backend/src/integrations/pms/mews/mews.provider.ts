import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createMewsAdapter } from './mews.adapter.js';

/** Our charge codes (`spa`, `tip`, ...) to a Mews id or code. */
const perChargeCode = z.record(z.string().min(1), z.string().min(1));

export const mewsConfigSchema = z.object({
  /** Mews environment base URL, without the `/api/connector/v1` path: https://api.mews.com in production. */
  platformUrl: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'Platform address' })
    .describe('Mews platform address, e.g. https://api.mews.com (production) or https://api.mews-demo.com (demo).'),
  /** Identifies our integration to Mews; one per integration partner, the same for every property. */
  clientToken: z.string().min(1).meta({ title: 'Client token' }).describe('ClientToken issued by Mews for the Innkeeper integration.'),
  /** Identifies the connected property (enterprise); issued when the hotel connects the integration. */
  accessToken: z.string().min(1).meta({ title: 'Access token' }).describe('AccessToken of this property, from the Mews integration settings.'),
  /** Sent as `Client` in every call; Mews support uses it to find our traffic. */
  clientName: z.string().min(1).default('Innkeeper 0.1.0').meta({ title: 'Client name' }).describe('Name and version sent as Client in every call.'),
  /**
   * An "Additional" service (e.g. Spa or Extras) that ad-hoc charges are ordered on with `orders/add`.
   * The folio needs no list of services: the adapter reads the property's Additional services with
   * `services/getAll` (cached for an hour) and lists the stay's orders on all of them, this one included.
   */
  chargeServiceId: z.string().min(1).meta({ title: 'Charge service ID' }).describe('Id of the Mews service that charges (spa, tips, extras) are posted to.'),
  /** Optional revenue routing per charge code; without one Mews books the service's default category. */
  accountingCategoryIds: perChargeCode
    .optional()
    .meta({ title: 'Accounting category IDs' })
    .describe('Mews accounting category id per charge code, e.g. {"spa": "…", "tip": "…"}. Optional.'),
  /** Gross-priced enterprises need exactly one tax code per posted amount. */
  taxCode: z.string().min(1).meta({ title: 'Tax code' }).describe('Mews tax code for charges without a specific one, e.g. PT-S.'),
  /** Overrides `taxCode` per charge code (tips are often zero-rated). */
  taxCodes: perChargeCode.optional().meta({ title: 'Tax codes per charge' }).describe('Mews tax code per charge code, e.g. {"tip": "PT-Z"}. Optional.'),
  /** Must be enabled for the property in Mews, or payments are refused. */
  externalPaymentType: z
    .string()
    .min(1)
    .default('Prepayment')
    .meta({ title: 'External payment type' })
    .describe('External payment type recorded for payments taken by Innkeeper (must be enabled in Mews).'),
  /** Mews counts persons per age category; only these count as children, the rest as adults. */
  childAgeCategoryIds: z
    .array(z.string().min(1))
    .optional()
    .meta({ title: 'Child age category IDs' })
    .describe('Ids of the Mews age categories that are children. Optional; without them every guest counts as an adult.'),
  /** Per-call timeout; the shared HTTP client's default applies when absent. */
  timeoutMs: z.number().int().min(100).max(60_000).optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per Mews call in milliseconds. Optional.'),
});

export type MewsConfig = z.infer<typeof mewsConfigSchema>;

/** `spa=…,tip=…` from an environment variable, as the record the schema expects. */
function parsePairs(value: string): Record<string, string> {
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2 && Boolean(parts[0]) && Boolean(parts[1])),
  );
}

export const mewsProvider = defineProvider({
  id: 'mews',
  kind: 'pms',
  label: 'Mews',
  configSchema: mewsConfigSchema,
  secretFields: ['clientToken', 'accessToken'],
  capabilities: ['lookup', 'folio', 'profile', 'id-documents', 'check-in', 'check-out', 'charges', 'payments'],
  fromEnv() {
    const env = process.env;
    const config: Partial<Record<keyof MewsConfig, unknown>> = {};
    const text = (key: keyof MewsConfig, name: string) => {
      if (env[name]) config[key] = env[name];
    };
    text('platformUrl', 'MEWS_PLATFORM_URL');
    text('clientToken', 'MEWS_CLIENT_TOKEN');
    text('accessToken', 'MEWS_ACCESS_TOKEN');
    text('clientName', 'MEWS_CLIENT_NAME');
    text('chargeServiceId', 'MEWS_CHARGE_SERVICE_ID');
    text('taxCode', 'MEWS_TAX_CODE');
    text('externalPaymentType', 'MEWS_EXTERNAL_PAYMENT_TYPE');
    if (env.MEWS_ACCOUNTING_CATEGORY_IDS) config.accountingCategoryIds = parsePairs(env.MEWS_ACCOUNTING_CATEGORY_IDS);
    if (env.MEWS_TAX_CODES) config.taxCodes = parsePairs(env.MEWS_TAX_CODES);
    if (env.MEWS_CHILD_AGE_CATEGORY_IDS) {
      config.childAgeCategoryIds = env.MEWS_CHILD_AGE_CATEGORY_IDS.split(',').map((id) => id.trim()).filter(Boolean);
    }
    // Left as text when not a number, so the schema reports it instead of it vanishing.
    if (env.MEWS_TIMEOUT_MS) config.timeoutMs = Number.isNaN(Number(env.MEWS_TIMEOUT_MS)) ? env.MEWS_TIMEOUT_MS : Number(env.MEWS_TIMEOUT_MS);
    return config;
  },
  create(config, deps) {
    const http = deps.http({ baseUrl: config.platformUrl, provider: 'mews', timeoutMs: config.timeoutMs, passThroughStatuses: [403] });
    return createMewsAdapter(config, { http, clock: deps.clock, property: deps.property });
  },
});
