import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Checks mock responses against Oracle's own OHIP Swagger 2.0 files, so the mock cannot drift into
 * a shape only our adapter believes in.
 *
 * Two deliberate changes to the vendor schemas, both applied to a copy in memory:
 * - Closed objects: OHIP never says `additionalProperties`, so a misspelt field would pass silently.
 *   Every object schema with `properties` gets `additionalProperties: false` (the definitions use no
 *   `allOf`, so this cannot reject a valid body).
 * - `format: date` strings whose `maxLength` is below 10: csh, crm and fof declare ~450 dates such
 *   as `postingDate` with `maxLength: 8`, which no `YYYY-MM-DD` value can meet; Oracle's own examples
 *   send 10-character dates. That `maxLength` is dropped.
 */
export type OhipModule = 'oauth' | 'rsv' | 'csh' | 'crm' | 'fof';
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

type JsonObject = { [key: string]: unknown };

const SPEC_DIR = fileURLToPath(new URL('../vendor-specs/opera-ohip/', import.meta.url));

/**
 * Error statuses the spec declares without a body (401, 403, and every oauth error) or does not
 * list at all (429): OPERA's gateway still answers them with problem JSON, which the mock
 * reproduces, so those bodies are checked as `exceptionDetailType`.
 */
const UNDECLARED_BUT_SENT = new Set([429]);
const PROBLEM_DEFINITION = 'exceptionDetailType';
/** oauth.json defines no error type; OPERA's problem shape is taken from the rsv module. */
const PROBLEM_MODULE: Record<OhipModule, OhipModule> = {
  oauth: 'rsv',
  rsv: 'rsv',
  csh: 'csh',
  crm: 'crm',
  fof: 'fof',
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tightenSchema(schema: unknown): void {
  if (Array.isArray(schema)) {
    for (const item of schema) tightenSchema(item);
    return;
  }
  if (!isObject(schema)) return;
  if (isObject(schema.properties)) {
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const property of Object.values(schema.properties)) tightenSchema(property);
  }
  if (schema.format === 'date' && typeof schema.maxLength === 'number' && schema.maxLength < 10) {
    delete schema.maxLength;
  }
  for (const key of ['items', 'allOf', 'anyOf', 'oneOf', 'not']) tightenSchema(schema[key]);
}

interface SwaggerResponse {
  $ref?: string;
  schema?: unknown;
}
interface SwaggerDocument {
  paths: Record<string, Record<string, { responses: Record<string, SwaggerResponse> }>>;
  responses?: Record<string, SwaggerResponse>;
  definitions: JsonObject;
}

export class OhipSpecs {
  private readonly ajv: Ajv;
  private readonly documents = new Map<OhipModule, SwaggerDocument>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormatsModule.default(this.ajv);
    // Swagger 2.0 numeric formats carry no constraint JSON Schema could check.
    for (const format of ['int32', 'int64', 'float', 'double']) this.ajv.addFormat(format, true);
  }

  private document(module: OhipModule): SwaggerDocument {
    let doc = this.documents.get(module);
    if (!doc) {
      doc = JSON.parse(readFileSync(`${SPEC_DIR}${module}.json`, 'utf8')) as SwaggerDocument;
      tightenSchema(Object.values(doc.definitions));
      this.ajv.addSchema({ $id: this.schemaId(module), definitions: doc.definitions });
      this.documents.set(module, doc);
    }
    return doc;
  }

  private schemaId(module: OhipModule): string {
    return `https://ohip.spec.local/${module}.json`;
  }

  /** Compiles `{ $ref }` relative to the module document, so `#/definitions/x` refs resolve. */
  private validatorFor(module: OhipModule, ref: string): ValidateFunction {
    const key = `${module}${ref}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      this.document(module);
      validate = this.ajv.compile({ $ref: `${this.schemaId(module)}${ref}` });
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** The `$ref` of the response schema the spec declares, or null when it declares no body. */
  responseSchemaRef(module: OhipModule, path: string, method: HttpMethod, status: number): string | null {
    const doc = this.document(module);
    const operation = doc.paths[path]?.[method];
    if (!operation) throw new Error(`${module}.json has no ${method.toUpperCase()} ${path}`);
    let response = operation.responses[String(status)];
    if (response?.$ref) {
      response = doc.responses?.[response.$ref.replace('#/responses/', '')];
    }
    if (!response) {
      if (UNDECLARED_BUT_SENT.has(status)) return null;
      throw new Error(`${module}.json declares no ${status} for ${method.toUpperCase()} ${path}`);
    }
    const schema = response.schema;
    if (!isObject(schema)) return null;
    if (typeof schema.$ref !== 'string') throw new Error(`inline response schema for ${path} not supported`);
    return schema.$ref;
  }

  /** Returns the list of violations (empty when valid) of `body` against one definition. */
  checkDefinition(module: OhipModule, definition: string, body: unknown): string[] {
    const validate = this.validatorFor(module, `#/definitions/${definition}`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /**
   * Returns the violations of a response body against what the spec declares for
   * path + method + status. A declared body-less status (204) must come without a body.
   */
  checkResponse(module: OhipModule, path: string, method: HttpMethod, status: number, body: unknown): string[] {
    const ref = this.responseSchemaRef(module, path, method, status);
    if (ref) return this.checkDefinition(module, ref.replace('#/definitions/', ''), body);
    if (status >= 400) return this.checkDefinition(PROBLEM_MODULE[module], PROBLEM_DEFINITION, body);
    return body === undefined ? [] : [`spec declares no body for ${status}, got ${JSON.stringify(body)}`];
  }
}
