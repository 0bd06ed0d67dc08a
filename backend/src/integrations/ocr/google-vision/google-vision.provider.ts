import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { vendorCallSettings } from '../vendor-call.js';
import { createGoogleVisionOcr } from './google-vision.adapter.js';

export const googleVisionConfigSchema = z.object({
  /** API key of a Google Cloud project with the Cloud Vision API enabled, sent as `x-goog-api-key`. */
  apiKey: z.string().min(20, 'a Google Cloud API key').meta({ title: 'API key' }).describe('API key (APIs & Services, Credentials) of a project with the Cloud Vision API enabled; restrict it to that API.'),
  /** Only changed to reach the local mock (`npm run dev:mock:google-vision`) or a regional endpoint. */
  endpoint: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ title: 'Endpoint' })
    .describe("Vision address; empty for Google's (https://vision.googleapis.com), or a regional one (https://eu-vision.googleapis.com); http only for the mock."),
  ...vendorCallSettings({
    defaultTimeoutMs: 15_000,
    maxTimeoutMs: 60_000,
    budgetCovers: 'retries included',
    retriedBy: "with the Google SDK's backoff (unreachable, timed out, quota, server error)",
  }),
});

export type GoogleVisionConfig = z.infer<typeof googleVisionConfigSchema>;

export const googleVisionProvider = defineProvider({
  id: 'google-vision',
  kind: 'ocr',
  label: 'Google Cloud Vision (text detection, our own MRZ and field reading)',
  configSchema: googleVisionConfigSchema,
  secretFields: ['apiKey'],
  capabilities: ['passport', 'id-card', 'driving-licence', 'mrz'],
  fromEnv: () => settingsFromEnv({ apiKey: 'GOOGLE_VISION_API_KEY', endpoint: 'GOOGLE_VISION_ENDPOINT' }),
  create: (config, deps) => createGoogleVisionOcr(config, deps),
});
