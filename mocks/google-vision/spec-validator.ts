import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { checkParameters, type DeclaredParameter } from '../shared/request-parameters.js';
import { createValidatorCache, schemaErrors } from '../shared/schema-validation.js';
import { pathOf, queryOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * Holds requests and answers to Google's own discovery document of Cloud Vision v1
 * (`mocks/vendor-specs/google-vision/vision-api.json`, revision 20180809), so neither the mock nor
 * the adapter drifts into a shape only we believe in. How the discovery format is read:
 *
 * - `schemas` become JSON Schema definitions (`$ref: "Feature"` → `#/definitions/Feature`, type
 *   `any` → anything); objects that list `properties` are closed, so a misspelt field fails.
 * - Enums are names. A request whose query carries `$alt=json;enum-encoding=int` (what the SDK's
 *   REST transport sends) may write them as numbers, and its answer does: any whole number from 0
 *   is taken there (the proto numbers are not the document's enum order; the mock checks those).
 * - The file is from 2018; where the current protos have more, they win (SOURCE says so): the
 *   batch's `parent` and `labels`, and the `$alt` system parameter, are added here.
 * - HTTP errors are Google's JSON envelope `{ error: { code, message, status, details } }`, with
 *   `details` as the document's Status declares them.
 */
const SPEC_FILE = fileURLToPath(new URL('../vendor-specs/google-vision/vision-api.json', import.meta.url));
const ANNOTATE_PATH = '/v1/images:annotate';

type JsonObject = { [key: string]: unknown };
interface DiscoveryParameter {
  type: string;
  location: string;
  enum?: string[];
}
interface DiscoveryDocument {
  parameters: Record<string, DiscoveryParameter>;
  schemas: Record<string, JsonObject>;
  resources: { images: { methods: { annotate: { httpMethod: string; path: string; request: { $ref: string }; response: { $ref: string } } } } };
}

/** Fields of the current protos that the 2018 document lacks. */
const PROTO_ADDITIONS: Record<string, JsonObject> = {
  BatchAnnotateImagesRequest: { parent: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const definitionsId = (intEnums: boolean) => `https://google-vision.spec.local/${intEnums ? 'int-enums' : 'name-enums'}.json`;

/** A discovery schema as JSON Schema. */
function toJsonSchema(schema: unknown, intEnums: boolean): unknown {
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') return { $ref: `${definitionsId(intEnums)}#/definitions/${schema.$ref}` };
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (['description', 'enumDescriptions', 'id', 'annotations', 'default'].includes(key)) continue;
    if (key === 'properties' && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, toJsonSchema(property, intEnums)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = toJsonSchema(value, intEnums);
    else out[key] = value;
  }
  if (out.type === 'any') delete out.type;
  if (isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  if (Array.isArray(out.enum) && intEnums) return { anyOf: [{ type: 'string', enum: out.enum }, { type: 'integer', minimum: 0 }] };
  return out;
}

let loaded: { doc: DiscoveryDocument; ajv: Ajv } | undefined;
const compileOnce = createValidatorCache();

function spec() {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as DiscoveryDocument;
  for (const [name, fields] of Object.entries(PROTO_ADDITIONS)) Object.assign(doc.schemas[name]!.properties as JsonObject, fields);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormatsModule.default(ajv);
  for (const format of ['int32', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addFormat('uint64', /^\d+$/);
  ajv.addFormat('google-datetime', (value: string) => !Number.isNaN(Date.parse(value)));
  // Proto JSON bytes: standard or URL-safe base64.
  ajv.addFormat('byte', /^[A-Za-z0-9+/\-_]*={0,2}$/);
  for (const intEnums of [false, true]) {
    ajv.addSchema({ $id: definitionsId(intEnums), definitions: Object.fromEntries(Object.entries(doc.schemas).map(([name, schema]) => [name, toJsonSchema(schema, intEnums)])) });
  }
  loaded = { doc, ajv };
  return loaded;
}

/** Violations of `value` against the document's schema `name`; empty when it fits. */
export function checkSchema(name: string, value: unknown, { intEnums = false } = {}): string[] {
  if (!spec().doc.schemas[name]) throw new Error(`vision-api.json has no schema ${name}`);
  const validate = compileOnce(`${name} ${intEnums}`, () => spec().ajv.compile({ $ref: `${definitionsId(intEnums)}#/definitions/${name}` }));
  return validate(value) ? [] : schemaErrors(validate);
}

/** Whether the request asked for enums as numbers (`$alt=json;enum-encoding=int`). */
const asksIntEnums = (request: Pick<VendorRequest, 'url'>) => (queryOf(request as VendorRequest).get('$alt') ?? []).some((alt) => /enum-encoding=int/.test(alt));

function parseJson(body: string | undefined): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(body ?? '') };
  } catch {
    return { problem: 'the body is not JSON' };
  }
}

/**
 * The ways `request` departs from `vision.images.annotate` as Google publishes it: another method or
 * path, a query parameter the API does not have, no credentials (`key`, `x-goog-api-key` or a Bearer
 * token), a body that is not JSON or does not fit BatchAnnotateImagesRequest. Empty when it fits.
 */
export function validateVisionRequest(request: VendorRequest): string[] {
  const { doc } = spec();
  const method = doc.resources.images.methods.annotate;
  if (request.method !== method.httpMethod || pathOf(request) !== `/${method.path}`) return [`${request.method} ${pathOf(request)} is not ${method.httpMethod} ${ANNOTATE_PATH}`];
  const declared: DeclaredParameter[] = [
    ...Object.entries(doc.parameters).map(([name, parameter]) => ({
      name,
      in: 'query' as const,
      required: false,
      schema: parameter.type === 'boolean' ? { type: 'boolean' } : { type: 'string', ...(parameter.enum ? { enum: parameter.enum } : {}) },
    })),
    { name: '$alt', in: 'query', required: false, schema: { type: 'string' } },
  ];
  const problems = checkParameters(request, new Map(), declared, (schema) => compileOnce(`parameter ${JSON.stringify(schema)}`, () => new Ajv({ coerceTypes: 'array' }).compile(schema)));
  if (!queryOf(request).has('key') && !request.headers['x-goog-api-key'] && !/^Bearer \S+$/.test(request.headers.authorization ?? '')) problems.push('an API key (key or x-goog-api-key) or a Bearer token is required');
  if ((request.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/json') problems.push(`content-type is ${request.headers['content-type'] ?? '(none)'}, not application/json`);
  const parsed = parseJson(request.body);
  if ('problem' in parsed) return [...problems, parsed.problem];
  return [...problems, ...checkSchema(method.request.$ref, parsed.value, { intEnums: asksIntEnums(request) }).map((error) => `body ${error}`)];
}

export interface RecordedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

const RPC_STATUSES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

/**
 * The ways an answer departs from the document: a 200 must be a BatchAnnotateImagesResponse (enums
 * as numbers where the request asked for them), an error Google's envelope whose `code` is the HTTP
 * status and whose `status` a google.rpc.Code name; both JSON.
 */
export function validateVisionResponse(request: Pick<VendorRequest, 'url'>, response: RecordedResponse): string[] {
  const problems = /^application\/json/.test(response.headers['content-type'] ?? '') ? [] : [`content-type is ${response.headers['content-type'] ?? '(none)'}`];
  const parsed = parseJson(response.body);
  if ('problem' in parsed) return [...problems, parsed.problem];
  if (response.status === 200) return [...problems, ...checkSchema(spec().doc.resources.images.methods.annotate.response.$ref, parsed.value, { intEnums: asksIntEnums(request) }).map((error) => `body ${error}`)];
  const envelope = {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'status'],
        additionalProperties: false,
        properties: {
          code: { const: response.status },
          message: { type: 'string' },
          status: { enum: RPC_STATUSES },
          details: { $ref: `${definitionsId(false)}#/definitions/Status/properties/details` },
        },
      },
    },
  };
  const validate = compileOnce(`error envelope ${response.status}`, () => spec().ajv.compile(envelope));
  return validate(parsed.value) ? problems : [...problems, ...schemaErrors(validate).map((error) => `body ${error}`)];
}
