import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { CHARGE_CODE_TITLES, type ChargeCode } from '../pms.port.js';
import { createCloudbedsPms } from './cloudbeds.adapter.js';

/** A Cloudbeds custom item (postCustomItem `appItemID` + category) for one of our charge codes. */
const customItem = (code: ChargeCode, appItemID: string, categoryName: string) =>
  z
    .object({
      /** Stable item id; Cloudbeds keeps the first name and category it saw for it. */
      appItemID: z.string().min(1).meta({ title: 'Item ID' }).describe('Stable postCustomItem appItemID; Cloudbeds reuses the first name and category sent with it.'),
      /** Item category shown on the Cloudbeds folio. */
      categoryName: z.string().min(1).meta({ title: 'Item category' }).describe('itemCategoryName sent with the item (Cloudbeds keeps the first one it saw).'),
    })
    .prefault({ appItemID, categoryName })
    .meta({ title: CHARGE_CODE_TITLES[code] })
    .describe(`Custom item for this charge code (default ${appItemID} / ${categoryName}).`);

export const cloudbedsConfigSchema = z.object({
  /** PMS API base, e.g. https://api.cloudbeds.com/api/v1.3. */
  apiBaseUrl: z.url().meta({ title: 'API base URL' }).describe('Cloudbeds PMS API v1.3 base URL, e.g. https://api.cloudbeds.com/api/v1.3.'),
  /** Accounting API base; defaults to the same host + /accounting/v1.0. */
  accountingBaseUrl: z
    .url()
    .optional()
    .meta({ title: 'Accounting API base URL' })
    .describe('Cloudbeds Accounting API v1.0 base URL (folio lines); defaults to the PMS API host + /accounting/v1.0.'),
  /** Property-level API key (cbat_…), sent as x-api-key and as the Accounting API bearer token. */
  apiKey: z.string().min(1).meta({ title: 'API key' }).describe('Property API key (cbat_…) from Cloudbeds > Apps & Marketplace > API Credentials.'),
  /** Numeric Cloudbeds propertyID the key belongs to. */
  propertyId: z.string().regex(/^\d+$/, 'a numeric Cloudbeds propertyID').meta({ title: 'Property ID' }).describe('Cloudbeds propertyID (numeric) the API key is bound to.'),
  /** Our charge code -> Cloudbeds custom item; unknown codes post as `misc`. */
  itemIds: z
    .object({
      spa: customItem('spa', 'ik-spa', 'Spa'),
      tip: customItem('tip', 'ik-tip', 'Gratuity'),
      food_beverage: customItem('food_beverage', 'ik-fnb', 'Food & Beverage'),
      minibar: customItem('minibar', 'ik-minibar', 'Minibar'),
      misc: customItem('misc', 'ik-misc', 'Miscellaneous'),
    })
    .prefault({})
    .meta({ title: 'Custom items' })
    .describe('Cloudbeds custom item per charge code (spa, tip, food_beverage, minibar, misc); other codes post as misc.'),
  /** Payment method code for payments we captured (a custom method made with postCustomPaymentMethod). */
  paymentType: z
    .string()
    .min(1)
    .default('stripe')
    .meta({ title: 'Payment method code' })
    .describe('Cloudbeds payment method code for payments Innkeeper captured (see getPaymentMethods); default stripe.'),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per Cloudbeds call in milliseconds (default 8000).'),
});

export type CloudbedsConfig = z.infer<typeof cloudbedsConfigSchema>;

const envKeys = {
  apiBaseUrl: 'CLOUDBEDS_API_URL',
  accountingBaseUrl: 'CLOUDBEDS_ACCOUNTING_URL',
  apiKey: 'CLOUDBEDS_API_KEY',
  propertyId: 'CLOUDBEDS_PROPERTY_ID',
} as const;

export const cloudbedsProvider = defineProvider({
  id: 'cloudbeds',
  kind: 'pms',
  label: 'Cloudbeds',
  configSchema: cloudbedsConfigSchema,
  secretFields: ['apiKey'],
  capabilities: ['lookup', 'folio', 'folio-lines', 'profile', 'check-in', 'room-assignment', 'check-out', 'charges', 'payments'],
  fromEnv: () => settingsFromEnv(envKeys),
  create: (config, deps) => createCloudbedsPms(config, deps),
});
