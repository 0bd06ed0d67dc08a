import fc from 'fast-check';

/** The part of JSON Schema (as @fastify/swagger writes it from our zod schemas) the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/**
 * Strings a careless server trips over: ones PostgreSQL cannot store, SQL and path fragments,
 * percent-escapes, right-to-left marks, emoji, very long ones.
 */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF x',
  "' OR '1'='1",
  '"; DROP TABLE stays; --',
  '../../etc/passwd',
  '%00',
  '%zz',
  '\u202Eevil',
  '😀',
  'Ünïcödé',
  '4242 4242 4242 4242',
  'x'.repeat(10_000),
];

const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * Values for a schema: mostly valid ones (so requests get past validation into the services),
 * some at and past the declared limits, some nasty strings, and now and then a value of another
 * type altogether.
 */
export function arbitraryFor(schema: JsonSchema, components: Record<string, JsonSchema>, known: Record<string, string[]> = {}, name = ''): fc.Arbitrary<unknown> {
  const resolved = schema.$ref ? components[schema.$ref.replace('#/components/schemas/', '')] ?? {} : schema;
  return fc.oneof(
    { weight: 30, arbitrary: validish(resolved, components, known, name) },
    { weight: 1, arbitrary: anyJson },
  );
}

function validish(schema: JsonSchema, components: Record<string, JsonSchema>, known: Record<string, string[]>, name: string): fc.Arbitrary<unknown> {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return fc.oneof(...variants.map((variant) => arbitraryFor(variant, components, known, name)));
  if (schema.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.string() });
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validish({ ...schema, type }, components, known, name)));
  switch (types[0]) {
    case 'string':
      return stringFor(schema, known[name] ?? []);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof(
        { weight: 4, arbitrary: types[0] === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, Number.MAX_SAFE_INTEGER) },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, components, known, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 12),
      });
    case 'object':
      return objectFor(schema, components, known);
    default:
      return anyJson;
  }
}

function stringFor(schema: JsonSchema, known: string[]): fc.Arbitrary<unknown> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 64, 300);
  const formatted: Record<string, fc.Arbitrary<string>> = {
    uuid: fc.uuid(),
    email: fc.emailAddress(),
    'date-time': fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
    date: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  };
  const valid = (schema.format && formatted[schema.format]) || fc.string({ minLength, maxLength, unit: 'grapheme' });
  return fc.oneof(
    ...(known.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...known) }] : []),
    { weight: 10, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.string({ minLength: maxLength + 1, maxLength: maxLength + 2 }) },
  );
}

function objectFor(schema: JsonSchema, components: Record<string, JsonSchema>, known: Record<string, string[]>): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryFor(value, components, known, key)])),
    { requiredKeys: [...required].filter((key) => key in properties) },
  );
  // Now and then a required key goes missing or an unknown one appears.
  return fc.tuple(record, fc.nat({ max: 19 }), fc.string({ minLength: 1, maxLength: 8 })).map(([value, roll, extra]) => {
    const copy: Record<string, unknown> = { ...value };
    if (roll === 0 && required.size > 0) delete copy[[...required][0]!];
    if (roll === 1) copy[extra] = 'unexpected';
    return copy;
  });
}
