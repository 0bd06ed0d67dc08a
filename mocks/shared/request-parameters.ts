import type { ValidateFunction } from 'ajv';
import { pathOf, queryOf, type VendorRequest } from './vendor-request.js';

/**
 * The request-side checks OpenAPI (3.0) and Swagger (2.0) share, on parameters normalised by each
 * validator: the operation's path template matches, every required path, query, header and form
 * parameter is present, no query or form parameter is sent that the operation does not declare,
 * and every value fits its declared schema. Query and form values are text, so the caller compiles
 * value schemas with type coercion (`limit=1` is the integer 1, a lone value of an array parameter
 * is a one-item array).
 */
export interface DeclaredParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'formData' | 'cookie';
  required: boolean;
  /** JSON Schema of the value; for a repeated (array) parameter, of the whole list. */
  schema: object;
}

/** The JSON Schema keywords a Swagger 2.0 non-body parameter carries beside `in`, `name` and `required`. */
const SWAGGER_VALUE_KEYWORDS = ['type', 'format', 'items', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'uniqueItems'];

/** A Swagger 2.0 non-body parameter, whose value schema is spread over the parameter itself. */
export function swaggerParameter(parameter: { name: string; in: string; required?: boolean } & Record<string, unknown>): DeclaredParameter {
  return {
    name: parameter.name,
    in: parameter.in as DeclaredParameter['in'],
    required: parameter.required === true,
    schema: Object.fromEntries(SWAGGER_VALUE_KEYWORDS.filter((keyword) => keyword in parameter).map((keyword) => [keyword, parameter[keyword]])),
  };
}

/** The path parameters of `path` when it matches the OpenAPI `template` (`/hotels/{hotelId}`), else null. */
export function matchPath(template: string, path: string): Map<string, string> | null {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(path);
  if (!match) return null;
  return new Map(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
}

const isArraySchema = (schema: object) => (schema as { type?: unknown }).type === 'array';

function valuesIn(request: VendorRequest, where: DeclaredParameter['in'], pathValues: Map<string, string>): Map<string, string[]> {
  switch (where) {
    case 'path':
      return new Map([...pathValues].map(([name, value]) => [name, [value]]));
    case 'query':
      return queryOf(request);
    case 'header':
      return new Map(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), [value]]));
    case 'formData': {
      const form = new Map<string, string[]>();
      for (const [name, value] of new URLSearchParams(request.body ?? '')) form.set(name, [...(form.get(name) ?? []), value]);
      return form;
    }
    case 'cookie':
      return new Map();
  }
}

export function checkParameters(
  request: VendorRequest,
  pathValues: Map<string, string>,
  declared: readonly DeclaredParameter[],
  compileValue: (schema: object) => ValidateFunction,
): string[] {
  const problems: string[] = [];
  const sources = new Map((['path', 'query', 'header', 'formData'] as const).map((where) => [where, valuesIn(request, where, pathValues)]));
  for (const parameter of declared) {
    if (parameter.in === 'cookie') continue;
    const key = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
    const values = sources.get(parameter.in)?.get(key);
    if (!values) {
      if (parameter.required) problems.push(`${parameter.in} parameter ${parameter.name} is required`);
      continue;
    }
    if (!isArraySchema(parameter.schema) && values.length > 1) {
      problems.push(`${parameter.in} parameter ${parameter.name} is sent ${values.length} times but takes one value`);
      continue;
    }
    const validate = compileValue(parameter.schema);
    const value = isArraySchema(parameter.schema) ? [...values] : values[0];
    if (!validate(value)) {
      problems.push(`${parameter.in} parameter ${parameter.name}=${values.join(',')}: ${(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    }
  }
  for (const where of ['query', 'formData'] as const) {
    const names = new Set(declared.filter((parameter) => parameter.in === where).map((parameter) => parameter.name));
    // A form parameter list only exists where the operation takes formData; a JSON or schema'd body is checked elsewhere.
    if (where === 'formData' && names.size === 0) continue;
    for (const name of sources.get(where)!.keys()) {
      if (!names.has(name)) problems.push(`${where} parameter ${name} is not declared for ${request.method} ${pathOf(request)}`);
    }
  }
  return problems;
}

/** A content type without its parameters, lower case: `application/json; charset=utf-8` is `application/json`. */
export const mediaTypeOf = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The body side of a Swagger 2.0 operation: no body where the operation takes none, the body
 * parameter when it is required, a content type the operation consumes, and for JSON a body that
 * `check` finds fitting its schema (each problem prefixed `body`).
 */
export function swaggerBodyProblems(
  request: VendorRequest,
  body: { name: string; required?: boolean } | undefined,
  consumes: readonly string[],
  check: (parsed: unknown) => string[],
): string[] {
  if (!body) return request.body ? ['a body is sent, but the operation takes none'] : [];
  if (!request.body) return body.required ? [`the ${body.name} body is required`] : [];
  const contentType = mediaTypeOf(request.headers['content-type']);
  const accepted = consumes.map(mediaTypeOf);
  if (!accepted.includes(contentType)) return [`content-type ${contentType || '(none)'} is not one of ${accepted.join(', ')}`];
  if (contentType !== 'application/json') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    return ['the body is not JSON'];
  }
  return check(parsed).map((error) => `body ${error}`);
}
