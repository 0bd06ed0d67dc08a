import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { capabilityNames } from '../keys.port.js';
import { ALLIANTS_CAPABILITIES, createAlliantsKeys } from './alliants.adapter.js';

export const alliantsConfigSchema = z.object({
  /** AXP API base URL. */
  apiBaseUrl: z.url().meta({ title: 'API address' }).describe('Alliants AXP API base URL, given by Alliants with the credentials.'),
  /** OAuth2 client id. */
  clientId: z.string().min(1).meta({ title: 'Client ID' }).describe('OAuth2 client id Alliants issued.'),
  /** OAuth2 client secret. */
  clientSecret: z.string().min(1).meta({ title: 'Client secret' }).describe('OAuth2 client secret Alliants issued.'),
  /** The property's Alliants location id (sent in the path and as X-Location-Id). */
  locationId: z.string().min(1).meta({ title: 'Location ID' }).describe("The property's Alliants location id."),
  /** Where keys go: a wallet pass or the Alliants guest app. */
  delivery: z
    .enum(['apple_wallet', 'google_wallet', 'guest_app'])
    .default('apple_wallet')
    .meta({ title: 'Key delivery' })
    .describe('Key delivery: apple_wallet (default), google_wallet, or guest_app (needs the guest to have the Alliants app).'),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per Alliants call in milliseconds (default 8000).'),
});

export type AlliantsConfig = z.infer<typeof alliantsConfigSchema>;

export const alliantsProvider = defineProvider({
  id: 'alliants',
  kind: 'keys',
  label: 'Alliants AXP',
  configSchema: alliantsConfigSchema,
  secretFields: ['clientSecret'],
  capabilities: capabilityNames(ALLIANTS_CAPABILITIES),
  fromEnv: () =>
    settingsFromEnv({ apiBaseUrl: 'ALLIANTS_API_BASE', clientId: 'ALLIANTS_CLIENT_ID', clientSecret: 'ALLIANTS_CLIENT_SECRET', locationId: 'ALLIANTS_LOCATION_ID' }),
  create: (config, deps) => createAlliantsKeys(config, deps),
});
