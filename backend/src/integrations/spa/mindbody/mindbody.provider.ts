import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { capabilityNames } from '../spa.port.js';
import { createMindbodySpa, MINDBODY_CAPABILITIES } from './mindbody.adapter.js';

export const MINDBODY_API_BASE = 'https://api.mindbodyonline.com/public/v6';

export const mindbodyConfigSchema = z.object({
  /** Public API v6 base URL, `/public/v6` included. */
  apiBaseUrl: z.url().default(MINDBODY_API_BASE).meta({ title: 'API address' }).describe(`Mindbody Public API v6 base URL, /public/v6 included (default ${MINDBODY_API_BASE}).`),
  /** The developer account's API key, sent as `Api-Key` on every call. */
  apiKey: z.string().min(1).meta({ title: 'API key' }).describe("The API key of Mindbody's developer portal; the site owner must activate it for the site."),
  /** The business's Mindbody site id (the sandbox is -99), sent as `SiteId`. */
  siteId: z.string().regex(/^-?\d+$/, 'a numeric Mindbody site id').meta({ title: 'Site ID' }).describe("The spa's Mindbody site id (the sandbox site is -99)."),
  /** A staff login of the site; its user token books on the business's behalf. */
  username: z.string().min(1).meta({ title: 'Staff user name' }).describe('User name of a Mindbody staff login allowed to book appointments for every therapist.'),
  /** That staff login's password. */
  password: z.string().min(1).meta({ title: 'Staff password' }).describe('Password of that staff login.'),
  /** The location (the spa) whose treatments and therapists guests see. */
  locationId: z.string().regex(/^\d+$/, 'a numeric Mindbody location id').meta({ title: 'Location ID' }).describe('The Mindbody location id of the spa (GET /site/locations lists them).'),
  /** Per-call timeout in milliseconds. */
  timeoutMs: z.number().int().positive().optional().meta({ title: 'Timeout (ms)' }).describe('Timeout per Mindbody call in milliseconds (default 8000).'),
});

export type MindbodyConfig = z.infer<typeof mindbodyConfigSchema>;

export const mindbodyProvider = defineProvider({
  id: 'mindbody',
  kind: 'spa',
  label: 'Mindbody',
  configSchema: mindbodyConfigSchema,
  secretFields: ['apiKey', 'password'],
  capabilities: capabilityNames(MINDBODY_CAPABILITIES),
  fromEnv: () =>
    settingsFromEnv({
      apiBaseUrl: 'MINDBODY_API_BASE',
      apiKey: 'MINDBODY_API_KEY',
      siteId: 'MINDBODY_SITE_ID',
      username: 'MINDBODY_USERNAME',
      password: 'MINDBODY_PASSWORD',
      locationId: 'MINDBODY_LOCATION_ID',
    }),
  create: (config, deps) => createMindbodySpa(config, deps),
});
