import { fileURLToPath } from 'node:url';
import { checkParameters, matchPath, mediaTypeOf, swaggerBodyProblems, swaggerParameter } from '../shared/request-parameters.js';
import { swaggerDocument } from '../shared/schema-validation.js';
import { pathOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * Holds requests and answers to Microsoft's own Swagger 2.0 file of Document Intelligence
 * (`mocks/vendor-specs/azure-document-intelligence/DocumentIntelligence.json`), so neither the mock
 * nor an adapter drifts into a shape only we believe in.
 *
 * How the file is read:
 * - Paths are relative to `{endpoint}/documentintelligence` (`x-ms-parameterized-host`); `paths`
 *   and `x-ms-paths` together, the `?_overload=` suffix of an x-ms-path dropped. The analyze path
 *   has two operations: the JSON one (`AnalyzeDocumentRequest`) for `application/json`, the stream
 *   one for the picture's own content types.
 * - Objects that list `properties` are closed (`additionalProperties: false`) in a copy in memory,
 *   so a misspelt field fails; maps (`additionalProperties` given) stay as declared.
 * - Every operation declares its errors as `default`: DocumentIntelligenceErrorResponse.
 * - A long-running operation's 202 must carry `Operation-Location` (the spec declares the header;
 *   the SDK's poller cannot go on without it).
 */
const SPEC_FILE = fileURLToPath(new URL('../vendor-specs/azure-document-intelligence/DocumentIntelligence.json', import.meta.url));
const BASE_PATH = '/documentintelligence';

type JsonObject = { [key: string]: unknown };
interface SwaggerParameter extends JsonObject {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required?: boolean;
  schema?: unknown;
}
interface SwaggerResponse {
  schema?: unknown;
  headers?: Record<string, JsonObject>;
}
interface SwaggerOperation {
  operationId: string;
  consumes?: string[];
  parameters?: SwaggerParameter[];
  responses: Record<string, SwaggerResponse>;
  'x-ms-long-running-operation'?: boolean;
}
interface SwaggerDocument {
  paths: Record<string, Record<string, SwaggerOperation>>;
  'x-ms-paths': Record<string, Record<string, SwaggerOperation>>;
  definitions: JsonObject;
  parameters: Record<string, SwaggerParameter>;
  consumes: string[];
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const spec = swaggerDocument<SwaggerDocument>(SPEC_FILE);
const validateWith = spec.check;

/** Violations of `value` against `#/definitions/<name>`; empty when it fits. */
export function checkDefinition(name: string, value: unknown): string[] {
  if (!spec.doc().definitions[name]) throw new Error(`DocumentIntelligence.json has no definition ${name}`);
  return validateWith(`definition ${name}`, { $ref: `#/definitions/${name}` }, value);
}

interface FoundOperation {
  operation: SwaggerOperation;
  pathValues: Map<string, string>;
}

/** The operation for a request; on the analyze path, the one whose body fits the content type. */
function findOperation(method: string, path: string, contentType: string): FoundOperation | string {
  if (!path.startsWith(`${BASE_PATH}/`)) return `${path} is not under ${BASE_PATH}`;
  const rest = path.slice(BASE_PATH.length);
  const doc = spec.doc();
  const candidates: FoundOperation[] = [];
  for (const [template, item] of [...Object.entries(doc.paths), ...Object.entries(doc['x-ms-paths'])]) {
    const pathValues = matchPath(template.split('?')[0]!, rest);
    const operation = pathValues ? item[method.toLowerCase()] : undefined;
    if (operation) candidates.push({ operation, pathValues: pathValues! });
  }
  if (candidates.length === 0) return `DocumentIntelligence.json has no ${method} ${rest}`;
  const takesJson = (found: FoundOperation) => (found.operation.parameters ?? []).some((p) => p.in === 'body' && isObject(p.schema) && typeof p.schema.$ref === 'string');
  return candidates.find((found) => candidates.length === 1 || takesJson(found) === (contentType === 'application/json'))!;
}

const resolve = (parameter: SwaggerParameter) => (parameter.$ref ? spec.doc().parameters[parameter.$ref.replace('#/parameters/', '')]! : parameter);

/**
 * The ways `request` departs from the operation Microsoft publishes: an unknown path or method, no
 * key (`Ocp-Apim-Subscription-Key`, or a Bearer token), a missing or mistyped parameter
 * (`api-version` included), a content type the operation does not consume, or a JSON body that
 * does not fit `AnalyzeDocumentRequest`. Empty when Azure would accept it as specified.
 */
export function validateAzureRequest(request: VendorRequest): string[] {
  const contentType = mediaTypeOf(request.headers['content-type']);
  const found = findOperation(request.method, pathOf(request), contentType);
  if (typeof found === 'string') return [found];
  const parameters = (found.operation.parameters ?? []).map(resolve);
  const problems = checkParameters(request, found.pathValues, parameters.filter((p) => p.in !== 'body').map(swaggerParameter), spec.compileValue);
  if (!request.headers['ocp-apim-subscription-key'] && !/^Bearer \S+$/.test(request.headers.authorization ?? '')) problems.push('Ocp-Apim-Subscription-Key (or a Bearer token) is required');
  const body = parameters.find((p) => p.in === 'body');
  const consumes = found.operation.consumes ?? spec.doc().consumes;
  return [...problems, ...swaggerBodyProblems(request, body, consumes, (parsed) => validateWith(`${found.operation.operationId} body`, body!.schema, parsed))];
}

export interface RecordedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * The ways a response departs from what the spec declares for the request's operation and status:
 * the body schema (errors as DocumentIntelligenceErrorResponse), a body where none is declared, and
 * the declared headers' types (`Operation-Location` a URI, `Retry-After` an integer).
 */
export function validateAzureResponse(request: Pick<VendorRequest, 'method' | 'url' | 'headers'>, response: RecordedResponse): string[] {
  const found = findOperation(request.method, pathOf(request as VendorRequest), mediaTypeOf(request.headers['content-type']));
  if (typeof found === 'string') return response.status < 400 ? [found] : bodyProblems('error', { $ref: '#/definitions/DocumentIntelligenceErrorResponse' }, response.body);
  const { operation } = found;
  const code = String(response.status) in operation.responses ? String(response.status) : 'default';
  const declared = operation.responses[code];
  if (!declared) return [`${operation.operationId} declares no ${response.status}`];
  if (code === 'default' && response.status < 400) return [`${operation.operationId} declares no ${response.status}`];
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(declared.headers ?? {})) {
    const value = response.headers[name.toLowerCase()];
    if (value === undefined) {
      if (name === 'Operation-Location' && operation['x-ms-long-running-operation']) problems.push(`header ${name} is missing on the ${response.status} of a long-running operation`);
      continue;
    }
    const typed = schema.type === 'integer' ? Number(value) : value;
    problems.push(...validateWith(`${operation.operationId} ${code} header ${name}`, schema, typed).map((error) => `header ${name}: ${value} ${error}`));
  }
  if (!declared.schema) return response.body === '' ? problems : [...problems, `${operation.operationId} declares no body for ${response.status}`];
  return [...problems, ...bodyProblems(`${operation.operationId} ${code}`, declared.schema, response.body)];
}

function bodyProblems(key: string, schema: unknown, body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ['the body is not JSON'];
  }
  return validateWith(key, schema, parsed).map((error) => `body ${error}`);
}
