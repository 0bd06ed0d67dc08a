import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { capabilityNames } from '../spa.port.js';
import { createSpaBookerSpa, SPABOOKER_CAPABILITIES } from './spabooker.adapter.js';

export const spaBookerConfigSchema = z.object({
  /** API base URL (Booker's API gateway), given with the credentials. */
  apiBaseUrl: z.url().meta({ title: 'API address' }).describe("SpaBooker API base URL (Booker's API gateway), given with the credentials."),
  /** OAuth2 client id of our integration. */
  clientId: z.string().min(1).meta({ title: 'Client ID' }).describe('OAuth2 client id SpaBooker (Mindbody) issued for the integration.'),
  /** OAuth2 client secret of our integration. */
  clientSecret: z.string().min(1).meta({ title: 'Client secret' }).describe('OAuth2 client secret that goes with the client id.'),
  /** API gateway key, sent as `Ocp-Apim-Subscription-Key` on every call. */
  subscriptionKey: z.string().min(1).meta({ title: 'Subscription key' }).describe('API subscription key, sent as Ocp-Apim-Subscription-Key on every call.'),
  /** The spa's numeric (Booker) location id. */
  locationId: z.string().regex(/^\d+$/, 'a numeric SpaBooker location id').meta({ title: 'Location ID' }).describe("The spa's numeric Booker location id."),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per SpaBooker call in milliseconds (default 8000).'),
});

export type SpaBookerConfig = z.infer<typeof spaBookerConfigSchema>;

export const spaBookerProvider = defineProvider({
  id: 'spabooker',
  kind: 'spa',
  label: 'SpaBooker',
  configSchema: spaBookerConfigSchema,
  secretFields: ['clientSecret', 'subscriptionKey'],
  capabilities: capabilityNames(SPABOOKER_CAPABILITIES),
  fromEnv: () =>
    settingsFromEnv({
      apiBaseUrl: 'SPABOOKER_API_BASE',
      clientId: 'SPABOOKER_CLIENT_ID',
      clientSecret: 'SPABOOKER_CLIENT_SECRET',
      subscriptionKey: 'SPABOOKER_SUBSCRIPTION_KEY',
      locationId: 'SPABOOKER_LOCATION_ID',
    }),
  create: (config, deps) => createSpaBookerSpa(config, deps),
});
