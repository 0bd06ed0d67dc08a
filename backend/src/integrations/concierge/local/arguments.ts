import { words } from './language.js';

/** The part of JSON Schema tool parameters are written in (strict mode: every property required). */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** What the message and the stay say, for filling a tool's arguments. */
export interface ArgumentHints {
  /** The guest's own words: details, notes and summaries carry them. */
  message: string;
  /** Enum values to prefer, best first (`housekeeping`, `urgent`, `complaint`). */
  preferred: string[];
  room: string | null;
  /** The time the guest named, as "13:00" and as ISO 8601 with the hotel's offset. */
  time: { clock: string; iso: string } | null;
  /** The hotel's local time now, for a time the schema requires when the guest named none. */
  now: { clock: string; iso: string };
  /** YYYY-MM-DD the guest means (today unless they said otherwise). */
  date: string;
  /** Values an earlier tool result gave for fields of the same name (a spa slot's service id and start). */
  known: Record<string, unknown>;
}

/** Enum values that fit when nothing in the message points elsewhere, best first. */
const NEUTRAL_ENUM_VALUES = ['normal', 'other', 'any', 'guest_request', 'low_confidence', 'medium', 'neutral'];

const typesOf = (schema: JsonSchema): string[] => [
  ...(Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []),
  ...(schema.anyOf ?? []).flatMap(typesOf),
];
const enumOf = (schema: JsonSchema): unknown[] | undefined => schema.enum ?? schema.anyOf?.map(enumOf).find(Boolean);
const formatOf = (schema: JsonSchema): string | undefined => schema.format ?? schema.anyOf?.map(formatOf).find(Boolean);
const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

function pickEnum(values: unknown[], hints: ArgumentHints): unknown {
  const strings = values.filter((value): value is string => typeof value === 'string');
  const said = new Set(words(hints.message));
  const named = strings.find((value) => words(value.replace(/[_-]/g, ' ')).every((word) => said.has(word)));
  return (
    hints.preferred.find((value) => strings.includes(value)) ??
    named ??
    NEUTRAL_ENUM_VALUES.find((value) => strings.includes(value)) ??
    values.find((value) => value !== null)
  );
}

function fillString(name: string, schema: JsonSchema, hints: ArgumentHints, nullable: boolean): string | null {
  const known = hints.known[name] ?? hints.known[snake(name)];
  if (typeof known === 'string') return known;
  const field = snake(name);
  if (/room/.test(field)) return hints.room;
  if (/(^|_)(time|start|when|at)($|_)/.test(field)) {
    const time = hints.time ?? (nullable ? null : hints.now);
    return time && (formatOf(schema) === 'date-time' ? time.iso : time.clock);
  }
  if (/date|day/.test(field)) return hints.date;
  // Free text the schema may leave empty (notes) stays empty unless it is what the call is about.
  if (/detail|summary|description|message|request|text/.test(field) || !nullable) return hints.message;
  return null;
}

function fillNumber(schema: JsonSchema, hints: ArgumentHints, integer: boolean): number {
  const said = Number(hints.message.match(/\b\d+(?:[.,]\d+)?\b/)?.[0]?.replace(',', '.') ?? 1);
  const bounded = Math.min(schema.maximum ?? Infinity, Math.max(schema.minimum ?? -Infinity, said));
  return integer ? Math.round(bounded) : bounded;
}

/**
 * Arguments for a tool, built from its JSON Schema and what the guest said: every property
 * present (strict schemas require them all) and of its declared type; null where the schema allows
 * it and nothing fits. The concierge module validates them like any model's.
 */
export function fillArguments(schema: JsonSchema, hints: ArgumentHints): Record<string, unknown> {
  const value = (name: string, property: JsonSchema): unknown => {
    const types = typesOf(property);
    const nullable = types.includes('null');
    const orNull = (filled: unknown) => (filled === null || filled === undefined) && nullable ? null : filled;
    const values = enumOf(property);
    if (values) return orNull(pickEnum(values, hints));
    if (types.includes('object')) return fillArguments(property, hints);
    if (types.includes('array')) return [];
    if (types.includes('boolean')) return false;
    if (types.includes('integer') || types.includes('number')) return fillNumber(property, hints, types.includes('integer'));
    return fillString(name, property, hints, nullable) ?? (nullable ? null : hints.message);
  };
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, value(name, property)]));
}
