import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { capabilityNames } from '../keys.port.js';
import { createOpenKeyKeys, OPENKEY_CAPABILITIES } from './openkey.adapter.js';

export const openKeyConfigSchema = z.object({
  /** Partner API base URL (OpenKey gives it with the credentials). */
  apiBaseUrl: z.url().meta({ title: 'API address' }).describe('OpenKey partner API base URL, given by OpenKey with the credentials.'),
  /** HTTP Basic user name OpenKey issues per property. */
  username: z.string().min(1).meta({ title: 'User name' }).describe('HTTP Basic user name OpenKey issued for this property.'),
  /** HTTP Basic password OpenKey issues per property. */
  password: z.string().min(1).meta({ title: 'Password' }).describe('HTTP Basic password OpenKey issued for this property.'),
  /** OpenKey's numeric hotel id. */
  hotelId: z.string().regex(/^\d+$/, 'a numeric OpenKey hotel id').meta({ title: 'Hotel ID' }).describe("OpenKey's numeric id of the hotel."),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per OpenKey call in milliseconds (default 8000).'),
});

export type OpenKeyConfig = z.infer<typeof openKeyConfigSchema>;

export const openKeyProvider = defineProvider({
  id: 'openkey',
  kind: 'keys',
  label: 'OpenKey',
  configSchema: openKeyConfigSchema,
  secretFields: ['password'],
  capabilities: capabilityNames(OPENKEY_CAPABILITIES),
  fromEnv: () => settingsFromEnv({ apiBaseUrl: 'OPENKEY_API_BASE', username: 'OPENKEY_USERNAME', password: 'OPENKEY_PASSWORD', hotelId: 'OPENKEY_HOTEL_ID' }),
  create: (config, deps) => createOpenKeyKeys(config, deps),
});
