import { z } from 'zod';
import { defineProvider, settingsFromEnv } from '../../provider.js';
import { createOpenAIConcierge } from './openai-concierge.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export const openAIConfigSchema = z.object({
  /** Bearer key of the account (or any non-empty value for a local server that checks none). */
  apiKey: z.string().min(1).meta({ title: 'API key' }).describe('API key (sk-…) of the OpenAI project; for a self-hosted server, whatever key it expects.'),
  /** Only changed for an OpenAI-compatible server or the mock. */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .default(OPENAI_BASE_URL)
    .meta({ title: 'API address' })
    .describe('Chat Completions API address with /v1: https://api.openai.com/v1, or an OpenAI-compatible server (vLLM, Ollama, llama.cpp) such as http://127.0.0.1:11434/v1.'),
  model: z.string().min(1).default('gpt-4.1-mini').meta({ title: 'Model' }).describe('Model name as the server knows it, e.g. gpt-4.1-mini, or llama3.1:8b on Ollama.'),
  /** Off for servers without /v1/moderations. */
  moderation: z
    .boolean()
    .default(true)
    .meta({ title: 'Moderation' })
    .describe('Check guest messages with /v1/moderations (free at OpenAI); turn off for servers that have no moderation endpoint.'),
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(120_000)
    .default(30_000)
    .meta({ title: 'Timeout (ms)' })
    .describe('Longest wait for a model answer in milliseconds (the SDK\'s own default of 10 minutes is far too long for a guest).'),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(2)
    .meta({ title: 'Retries' })
    .describe('Retries after a rate limit (waiting as the server asks), a 5xx or a network error; running out of credit is never retried.'),
});

export type OpenAIConfig = z.infer<typeof openAIConfigSchema>;

export const openAIProvider = defineProvider({
  id: 'openai',
  kind: 'concierge',
  label: 'OpenAI or an OpenAI-compatible server (Chat Completions)',
  configSchema: openAIConfigSchema,
  secretFields: ['apiKey'],
  capabilities: ['chat', 'tools', 'streaming', 'sentiment', 'moderation'],
  fromEnv: () => settingsFromEnv({ apiKey: 'OPENAI_API_KEY', baseUrl: 'OPENAI_BASE_URL', model: 'OPENAI_MODEL' }),
  create: (config, deps) => createOpenAIConcierge(config, deps),
});
