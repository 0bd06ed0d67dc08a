import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createValidatorCache, schemaErrors } from '../shared/schema-validation.js';
import { parse as parseYaml } from 'yaml';
import { checkParameters, matchPath, type DeclaredParameter } from '../shared/request-parameters.js';
import { pathOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * Holds requests and answers to OpenAI's own OpenAPI file (`mocks/vendor-specs/openai/openapi.yaml`,
 * OpenAPI 3.1), so neither the mock nor an adapter drifts into a shape only we believe in.
 *
 * Adjustments, made once to a copy in memory:
 * - `nullable: true` (left over from OpenAPI 3.0 in about a hundred places) becomes "or null".
 * - Objects that list `properties` are closed with `unevaluatedProperties: false`, so a misspelt
 *   field fails. A schema with `allOf` is closed at the `allOf` level instead of in its members,
 *   and a component used as an `allOf` member is left open (closing it would refuse the fields
 *   its siblings add). Free-form maps (no `properties`) stay open.
 *
 * OpenAI's spec declares almost no error answers: an error status it does not declare is checked
 * as `ErrorResponse`, OpenAI's `{ error: { message, type, param, code } }`.
 */
const SPEC_FILE = fileURLToPath(new URL('../vendor-specs/openai/openapi.yaml', import.meta.url));
const SPEC_ID = 'openai';
/** The spec's paths are relative to its server, `https://api.openai.com/v1`. */
const BASE_PATH = '/v1';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const asObject = (value: Json | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

function allOfMemberNames(node: Json, names: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) allOfMemberNames(item, names);
  else if (asObject(node)) {
    const object = node as JsonObject;
    if (Array.isArray(object.allOf)) {
      for (const member of object.allOf) {
        const ref = asObject(member)?.$ref;
        if (typeof ref === 'string') names.add(ref.replace('#/components/schemas/', ''));
      }
    }
    for (const value of Object.values(object)) allOfMemberNames(value, names);
  }
  return names;
}

function adjust(node: Json, inAllOf: boolean): Json {
  if (Array.isArray(node)) return node.map((item) => adjust(item, false));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'allOf' && Array.isArray(value) ? value.map((member) => adjust(member, true)) : adjust(value, false);
  }
  const open = out.additionalProperties !== undefined || out.unevaluatedProperties !== undefined;
  if (!open && !inAllOf && (Array.isArray(out.allOf) || asObject(out.properties))) out.unevaluatedProperties = false;
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

interface LoadedSpec {
  doc: JsonObject;
  ajv: Ajv2020;
  /** Path and header values are text: this one coerces them to the declared types first. */
  coercing: Ajv2020;
}

let loaded: LoadedSpec | undefined;

function spec(): LoadedSpec {
  if (loaded) return loaded;
  const doc = parseYaml(readFileSync(SPEC_FILE, 'utf8'), { maxAliasCount: -1 }) as JsonObject;
  const components = asObject(doc.components) ?? {};
  const schemas = asObject(components.schemas) ?? {};
  const members = allOfMemberNames(schemas, new Set());
  const adjustedSchemas = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, adjust(schema, members.has(name))]));
  const adjusted = { ...components, schemas: adjustedSchemas };
  const newAjv = (coerce: boolean) => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false, ...(coerce ? { coerceTypes: 'array' as const } : {}) });
    addFormatsModule.default(ajv);
    ajv.addFormat('unixtime', true);
    ajv.addSchema({ $id: SPEC_ID, components: adjusted });
    return ajv;
  };
  loaded = { doc: { ...doc, components: adjusted }, ajv: newAjv(false), coercing: newAjv(true) };
  return loaded;
}

const compileOnce = createValidatorCache();


/** Points every local `$ref` at the registered spec. */
function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${SPEC_ID}${v}` : rebase(v)]));
}

function deref(node: JsonObject | undefined): JsonObject | undefined {
  const ref = node?.$ref;
  if (typeof ref !== 'string') return node;
  return asObject(ref.slice(2).split('/').reduce<Json | undefined>((at, part) => asObject(at)?.[part], spec().doc));
}

function validateWith(key: string, schema: Json, value: unknown, coerce = false): string[] {
  const validate = compileOnce(key, () => (coerce ? spec().coercing : spec().ajv).compile(rebase(schema) as object));
  return validate(value) ? [] : schemaErrors(validate);
}

/** Violations of `value` against `#/components/schemas/<name>`; empty when it fits. */
export function checkSchema(name: string, value: unknown): string[] {
  if (!asObject(asObject(spec().doc.components)?.schemas)?.[name]) throw new Error(`openapi.yaml has no schema ${name}`);
  return validateWith(`schema ${name}`, { $ref: `#/components/schemas/${name}` }, value);
}

/** Every property name a component schema declares, through `allOf` and `$ref`. */
export function schemaPropertyNames(name: string): string[] {
  const names = new Set<string>();
  const visit = (node: JsonObject | undefined) => {
    const schema = deref(node);
    if (!schema) return;
    for (const key of Object.keys(asObject(schema.properties) ?? {})) names.add(key);
    if (Array.isArray(schema.allOf)) for (const member of schema.allOf) visit(asObject(member));
  };
  visit({ $ref: `#/components/schemas/${name}` });
  return [...names].sort();
}

interface FoundOperation {
  template: string;
  operation: JsonObject;
  pathValues: Map<string, string>;
}

function findOperation(method: string, path: string): FoundOperation | string {
  if (!path.startsWith(`${BASE_PATH}/`)) return `${path} is not under ${BASE_PATH}`;
  const rest = path.slice(BASE_PATH.length);
  let otherMethods: string[] | undefined;
  for (const [template, item] of Object.entries(asObject(spec().doc.paths) ?? {})) {
    const pathValues = matchPath(template, rest);
    if (!pathValues) continue;
    const operation = asObject(asObject(item)?.[method.toLowerCase()]);
    if (operation) return { template, operation, pathValues };
    otherMethods = Object.keys(asObject(item) ?? {}).filter((key) => HTTP_METHODS.has(key));
  }
  return otherMethods ? `${path} takes ${otherMethods.join(', ').toUpperCase()}, not ${method}` : `openapi.yaml has no path matching ${rest}`;
}

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

function bearerProblems(operation: JsonObject, request: VendorRequest): string[] {
  const security = Array.isArray(operation.security) ? operation.security : spec().doc.security;
  if (!Array.isArray(security) || security.length === 0) return [];
  return /^Bearer \S+$/.test(request.headers.authorization ?? '') ? [] : ['Authorization: Bearer <key> is required'];
}

function requestBodyProblems(key: string, operation: JsonObject, request: VendorRequest): string[] {
  const requestBody = deref(asObject(operation.requestBody));
  if (!requestBody) return request.body ? ['a body is sent, but the operation takes none'] : [];
  if (!request.body) return requestBody.required === true ? ['the operation requires a body'] : [];
  const sent = mediaType(request.headers['content-type']);
  const content = asObject(requestBody.content) ?? {};
  const schema = asObject(content[sent])?.schema;
  if (!schema) return [`content-type ${sent || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return ['the body is not JSON'];
  }
  return validateWith(`${key} body`, schema, body).map((error) => `body ${error}`);
}

/**
 * The ways `request` departs from the operation OpenAI publishes: an unknown path or method, no
 * Bearer key, a missing or mistyped parameter, or a JSON body that does not fit the request schema
 * (closed objects, so an unknown field counts). Empty when OpenAI would accept it as specified.
 */
export function validateOpenAIRequest(request: VendorRequest): string[] {
  const found = findOperation(request.method, pathOf(request));
  if (typeof found === 'string') return [found];
  const key = `${request.method} ${found.template}`;
  const declared: DeclaredParameter[] = (Array.isArray(found.operation.parameters) ? found.operation.parameters : []).flatMap((entry) => {
    const parameter = deref(asObject(entry));
    if (!parameter || typeof parameter.name !== 'string') return [];
    return [{ name: parameter.name, in: parameter.in as DeclaredParameter['in'], required: parameter.required === true, schema: rebase(parameter.schema ?? {}) as object }];
  });
  const compileValue = (schema: object) => compileOnce(`value ${JSON.stringify(schema)}`, () => spec().coercing.compile(schema));
  return [
    ...bearerProblems(found.operation, request),
    ...checkParameters(request, found.pathValues, declared, compileValue),
    ...requestBodyProblems(key, found.operation, request),
  ];
}

export interface RecordedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text: JSON, or the whole `text/event-stream`. */
  body: string;
}

/** The `data:` payloads of a server-sent event stream, in order. */
export function eventStreamData(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '');
}

function streamProblems(key: string, schema: Json, body: string): string[] {
  const data = eventStreamData(body);
  if (data.at(-1) !== '[DONE]') return ['the event stream does not end with data: [DONE]'];
  return data.slice(0, -1).flatMap((payload, index) => {
    let chunk: unknown;
    try {
      chunk = JSON.parse(payload);
    } catch {
      return [`event ${index} is not JSON: ${payload.slice(0, 80)}`];
    }
    return validateWith(`${key} event`, schema, chunk).map((error) => `event ${index} ${error}`);
  });
}

function headerProblems(key: string, response: JsonObject, headers: Record<string, string>): string[] {
  return Object.entries(asObject(response.headers) ?? {}).flatMap(([name, declared]) => {
    const value = headers[name.toLowerCase()];
    const schema = asObject(deref(asObject(declared))?.schema);
    if (value === undefined || !schema) return [];
    return validateWith(`${key} header ${name}`, schema, value, true).map((error) => `header ${name}: ${value} ${error}`);
  });
}

/**
 * The ways a response departs from what the spec declares for the request's operation and status:
 * its content type, its JSON body or each event of its stream (which must end with `data: [DONE]`),
 * and the declared headers (`Retry-After` on 429). Errors the operation does not declare are checked
 * as `ErrorResponse`.
 */
export function validateOpenAIResponse(request: Pick<VendorRequest, 'method' | 'url'>, response: RecordedResponse): string[] {
  const found = findOperation(request.method, pathOf(request as VendorRequest));
  if (typeof found === 'string') {
    if (response.status < 400) return [found];
    return jsonBodyProblems('error', { $ref: '#/components/schemas/ErrorResponse' }, response.body);
  }
  const responses = asObject(found.operation.responses) ?? {};
  const code = String(response.status) in responses ? String(response.status) : 'default' in responses ? 'default' : undefined;
  const key = `${request.method} ${found.template} ${code ?? 'error'}`;
  if (code === undefined) {
    if (response.status < 400) return [`${request.method} ${found.template} declares no ${response.status}`];
    return jsonBodyProblems(key, { $ref: '#/components/schemas/ErrorResponse' }, response.body);
  }
  const declared = deref(asObject(responses[code]))!;
  const content = asObject(declared.content) ?? {};
  const sent = mediaType(response.headers['content-type']);
  const schema = asObject(content[sent])?.schema;
  const problems = headerProblems(key, declared, response.headers);
  if (!schema) return [...problems, `content-type ${sent || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
  if (sent === 'text/event-stream') return [...problems, ...streamProblems(key, schema, response.body)];
  return [...problems, ...jsonBodyProblems(`${key} ${sent}`, schema, response.body)];
}

function jsonBodyProblems(key: string, schema: Json, body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ['the body is not JSON'];
  }
  return validateWith(key, schema, parsed).map((error) => `body ${error}`);
}
