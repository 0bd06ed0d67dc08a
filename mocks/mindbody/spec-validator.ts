import { fileURLToPath } from 'node:url';
import { checkParameters, matchPath, swaggerBodyProblems, swaggerParameter } from '../shared/request-parameters.js';
import { swaggerDocument } from '../shared/schema-validation.js';
import { pathOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * Holds requests and answers to Mindbody's own Swagger 2.0 file of the Public API v6
 * (`mocks/vendor-specs/mindbody/mindbody-public-api-v6.json`), so neither the mock nor the
 * adapter drifts into a shape only we believe in.
 *
 * How the file is read:
 * - Paths are `/public/v{version}/...`, in any case; the version must be 6.
 * - Objects that list `properties` are closed (`additionalProperties: false`) in a copy in memory,
 *   so a misspelt field fails (the file uses no `allOf`, so this cannot refuse a valid body).
 * - `format: date-time` also accepts a wall-clock time without offset (`2026-11-25T15:00:00`):
 *   that is how Mindbody sends and reads appointment times, in the site's time zone; only token
 *   expiries carry `Z`.
 * - Every operation declares only its 200. Errors come as `{ "Error": { "Message", "Code" } }`
 *   (services.md §3.2), checked against the spec's own `ApiError` definition.
 * - The security scheme is the `API-Key` header, required on every operation.
 */
const SPEC_FILE = fileURLToPath(new URL('../vendor-specs/mindbody/mindbody-public-api-v6.json', import.meta.url));
const API_ERROR = '#/definitions/Mindbody.PublicApi.Dto.Models.V6.ApiError';

interface SwaggerParameter extends Record<string, unknown> {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required?: boolean;
  schema?: unknown;
}
interface SwaggerOperation {
  operationId: string;
  consumes?: string[];
  parameters?: SwaggerParameter[];
  responses: Record<string, { schema?: unknown }>;
}
interface SwaggerDocument {
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, unknown>;
}

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** Mindbody's date-times: RFC 3339, or the site's wall clock without an offset. */
const spec = swaggerDocument<SwaggerDocument>(SPEC_FILE, (ajv) => {
  const rfc3339 = ajv.formats['date-time'] as { validate: (value: string) => boolean };
  ajv.addFormat('date-time', (value: string) => WALL_CLOCK.test(value) || rfc3339.validate(value));
});
const validateWith = spec.check;

const ERROR_BODY = { type: 'object', required: ['Error'], additionalProperties: false, properties: { Error: { allOf: [{ $ref: API_ERROR }, { required: ['Message', 'Code'] }] } } };

function findOperation(method: string, path: string): { operation: SwaggerOperation; pathValues: Map<string, string> } | string {
  for (const [template, item] of Object.entries(spec.doc().paths)) {
    // Mindbody's paths are case-insensitive.
    const pathValues = matchPath(template.toLowerCase(), path.toLowerCase());
    if (!pathValues) continue;
    if (pathValues.get('version') !== '6') return `${path}: only version 6 is specified here`;
    const operation = item[method.toLowerCase()];
    if (!operation) return `the spec has ${template} but not ${method} on it`;
    return { operation, pathValues };
  }
  return `the spec has no path matching ${path}`;
}

/**
 * The ways `request` departs from the operation Mindbody publishes: an unknown path or method, no
 * `API-Key`, a missing or mistyped parameter (`SiteId` included), an undeclared query parameter
 * (names as the spec spells them), a content type the operation does not consume, or a JSON body
 * that does not fit the declared schema. Empty when Mindbody would accept it as specified.
 */
export function validateMindbodyRequest(request: VendorRequest): string[] {
  const found = findOperation(request.method, pathOf(request));
  if (typeof found === 'string') return [found];
  const parameters = found.operation.parameters ?? [];
  const problems = checkParameters(request, found.pathValues, parameters.filter((p) => p.in !== 'body').map(swaggerParameter), spec.compileValue);
  if (!request.headers['api-key']) problems.push('the API-Key header is required');
  const body = parameters.find((p) => p.in === 'body');
  return [...problems, ...swaggerBodyProblems(request, body, found.operation.consumes ?? [], (parsed) => validateWith(`${found.operation.operationId} body`, body!.schema, parsed))];
}

/** The ways an answer departs from the spec: the declared 200 schema, or Mindbody's error body for an error status. */
export function validateMindbodyResponse(request: Pick<VendorRequest, 'method' | 'url'>, response: { status: number; body: string }): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return ['the body is not JSON'];
  }
  if (response.status >= 400) return validateWith('error', ERROR_BODY, parsed).map((error) => `body ${error}`);
  const found = findOperation(request.method, pathOf(request as VendorRequest));
  if (typeof found === 'string') return [found];
  const declared = found.operation.responses[String(response.status)];
  if (!declared?.schema) return [`${found.operation.operationId} declares no body for ${response.status}`];
  return validateWith(`${found.operation.operationId} ${response.status}`, declared.schema, parsed).map((error) => `body ${error}`);
}
