import type OpenAI from 'openai';
import type { JSONSchema } from 'openai/lib/jsonschema';

/** A hotel concierge's system prompt and tools, shaped like the backend's (contracts/services.md §5.6). */
export const HOTEL_FACTS = [
  'You are the concierge of Harbour View Hotel. Answer only from these hotel facts:',
  '- Wi-Fi: network HarbourGuest, password seaview2026',
  '- Breakfast is served 7:00-10:30 in the Atrium restaurant',
  '- Check-out is at 11:00; late check-out until 13:00 on request',
].join('\n');

export const SERVICE_REQUEST_PARAMETERS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    category: { type: 'string', enum: ['housekeeping', 'maintenance', 'amenity', 'wake_up_call', 'luggage', 'other'] },
    details: { type: 'string' },
    room: { type: ['string', 'null'] },
    priority: { type: 'string', enum: ['normal', 'urgent'] },
  },
  required: ['category', 'details', 'room', 'priority'],
} satisfies JSONSchema;

const HANDOFF_PARAMETERS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: { type: 'string', enum: ['complaint', 'billing', 'safety', 'unsupported', 'guest_request', 'low_confidence'] },
    summary: { type: 'string' },
    urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
  },
  required: ['reason', 'summary', 'urgency'],
} satisfies JSONSchema;

export const CONCIERGE_TOOLS: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'create_service_request', description: 'Send a request to hotel staff', strict: true, parameters: SERVICE_REQUEST_PARAMETERS },
  },
  {
    type: 'function',
    function: { name: 'handoff_to_human', description: 'Hand the conversation to a member of staff', strict: true, parameters: HANDOFF_PARAMETERS },
  },
];

export const SENTIMENT_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'sentiment',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        score: { type: 'number', minimum: -1, maximum: 1 },
        label: { type: 'string', enum: ['negative', 'neutral', 'positive'] },
        needs_human: { type: 'boolean' },
        topics: { type: 'array', items: { type: 'string' } },
      },
      required: ['score', 'label', 'needs_human', 'topics'],
    },
  },
} as const;
