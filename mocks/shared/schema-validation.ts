import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** Compiled validators by a caller-chosen key: compiling a schema costs far more than running it. */
export function createValidatorCache(): (key: string, compile: () => ValidateFunction) => ValidateFunction {
  const compiled = new Map<string, ValidateFunction>();
  return (key, compile) => {
    let validate = compiled.get(key);
    if (!validate) {
      validate = compile();
      compiled.set(key, validate);
    }
    return validate;
  };
}

/** A validator's last errors as one line each: where, what, and the keyword's parameters. */
export const schemaErrors = (validate: ValidateFunction): string[] =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

/**
 * An Ajv for the schemas of a Swagger 2.0 file: lenient about the file itself, every error
 * reported, the standard formats checked. `coerce` is for query strings, headers and form fields,
 * which are text on the wire (`limit=1` is the integer 1, a lone value of an array a one-item array).
 */
export function swaggerAjv({ coerce = false } = {}): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, ...(coerce ? { coerceTypes: 'array' as const } : {}) });
  addFormatsModule.default(ajv);
  // Swagger 2.0 numeric formats carry no constraint JSON Schema could check.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  return ajv;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Closes, in place, every object schema that lists `properties` and says nothing of
 * `additionalProperties`, so a misspelt field fails instead of passing silently; maps (with
 * `additionalProperties` given) stay as declared.
 */
export function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (!isObject(schema)) return;
  if (isObject(schema.properties) && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const value of Object.values(schema)) closeObjects(value);
}

/**
 * A Swagger 2.0 file, read on first use with its definitions closed (`closeObjects`), and the
 * validators of its schemas, each compiled once: `check` for a body against a schema whose local
 * `$ref`s point into the file, `compileValue` for a parameter value (text, coerced). `configure`
 * adjusts both Ajv instances (a vendor's own reading of a format, say).
 */
export function swaggerDocument<Doc extends { definitions: Record<string, unknown> }>(file: string, configure?: (ajv: Ajv) => void) {
  const id = `https://spec.local/${encodeURIComponent(file)}`;
  const compileOnce = createValidatorCache();
  let loaded: { doc: Doc; ajv: Ajv; coercing: Ajv } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    closeObjects(Object.values(doc.definitions));
    const [ajv, coercing] = [swaggerAjv(), swaggerAjv({ coerce: true })];
    for (const instance of [ajv, coercing]) configure?.(instance);
    ajv.addSchema({ $id: id, definitions: doc.definitions });
    loaded = { doc, ajv, coercing };
    return loaded;
  };
  const rebase = (schema: unknown): object => JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', `"${id}#/definitions/`)) as object;
  return {
    doc: () => load().doc,
    /** Violations of `value` against `schema`, compiled once under `key`; empty when it fits. */
    check(key: string, schema: unknown, value: unknown): string[] {
      const validate = compileOnce(key, () => load().ajv.compile(rebase(schema)));
      return validate(value) ? [] : schemaErrors(validate);
    },
    compileValue: (schema: object) => compileOnce(`value ${JSON.stringify(schema)}`, () => load().coercing.compile(schema)),
  };
}
