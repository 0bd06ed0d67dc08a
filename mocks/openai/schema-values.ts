import type { JsonSchema } from './chat-request.js';

/**
 * Builds a value that fits a JSON Schema from a guest's message, deterministically: the mock's
 * tool-call arguments and structured outputs. Whatever schema the backend declares, the value
 * has every required property (all of them, under `strict`), the right types, and enum values
 * picked from the message's words (README.md, "Filling arguments").
 */
export type Sentiment = 'negative' | 'neutral' | 'positive';

export interface FillContext {
  /** The guest's message. */
  text: string;
  sentiment: Sentiment;
  /** ISO date-time used for `format: date-time` strings. */
  now: string;
}

const NEGATIVE = /\b(terrible|awful|dirty|rude|worst|angry|furious|disappointed|disappointing|unacceptable|horrible|disgusting|noisy|broken|cold shower|complain(t|ing)?|schrecklich|furchtbar|schmutzig|unfreundlich|wütend|enttäuscht|inakzeptabel|unverschämt|beschwerde)\b/i;
const POSITIVE = /\b(great|lovely|wonderful|excellent|perfect|thanks?|thank you|amazing|fantastic|love|loved|enjoy(ed)?|wunderbar|toll|großartig|perfekt|danke|herrlich)\b/i;

export function sentimentOf(text: string): Sentiment {
  if (NEGATIVE.test(text)) return 'negative';
  if (POSITIVE.test(text)) return 'positive';
  return 'neutral';
}

/** Words that choose an enum value when the value itself is not in the message. */
const ENUM_SYNONYMS: Record<string, RegExp> = {
  housekeeping: /towel|pillow|blanket|sheets|linen|clean|soap|shampoo|toilet paper|toiletr|hairdryer|bathrobe/i,
  maintenance: /repair|broken|fix|leak|not working|doesn't work|does not work|heating|air ?con|shower|light bulb|tv|television|door|lock/i,
  wake_up_call: /wake[- ]?up/i,
  luggage: /luggage|bags?\b|suitcase/i,
  complaint: /complain|terrible|awful|unacceptable|rude|dirty/i,
  billing: /bill|invoice|charge|refund|folio|payment/i,
  safety: /fire|smoke|emergency|unsafe|injur|police/i,
  guest_request: /human|person|someone|staff|manager|reception/i,
  urgent: /urgent|emergency|immediately|asap|right now|flood|fire/i,
  high: /urgent|emergency|immediately|asap|right now|flood|fire|unacceptable/i,
};

/** Values taken when nothing in the message points elsewhere, before falling back to the first. */
const ENUM_DEFAULTS = ['normal', 'neutral', 'other', 'any', 'medium', 'unsupported'];

const normalise = (value: string) => value.toLowerCase().replace(/[_-]/g, ' ');

function pickEnum(values: unknown[], context: FillContext): unknown {
  const options = values.filter((value) => value !== null);
  const strings = options.filter((value): value is string => typeof value === 'string');
  const lower = context.text.toLowerCase();
  const sentiment = strings.find((value) => value === context.sentiment);
  return (
    strings.find((value) => lower.includes(normalise(value))) ??
    strings.find((value) => ENUM_SYNONYMS[value]?.test(context.text)) ??
    sentiment ??
    strings.find((value) => ENUM_DEFAULTS.includes(value)) ??
    options[0] ??
    null
  );
}

const isRecord = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
  if (typeof schema.type === 'string') return [schema.type];
  if (isRecord(schema.properties)) return ['object'];
  return [];
}

/** The first branch of an `anyOf`/`oneOf` that is not just `null`. */
function branch(schema: JsonSchema): JsonSchema | undefined {
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  if (!Array.isArray(options)) return undefined;
  return options.filter(isRecord).find((option) => !(typesOf(option).length === 1 && typesOf(option)[0] === 'null'));
}

function nullable(schema: JsonSchema): boolean {
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  return typesOf(schema).includes('null') || (Array.isArray(options) && options.some((option) => isRecord(option) && option.type === 'null'));
}

/** Properties that take the guest's own words. */
const TEXT_PROPERTY = /detail|description|summary|note|message|text|request|reason|query|question|comment|content|topic/i;
/** Properties the guest rarely states: null when the schema allows it. */
const UNSTATED_PROPERTY = /room|time|date|_id$|^id$|phone|email/i;

function fillString(schema: JsonSchema, name: string, context: FillContext): unknown {
  if (schema.format === 'date-time') return context.now;
  if (schema.format === 'date') return context.now.slice(0, 10);
  if (/room/i.test(name)) {
    const room = /\broom\s*#?\s*(\d{1,5})\b/i.exec(context.text)?.[1];
    if (room) return room;
  }
  if (!TEXT_PROPERTY.test(name) && UNSTATED_PROPERTY.test(name) && nullable(schema)) return null;
  const text = context.text.trim() || name;
  return typeof schema.maxLength === 'number' ? text.slice(0, schema.maxLength) : text;
}

function fillNumber(schema: JsonSchema, name: string, context: FillContext, integer: boolean): number {
  let value: number;
  if (/score|sentiment/i.test(name)) value = context.sentiment === 'negative' ? -0.8 : context.sentiment === 'positive' ? 0.8 : 0;
  else value = Number(/\b(\d{1,4})\b/.exec(context.text)?.[1] ?? 1);
  if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
  if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
  return integer ? Math.round(value) : value;
}

export function fillSchema(schema: unknown, context: FillContext, name = ''): unknown {
  if (!isRecord(schema)) return context.text;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pickEnum(schema.enum, context);
  const inner = branch(schema);
  if (inner) return fillSchema(inner, context, name);
  const types = typesOf(schema).filter((type) => type !== 'null');
  switch (types[0]) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([key]) => required.includes(key))
          .map(([key, property]) => [key, fillSchema(property, context, key)]),
      );
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => fillSchema(schema.items, context, name));
    }
    case 'string':
      return fillString(schema, name, context);
    case 'integer':
      return fillNumber(schema, name, context, true);
    case 'number':
      return fillNumber(schema, name, context, false);
    case 'boolean':
      return /human|escalat|urgent|alert/i.test(name) && context.sentiment === 'negative';
    default:
      return types.length === 0 && nullable(schema) ? null : context.text;
  }
}
