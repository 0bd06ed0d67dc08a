/**
 * Just enough JSON Schema (as zod's toJSONSchema writes it for provider settings) to build a form:
 * strings, numbers, booleans and enums become inputs, objects with properties become groups, and
 * anything else (maps of codes) is edited as JSON. Values live as strings keyed by dotted path.
 */
export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export type FieldKind = 'text' | 'url' | 'number' | 'boolean' | 'select' | 'json';

export interface FormField {
  path: string;
  name: string;
  label: string;
  schema: JsonSchema;
  kind: FieldKind;
  required: boolean;
  /** Nested fields when this is a group. */
  children?: FormField[];
}

export type FormValues = Record<string, string>;

/** "gatewayUrl" -> "Gateway url", "food_beverage" -> "Food beverage". */
function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return 'select';
  if (schema.type === 'string') return schema.format === 'uri' ? 'url' : 'text';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'json';
}

export function fieldsOf(schema: JsonSchema, prefix = ''): FormField[] {
  return Object.entries(schema.properties ?? {}).map(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const base = { path, name, label: child.title ?? humanize(name), schema: child, required: schema.required?.includes(name) ?? false };
    if (child.type === 'object' && child.properties && Object.keys(child.properties).length) {
      return { ...base, kind: 'json' as const, children: fieldsOf(child, path) };
    }
    return { ...base, kind: kindOf(child) };
  });
}

function leaves(fields: FormField[]): FormField[] {
  return fields.flatMap((field) => (field.children ? leaves(field.children) : [field]));
}

function valueAt(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), source);
}

function toText(value: unknown, kind: FieldKind): string {
  if (value === undefined || value === null) return '';
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** Form values for the settings in effect (secrets excluded: they are never sent to the browser). */
export function initialValues(fields: FormField[], config: Record<string, unknown>): FormValues {
  return Object.fromEntries(leaves(fields).map((field) => [field.path, toText(valueAt(config, field.path), field.kind)]));
}

export class JsonFieldError extends Error {
  constructor(readonly path: string) {
    super(`Not valid JSON: ${path}`);
  }
}

function fromText(text: string, field: FormField): unknown {
  if (field.kind === 'number') return Number(text);
  if (field.kind === 'boolean') return text === 'true';
  if (field.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      throw new JsonFieldError(field.path);
    }
  }
  return text;
}

/** The value of one top-level field from the form, or undefined when it is left empty. */
export function buildField(field: FormField, values: FormValues): unknown {
  if (field.children) {
    const entries = field.children.map((child) => [child.name, buildField(child, values)] as const).filter(([, value]) => value !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  const text = (values[field.path] ?? '').trim();
  return text === '' ? undefined : fromText(text, field);
}
