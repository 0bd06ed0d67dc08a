import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { vendorCallSettings } from '../vendor-call.js';
import { createTextractOcr } from './textract.adapter.js';

export const textractConfigSchema = z.object({
  /** AWS region of the Textract endpoint and of the signature's credential scope. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1')
    .meta({ title: 'AWS region' })
    .describe('AWS region whose Textract endpoint reads the documents, e.g. eu-west-1 (AnalyzeID is offered in a few regions only).'),
  /** Access key id of an IAM user or role allowed `textract:AnalyzeID`. */
  accessKeyId: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'an AWS access key id (AKIA…)')
    .meta({ title: 'Access key ID' })
    .describe('Access key id (AKIA…) of an IAM user whose policy allows textract:AnalyzeID and nothing else.'),
  /** Its secret access key: signs every request (SigV4), never sent. */
  secretAccessKey: z.string().min(16, 'an AWS secret access key').meta({ title: 'Secret access key' }).describe('Secret access key of that IAM user.'),
  /** Only changed to reach the local mock (`npm run dev:mock:textract`). */
  endpoint: z
    .url({ protocol: /^https?$/ })
    .optional()
    .meta({ title: 'Endpoint' })
    .describe("Textract address; empty for AWS's regional endpoint (https://textract.<region>.amazonaws.com), set only for the Textract mock."),
  ...vendorCallSettings({ defaultTimeoutMs: 15_000, maxTimeoutMs: 60_000, budgetCovers: 'retries included', retriedBy: "with the AWS SDK's backoff" }),
});

export type TextractConfig = z.infer<typeof textractConfigSchema>;

export const textractProvider = defineProvider({
  id: 'textract',
  kind: 'ocr',
  label: 'Amazon Textract (AnalyzeID)',
  configSchema: textractConfigSchema,
  secretFields: ['secretAccessKey'],
  capabilities: ['passport', 'driving-licence', 'mrz'],
  // TEXTRACT_ENDPOINT wins over the AWS SDK's own service-specific variable.
  fromEnv: () => ({
    ...settingsFromEnv({ endpoint: 'AWS_ENDPOINT_URL_TEXTRACT' }),
    ...settingsFromEnv({ region: 'AWS_REGION', accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', endpoint: 'TEXTRACT_ENDPOINT' }),
  }),
  create: (config, deps) => createTextractOcr(config, deps),
});
