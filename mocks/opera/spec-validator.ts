import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { createValidatorCache, schemaErrors, swaggerAjv } from '../shared/schema-validation.js';
import { checkParameters, matchPath, swaggerParameter, type DeclaredParameter } from '../shared/request-parameters.js';
import { pathOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * Checks mock responses against Oracle's own OHIP Swagger 2.0 files, so the mock cannot drift into
 * a shape only our adapter believes in; and checks requests an adapter sent (`checkRequest`), so
 * the adapter cannot send what OPERA would refuse while a lenient mock accepts it.
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
interface SwaggerParameter extends JsonObject {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'formData' | 'body';
  required?: boolean;
  schema?: unknown;
}
interface SwaggerOperation {
  responses: Record<string, SwaggerResponse>;
  parameters?: SwaggerParameter[];
  consumes?: string[];
  security?: Array<Record<string, string[]>>;
}
interface SwaggerDocument {
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  responses?: Record<string, SwaggerResponse>;
  parameters?: Record<string, SwaggerParameter>;
  definitions: JsonObject;
  consumes?: string[];
  security?: Array<Record<string, string[]>>;
  securityDefinitions?: Record<string, { type: string }>;
}

const OHIP_MODULES: readonly OhipModule[] = ['oauth', 'rsv', 'csh', 'crm', 'fof'];
const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

export class OhipSpecs {
  private readonly ajv: Ajv;
  /** Query strings, headers and form fields are text: this one coerces them to the declared types first. */
  private readonly coercing: Ajv;
  private readonly documents = new Map<OhipModule, SwaggerDocument>();
  private readonly compileOnce = createValidatorCache();

  constructor() {
    this.ajv = swaggerAjv();
    this.coercing = swaggerAjv({ coerce: true });
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
    return this.compileOnce(`${module}${ref}`, () => {
      this.document(module);
      return this.ajv.compile({ $ref: `${this.schemaId(module)}${ref}` });
    });
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
    return schemaErrors(validate);
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

  /**
   * The ways a request an adapter sent departs from the operation OHIP publishes: an unknown path
   * or method, missing Basic credentials where the operation needs them, a missing required path,
   * query, header or form parameter, an undeclared query or form parameter, a value of the wrong
   * type or outside its enum, a content type the operation does not consume, or a JSON body that
   * does not match the declared body schema (closed objects, as for responses). Empty when OPERA
   * would accept the request as the spec describes it.
   */
  checkRequest(request: VendorRequest): string[] {
    const path = pathOf(request);
    const module = OHIP_MODULES.find((candidate) => path.startsWith(`/${candidate}/`));
    if (!module) return [`${path} belongs to no OHIP module`];
    const doc = this.document(module);
    const rest = path.slice(doc.basePath.length);
    const method = request.method.toLowerCase();
    for (const [template, item] of Object.entries(doc.paths)) {
      const pathValues = matchPath(template, rest);
      if (!pathValues) continue;
      const operation = item[method];
      if (!operation) return [`${module}.json has ${template} but not ${request.method} on it`];
      const parameters = (operation.parameters ?? []).map((parameter) =>
        parameter.$ref ? doc.parameters![parameter.$ref.replace('#/parameters/', '')]! : parameter,
      );
      const compileValue = (schema: object) => this.compileOnce(`value ${JSON.stringify(schema)}`, () => this.coercing.compile(schema));
      const declared: DeclaredParameter[] = parameters.filter((parameter) => parameter.in !== 'body').map(swaggerParameter);
      return [
        ...this.basicAuthProblems(doc, operation, request),
        ...checkParameters(request, pathValues, declared, compileValue),
        ...this.bodyProblems(module, doc, operation, parameters.find((parameter) => parameter.in === 'body'), request),
      ];
    }
    return [`${module}.json has no path matching ${rest}`];
  }

  private basicAuthProblems(doc: SwaggerDocument, operation: SwaggerOperation, request: VendorRequest): string[] {
    const required = (operation.security ?? doc.security ?? []).flatMap((alternative) => Object.keys(alternative));
    const basic = required.filter((name) => doc.securityDefinitions?.[name]?.type === 'basic');
    return basic.length > 0 && !/^Basic \S+$/.test(request.headers.authorization ?? '') ? ['Basic credentials are required'] : [];
  }

  private bodyProblems(
    module: OhipModule,
    doc: SwaggerDocument,
    operation: SwaggerOperation,
    bodyParameter: SwaggerParameter | undefined,
    request: VendorRequest,
  ): string[] {
    const takesForm = (operation.parameters ?? []).some((parameter) => parameter.in === 'formData');
    if (!bodyParameter && !takesForm) return request.body ? ['a body is sent, but the operation takes none'] : [];
    if (!request.body) return bodyParameter?.required ? [`the ${bodyParameter.name} body is required`] : [];
    const consumes = (operation.consumes ?? doc.consumes ?? ['application/json']).map(mediaType);
    const sent = mediaType(request.headers['content-type']);
    if (!consumes.includes(sent)) return [`content-type ${sent || '(none)'} is not one of ${consumes.join(', ')}`];
    if (!bodyParameter) return [];
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return ['the body is not JSON'];
    }
    // Body schemas wrap their definition (`allOf: [{ $ref }]`); refs are pointed at the module document.
    const schema = JSON.parse(JSON.stringify(bodyParameter.schema).replaceAll('"#/definitions/', `"${this.schemaId(module)}#/definitions/`)) as object;
    const validate = this.compileOnce(`${module} body ${JSON.stringify(schema)}`, () => this.ajv.compile(schema));
    return validate(body) ? [] : schemaErrors(validate).map((error) => `body ${error}`);
  }
}
