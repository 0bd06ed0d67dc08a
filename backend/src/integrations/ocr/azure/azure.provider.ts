import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { vendorCallSettings } from '../vendor-call.js';
import { createAzureOcr } from './azure.adapter.js';

export const azureConfigSchema = z.object({
  /** The Document Intelligence resource's endpoint; the SDK adds `/documentintelligence`. */
  endpoint: z
    .url({ protocol: /^https?$/ })
    .meta({ title: 'Endpoint' })
    .describe('Endpoint of the Document Intelligence resource (https://<resource>.cognitiveservices.azure.com), from the Azure portal, Keys and Endpoint.'),
  /** Resource key, sent as `Ocp-Apim-Subscription-Key`. */
  key: z.string().min(16, 'a Document Intelligence resource key').meta({ title: 'Key' }).describe('Key 1 or Key 2 of the same resource.'),
  ...vendorCallSettings({
    defaultTimeoutMs: 20_000,
    maxTimeoutMs: 120_000,
    budgetCovers: 'the analysis and its polling included',
    retriedBy: "by the Azure SDK's pipeline after the Retry-After Azure asks for",
  }),
});

export type AzureConfig = z.infer<typeof azureConfigSchema>;

export const azureProvider = defineProvider({
  id: 'azure',
  kind: 'ocr',
  label: 'Azure AI Document Intelligence (prebuilt-idDocument)',
  configSchema: azureConfigSchema,
  secretFields: ['key'],
  capabilities: ['passport', 'id-card', 'driving-licence', 'mrz'],
  fromEnv: () => settingsFromEnv({ endpoint: 'AZURE_DOCUMENT_INTELLIGENCE_ENDPOINT', key: 'AZURE_DOCUMENT_INTELLIGENCE_KEY' }),
  create: (config, deps) => createAzureOcr(config, deps),
});
