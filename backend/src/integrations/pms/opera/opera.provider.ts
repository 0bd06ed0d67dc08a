import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { CHARGE_CODE_TITLES, type ChargeCode } from '../pms.port.js';
import { createOperaPms } from './opera.adapter.js';

/** Defaults match the demo hotels of the OPERA mock server (mocks/opera/state.ts). */
const DEFAULT_TRANSACTION_CODES: Record<ChargeCode, string> = { spa: '4410', tip: '5010', food_beverage: '2000', minibar: '2300', misc: '5000' };

const transactionCode = (category: ChargeCode, what: string) =>
  z
    .string()
    .min(1)
    .max(20)
    .default(DEFAULT_TRANSACTION_CODES[category])
    .meta({ title: CHARGE_CODE_TITLES[category] })
    .describe(`OPERA transaction code ${what} are posted with.`);

export const operaConfigSchema = z.object({
  /** OHIP gateway base URL issued on the OHIP developer portal, without a module prefix. */
  gatewayUrl: z.url().meta({ title: 'Gateway URL' }).describe('OHIP gateway base URL from the OHIP developer portal, e.g. https://xyz.hospitality-api.eu-frankfurt-1.ocs.oraclecloud.com.'),
  /** OAuth client id of the integration (client credentials). */
  clientId: z.string().min(1).meta({ title: 'Client ID' }).describe('OAuth client id of the OHIP integration user (client credentials).'),
  /** OAuth client secret; stored encrypted. */
  clientSecret: z.string().min(1).meta({ title: 'Client secret' }).describe('OAuth client secret of the OHIP integration user.'),
  /** Application key of the registered OHIP application, sent as `x-app-key`. */
  appKey: z.guid().meta({ title: 'Application key' }).describe('Application key (a UUID) of the registered OHIP application, sent as x-app-key.'),
  /** OCIM enterprise id, sent on the token call. */
  enterpriseId: z
    .string()
    .regex(/^[A-Z0-9]{1,8}$/, 'must be 1-8 characters of A-Z and 0-9')
    .meta({ title: 'Enterprise ID' })
    .describe('OPERA Cloud enterprise id (1-8 characters A-Z 0-9), sent when fetching tokens.'),
  /** OPERA hotel code of this property, e.g. HARBOUR. */
  hotelId: z.string().min(1).max(20).meta({ title: 'Hotel code' }).describe('OPERA hotel code of this property (x-hotelid), e.g. HARBOUR.'),
  /** Cashier our postings are booked under; the hotel sets one up for the interface. */
  cashierId: z.coerce.number().int().positive().default(1).meta({ title: 'Cashier ID' }).describe('OPERA cashier id that charges, payments and check-outs are booked under.'),
  /** Transaction code per charge category; hotel-specific (`GET /csh/v1/hotels/{hotelId}/transactionCodes`). */
  transactionCodes: z
    .object({
      spa: transactionCode('spa', 'spa treatments'),
      tip: transactionCode('tip', 'gratuities'),
      food_beverage: transactionCode('food_beverage', 'restaurant and bar charges'),
      minibar: transactionCode('minibar', 'minibar consumption'),
      misc: transactionCode('misc', 'other charges'),
    })
    .default(DEFAULT_TRANSACTION_CODES)
    .meta({ title: 'Transaction codes' })
    .describe('OPERA transaction code for each charge category, as configured in the hotel.'),
  /** Payment method code for payments captured online (Stripe), e.g. a hotel-defined WEB method. */
  paymentMethodCode: z
    .string()
    .min(1)
    .max(20)
    .default('WEB')
    .meta({ title: 'Payment method code' })
    .describe('OPERA payment method code for payments already captured online (Stripe), e.g. WEB.'),
  /** Per-call timeout; the shared HTTP client's default applies when unset. */
  timeoutMs: z.number().int().min(100).max(60_000).optional().meta({ title: 'Timeout (ms)' }).describe('Timeout of each OPERA call in milliseconds.'),
});

export type OperaConfig = z.infer<typeof operaConfigSchema>;

export const operaProvider = defineProvider({
  id: 'opera',
  kind: 'pms',
  label: 'Oracle OPERA Cloud (OHIP)',
  configSchema: operaConfigSchema,
  // The app key identifies our application to the gateway; with the client id it is half a credential.
  secretFields: ['clientSecret', 'appKey'],
  capabilities: ['lookup', 'folio', 'profile', 'check-in', 'check-out', 'charges', 'payments'],
  fromEnv: () =>
    settingsFromEnv({
      gatewayUrl: 'OPERA_GATEWAY_URL',
      clientId: 'OPERA_CLIENT_ID',
      clientSecret: 'OPERA_CLIENT_SECRET',
      appKey: 'OPERA_APP_KEY',
      enterpriseId: 'OPERA_ENTERPRISE_ID',
      hotelId: 'OPERA_HOTEL_ID',
    }),
  create: (config, deps) => createOperaPms(config, deps),
});
