import { readFileSync } from 'node:fs';

/**
 * Checks JSON bodies against AWS's own Smithy model of Textract (mocks/vendor-specs/aws-textract,
 * the JSON AST) by walking its shapes: structures (unknown and missing required members), lists
 * (length), strings (length, pattern), enums, blobs (base64, decoded length), integers and floats
 * (ranges). With the AWS JSON 1.1 rules for errors: `__type` names one of the operation's errors,
 * client errors are 4xx and server errors 5xx.
 */
interface Shape {
  type: string;
  members?: Record<string, { target: string; traits?: Record<string, unknown> }>;
  member?: { target: string };
  traits?: Record<string, unknown>;
}

const NAMESPACE = 'com.amazonaws.textract#';
const model = JSON.parse(readFileSync(new URL('../vendor-specs/aws-textract/textract-2018-06-27.json', import.meta.url), 'utf8')) as { shapes: Record<string, Shape> };
const shapes = model.shapes;

/**
 * Errors of AWS's authentication and routing layer, which every AWS JSON service returns and no
 * service model lists (AWS's "Common Errors" pages); their body is `{ "__type", "message" }`.
 */
const COMMON_ERRORS = new Set([
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'UnknownOperationException',
  'SerializationException',
]);

const shapeOf = (id: string): Shape => {
  const shape = shapes[id.includes('#') ? id : `${NAMESPACE}${id}`];
  if (!shape) throw new Error(`No shape ${id} in the Textract model`);
  return shape;
};

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function lengthProblems(length: number, traits: Record<string, unknown> | undefined, path: string): string[] {
  const limits = traits?.['smithy.api#length'] as { min?: number; max?: number } | undefined;
  if (!limits) return [];
  if (limits.min !== undefined && length < limits.min) return [`${path}: length ${length} is below the minimum ${limits.min}`];
  if (limits.max !== undefined && length > limits.max) return [`${path}: length ${length} is above the maximum ${limits.max}`];
  return [];
}

function rangeProblems(value: number, traits: Record<string, unknown> | undefined, path: string): string[] {
  const range = traits?.['smithy.api#range'] as { min?: number; max?: number } | undefined;
  if (range?.min !== undefined && value < range.min) return [`${path}: ${value} is below the minimum ${range.min}`];
  if (range?.max !== undefined && value > range.max) return [`${path}: ${value} is above the maximum ${range.max}`];
  return [];
}

/** Where `value` departs from the shape `shapeId` (short names are in Textract's namespace); empty when it fits. */
export function shapeProblems(shapeId: string, value: unknown, path = '$'): string[] {
  const shape = shapeOf(shapeId);
  const { traits } = shape;
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return [`${path}: expected an object (${shapeId}), got ${describe(value)}`];
      const members = shape.members ?? {};
      const problems = Object.keys(value)
        .filter((key) => !(key in members))
        .map((key) => `${path}.${key}: not a member of ${shapeId}`);
      for (const [name, member] of Object.entries(members)) {
        const memberValue = value[name];
        if (memberValue === undefined || memberValue === null) {
          if (member.traits?.['smithy.api#required'] !== undefined) problems.push(`${path}.${name}: required by ${shapeId}`);
          continue;
        }
        problems.push(...shapeProblems(member.target, memberValue, `${path}.${name}`));
      }
      return problems;
    }
    case 'list': {
      if (!Array.isArray(value)) return [`${path}: expected an array (${shapeId}), got ${describe(value)}`];
      return [...lengthProblems(value.length, traits, path), ...value.flatMap((item, i) => shapeProblems(shape.member!.target, item, `${path}[${i}]`))];
    }
    case 'enum': {
      const allowed = Object.values(shape.members ?? {}).map((member) => member.traits?.['smithy.api#enumValue'] as string);
      return allowed.includes(value as string) ? [] : [`${path}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`];
    }
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected a string, got ${describe(value)}`];
      const pattern = traits?.['smithy.api#pattern'] as string | undefined;
      const problems = lengthProblems([...value].length, traits, path);
      if (pattern && !new RegExp(pattern).test(value)) problems.push(`${path}: ${JSON.stringify(value)} does not match ${pattern}`);
      return problems;
    }
    case 'blob': {
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return [`${path}: expected base64 text, got ${describe(value)}`];
      return lengthProblems(Buffer.from(value, 'base64').length, traits, path);
    }
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) return [`${path}: expected an integer, got ${JSON.stringify(value)}`];
      return rangeProblems(value as number, traits, path);
    case 'float':
    case 'double':
      if (typeof value !== 'number') return [`${path}: expected a number, got ${describe(value)}`];
      return rangeProblems(value, traits, path);
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean, got ${describe(value)}`];
    default:
      return [`${path}: shape type ${shape.type} (${shapeId}) is not supported by this checker`];
  }
}

/** The operation's input, output and error shape names, from the model. */
function operation(name: string) {
  const shape = shapeOf(name) as Shape & { input: { target: string }; output: { target: string }; errors: { target: string }[] };
  return { input: shape.input.target, output: shape.output.target, errors: shape.errors.map((error) => error.target.split('#')[1]!) };
}

/** Problems of a request body the SDK sent for `operationName` (e.g. `AnalyzeID`). */
export function requestProblems(operationName: string, body: string): string[] {
  return shapeProblems(operation(operationName).input, JSON.parse(body));
}

export interface RecordedResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** Problems of an answer to `operationName`: headers, then the output shape or the error's shape and status. */
export function responseProblems(operationName: string, response: RecordedResponse): string[] {
  const problems: string[] = [];
  if (response.headers['content-type'] !== 'application/x-amz-json-1.1') problems.push(`content-type is ${response.headers['content-type']}, not application/x-amz-json-1.1`);
  if (!response.headers['x-amzn-requestid']) problems.push('no x-amzn-RequestId header');
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, 'body is not JSON'];
  }
  const op = operation(operationName);
  if (response.status === 200) return [...problems, ...shapeProblems(op.output, body)];
  if (!isRecord(body) || typeof body.__type !== 'string') return [...problems, 'error body has no __type'];
  const { __type: type, ...members } = body;
  if (response.headers['x-amzn-errortype'] !== type) problems.push(`x-amzn-ErrorType ${response.headers['x-amzn-errortype']} differs from __type ${type}`);
  if (COMMON_ERRORS.has(type)) {
    if (response.status !== 400) problems.push(`${type} answered with ${response.status}, AWS sends 400`);
    if (typeof members.message !== 'string' || Object.keys(members).length !== 1) problems.push(`${type} body must be { __type, message }`);
    return problems;
  }
  if (!op.errors.includes(type)) return [...problems, `__type ${type} is not an error of ${operationName}`];
  const fault = shapeOf(type).traits?.['smithy.api#error'];
  const status = (shapeOf(type).traits?.['smithy.api#httpError'] as number | undefined) ?? (fault === 'server' ? 500 : 400);
  if (response.status !== status) problems.push(`${type} (a ${String(fault)} error) answered with ${response.status}, the model says ${status}`);
  return [...problems, ...shapeProblems(type, members)];
}
