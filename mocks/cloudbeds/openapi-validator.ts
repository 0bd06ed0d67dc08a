import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createValidatorCache, schemaErrors } from '../shared/schema-validation.js';
import { parse as parseYaml } from 'yaml';
import { checkParameters, matchPath, type DeclaredParameter } from '../shared/request-parameters.js';
import { pathOf, type VendorRequest } from '../shared/vendor-request.js';
import { parseFormBody } from '../shared/form-body.js';

/**
 * Checks a response body against the response schema Cloudbeds publishes for that path, method
 * and status (`mocks/vendor-specs/cloudbeds/`), so the mock's wire format is held to the
 * vendor's spec rather than to our memory of it; and checks a request an adapter sent against the
 * operation it calls (`validateCloudbedsRequest`), so the adapter is held to it too.
 *
 * OpenAPI 3.0 is not plain JSON Schema, so each spec is adjusted once on load:
 * - `nullable: true` becomes "or null".
 * - `oneOf` becomes `anyOf`: Cloudbeds writes `oneOf: [{format: date}, {type: string}]`, which a
 *   strict validator would reject for every valid date (it matches both branches).
 * - Objects that list `properties` are closed (`additionalProperties: false`): the spec allows
 *   extra fields, but an extra field from the mock is most likely a misspelling an adapter would
 *   then depend on. Objects without `properties` (free-form maps) stay open.
 * - The PMS spec marks `Y-m-d H:i:s` datetimes (its own descriptions say so) as `date-time` and
 *   `HH:MM` arrival times as `time`; those two formats accept Cloudbeds' forms there. The
 *   Accounting spec keeps strict RFC 3339.
 *
 * A status the operation does not declare is checked against its declared error response
 * (Accounting: `ApiAccountingError`). The PMS spec declares no error responses at all (every
 * method has only 200, with `success: false` and a `message` for a failure); its error body,
 * `{ success: false, message }`, is checked strictly against `PMS_ERROR_ENVELOPE` instead, at 200
 * as at any other status. An error from a path the spec lacks gets the same error schema.
 */
const addFormats = addFormatsModule.default;
const specDir = fileURLToPath(new URL('../vendor-specs/cloudbeds/', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Spec {
  id: 'cloudbeds-pms' | 'cloudbeds-accounting';
  /** Request paths under this prefix belong to the spec. */
  owns: string;
  /** Prefix of request paths that the spec's `paths` omit (the PMS server URL ends in /api/v1.3/). */
  pathPrefix: string;
  /** Error body for a status the operation does not declare, or for a path the spec does not have. */
  errorSchema: object;
  doc: JsonObject;
  ajv: Ajv;
  /** Same schemas, coercing text to the declared types: query strings and form bodies are text on the wire. */
  coercing: Ajv;
}

export interface ValidationResult {
  valid: boolean;
  /** The spec and schema pointer the body was checked against. */
  schema: string;
  errors: string[];
}

function adjust(node: Json): Json {
  if (Array.isArray(node)) return node.map(adjust);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key === 'oneOf' ? 'anyOf' : key] = adjust(value);
  if (out.properties && typeof out.properties === 'object' && !Array.isArray(out.properties) && out.additionalProperties === undefined && !out.allOf) {
    out.additionalProperties = false;
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const PMS_ERROR_ENVELOPE = {
  type: 'object',
  required: ['success', 'message'],
  additionalProperties: false,
  properties: { success: { const: false }, message: { type: 'string' } },
};

const PMS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;
const PMS_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function newAjv(id: Spec['id'], components: Json, coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, ...(coerceTypes ? { coerceTypes: 'array' as const } : {}) });
  addFormats(ajv);
  if (id === 'cloudbeds-pms') {
    ajv.addFormat('date-time', PMS_DATE_TIME);
    ajv.addFormat('time', PMS_TIME);
  }
  ajv.addSchema({ $id: id, components });
  return ajv;
}

function loadSpec(id: Spec['id'], file: string, owns: string, pathPrefix: string, errorSchema: object): Spec {
  const raw = readFileSync(`${specDir}${file}`, 'utf8');
  const doc = adjust(file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw)) as JsonObject;
  const components = doc.components ?? {};
  return { id, owns, pathPrefix, errorSchema, doc, ajv: newAjv(id, components, false), coercing: newAjv(id, components, true) };
}

let specs: Spec[] | undefined;

function loadedSpecs(): Spec[] {
  specs ??= [
    loadSpec('cloudbeds-pms', 'pms-v1.3-openapi.yaml', '/api/v1.3/', '/api/v1.3', PMS_ERROR_ENVELOPE),
    loadSpec('cloudbeds-accounting', 'accounting-v1.0-openapi.json', '/accounting/v1.0/', '', {
      $ref: 'cloudbeds-accounting#/components/schemas/ApiAccountingError',
    }),
  ];
  return specs;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const asObject = (value: Json | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

function deref(spec: Spec, node: JsonObject | undefined): JsonObject | undefined {
  const ref = node?.$ref;
  if (typeof ref !== 'string') return node;
  return asObject(ref.slice(2).split('/').reduce<Json | undefined>((at, part) => asObject(at)?.[part], spec.doc));
}

/** Points every local `$ref` at the spec's registered components. */
function rebase(spec: Spec, node: Json): Json {
  if (Array.isArray(node)) return node.map((n) => rebase(spec, n));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${spec.id}${v}` : rebase(spec, v)]),
  );
}

interface FoundOperation {
  spec: Spec;
  template?: string;
  operation?: JsonObject;
  /** Values of the template's `{name}` segments. */
  pathValues?: Map<string, string>;
  /** The path exists in the spec, but not with this method. */
  otherMethods?: string[];
}

function findOperation(method: string, urlPath: string): FoundOperation {
  const pathOnly = urlPath.split('?')[0]!;
  const spec = loadedSpecs().find((candidate) => pathOnly.startsWith(candidate.owns));
  if (!spec) throw new Error(`${urlPath} is not a Cloudbeds API path`);
  const rest = pathOnly.slice(spec.pathPrefix.length);
  let otherMethods: string[] | undefined;
  for (const [template, item] of Object.entries(asObject(spec.doc.paths) ?? {})) {
    const pathValues = matchPath(template, rest);
    if (!pathValues) continue;
    const operation = asObject(asObject(item)?.[method.toLowerCase()]);
    if (operation) return { spec, template, operation, pathValues };
    otherMethods = Object.keys(asObject(item) ?? {}).filter((key) => HTTP_METHODS.has(key));
  }
  return { spec, ...(otherMethods ? { otherMethods } : {}) };
}

const compileOnce = createValidatorCache();

function responseSchema(spec: Spec, method: string, template: string, responses: JsonObject, code: string): object {
  const schema = asObject(asObject(asObject(deref(spec, asObject(responses[code]))?.content)?.['application/json'])?.schema);
  if (!schema) throw new Error(`${method} ${template} ${code} has no application/json schema`);
  return rebase(spec, schema) as object;
}

export function validateCloudbedsResponse(method: string, urlPath: string, status: number, body: unknown): ValidationResult {
  const { spec, template, operation } = findOperation(method, urlPath);
  const responses = asObject(operation?.responses) ?? {};
  const declaredError = Object.keys(responses).find((code) => /^[45]\d\d$/.test(code));
  const pmsFailure = spec.id === 'cloudbeds-pms' && typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
  const code =
    pmsFailure ? undefined
    : String(status) in responses ? String(status)
    : 'default' in responses ? 'default'
    : status >= 400 && declaredError ? declaredError
    : undefined;
  if (code === undefined && status < 400 && !pmsFailure) {
    throw new Error(template ? `${method} ${template} declares no response for ${status}` : `No Cloudbeds operation ${method} ${urlPath}`);
  }
  const key = `${spec.id} ${method} ${template ?? urlPath} ${code ?? 'error'}`;
  const validate = compileOnce(key, () =>
    spec.ajv.compile(code === undefined ? spec.errorSchema : responseSchema(spec, method, template!, responses, code)),
  );
  const valid = validate(body);
  return { valid, schema: key, errors: schemaErrors(validate) };
}


function declaredParameters(spec: Spec, operation: JsonObject): DeclaredParameter[] {
  return (Array.isArray(operation.parameters) ? operation.parameters : []).flatMap((entry) => {
    const parameter = deref(spec, asObject(entry));
    if (!parameter || typeof parameter.name !== 'string') return [];
    return [
      {
        name: parameter.name,
        in: parameter.in as DeclaredParameter['in'],
        required: parameter.required === true,
        schema: rebase(spec, parameter.schema ?? {}) as object,
      },
    ];
  });
}

/** At least one of the operation's security alternatives is met by the request's headers. */
function securityProblems(spec: Spec, operation: JsonObject, request: VendorRequest): string[] {
  const alternatives = Array.isArray(operation.security) ? operation.security.map(asObject) : [];
  if (alternatives.length === 0) return [];
  const schemes = asObject(asObject(spec.doc.components)?.securitySchemes) ?? {};
  const bearer = /^Bearer \S+$/i.test(request.headers.authorization ?? '');
  const met = (name: string) => {
    const scheme = asObject(schemes[name]);
    if (scheme?.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') return Boolean(request.headers[scheme.name.toLowerCase()]);
    return (scheme?.type === 'http' && scheme.scheme === 'bearer') || scheme?.type === 'oauth2' ? bearer : false;
  };
  if (alternatives.some((alternative) => alternative && Object.keys(alternative).every(met))) return [];
  return [`credentials for none of ${alternatives.map((alternative) => Object.keys(alternative ?? {}).join('+')).join(', ')}`];
}

function bodyProblems(spec: Spec, key: string, operation: JsonObject, request: VendorRequest): string[] {
  const requestBody = deref(spec, asObject(operation.requestBody));
  if (!requestBody) return request.body ? ['a body is sent, but the operation takes none'] : [];
  if (!request.body) return requestBody.required === true ? ['the operation requires a body'] : [];
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
  const content = asObject(requestBody.content) ?? {};
  const schema = asObject(content[contentType])?.schema;
  if (!schema) return [`content-type ${contentType || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
  const form = contentType === 'application/x-www-form-urlencoded';
  let data: unknown;
  try {
    data = form ? parseFormBody(request.body) : JSON.parse(request.body);
  } catch {
    return [`the body is not ${contentType}`];
  }
  const validate = compileOnce(`${key} body ${contentType}`, () => (form ? spec.coercing : spec.ajv).compile(rebase(spec, schema) as object));
  return validate(data) ? [] : schemaErrors(validate).map((error) => `body ${error}`);
}

/**
 * The ways `request` departs from the operation Cloudbeds publishes for it: an unknown path or
 * method, missing credentials, a missing required path, query or header parameter, a query
 * parameter the operation does not declare, a parameter value of the wrong type, or a body that
 * does not match the declared request schema (form bodies are read the way PHP reads them, with
 * `items[0][name]` as nested arrays; objects are closed, so an undeclared field counts too).
 * Empty when Cloudbeds would accept the request as the spec describes it.
 */
export function validateCloudbedsRequest(request: VendorRequest): string[] {
  const path = pathOf(request);
  const { spec, template, operation, pathValues, otherMethods } = findOperation(request.method, path);
  if (!operation || !template || !pathValues) {
    return [otherMethods ? `${path} takes ${otherMethods.join(', ').toUpperCase()}, not ${request.method}` : `${path} is not in ${spec.id}`];
  }
  const key = `${spec.id} ${request.method} ${template} request`;
  const compileValue = (schema: object) => compileOnce(`${key} value ${JSON.stringify(schema)}`, () => spec.coercing.compile(schema));
  return [
    ...securityProblems(spec, operation, request),
    ...checkParameters(request, pathValues, declaredParameters(spec, operation), compileValue),
    ...bodyProblems(spec, key, operation, request),
  ];
}
