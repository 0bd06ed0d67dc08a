import { invalidRequest, invalidType, missingParameter } from './errors.js';

/**
 * A Chat Completions request read and checked the way OpenAI checks it, refusing what OpenAI
 * refuses with its messages, params and codes: unknown arguments, a missing model or messages,
 * unknown roles, a tool message that answers no preceding `tool_calls`, tool calls left without
 * answers, bad tool names, a `tool_choice` naming a tool not offered, `stream_options` without
 * `stream`.
 */
export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the wire carries it. */
  arguments: string;
}

export interface ChatMessage {
  role: Role;
  /** The text of `content` (a string, or the `text` of its text parts), '' when there is none. */
  text: string;
  toolCalls: ToolCall[];
  toolCallId?: string;
}

export interface ChatTool {
  name: string;
  /** The JSON Schema of the arguments, when the tool declares one. */
  parameters?: JsonSchema;
}

export type JsonSchema = { [key: string]: unknown };

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: JsonSchema };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools: ChatTool[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  stream: boolean;
  includeUsage: boolean;
  /** Number of choices. */
  n: number;
  /** `max_completion_tokens` (or the older `max_tokens`): longer answers stop with `length`. */
  maxTokens: number | null;
}

/**
 * Every argument of `CreateChatCompletionRequest` in openapi.yaml (a test holds this list to the
 * spec); anything else is an "Unrecognized request argument".
 */
export const CHAT_ARGUMENTS: readonly string[] = [
  'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens', 'max_tokens',
  'messages', 'metadata', 'modalities', 'model', 'moderation', 'n', 'parallel_tool_calls', 'prediction', 'presence_penalty',
  'prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention', 'reasoning_effort', 'response_format', 'safety_identifier',
  'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature', 'tool_choice', 'tools', 'top_logprobs',
  'top_p', 'user', 'verbosity', 'web_search_options',
];

const ROLES: readonly Role[] = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of a message's `content`: a string, or the `text` of each text part, joined by newlines. */
export function contentText(content: unknown, param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalidType(param, 'one of a string or array of objects', content);
  return content
    .map((part, index) => {
      if (!isRecord(part) || typeof part.type !== 'string') throw invalidType(`${param}[${index}]`, 'an object with a type', part);
      return part.type === 'text' && typeof part.text === 'string' ? part.text : '';
    })
    .filter((text) => text !== '')
    .join('\n');
}

function readToolCalls(value: unknown, param: string): ToolCall[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
  return value.map((call, index) => {
    const at = `${param}[${index}]`;
    if (!isRecord(call)) throw invalidType(at, 'an object', call);
    if (typeof call.id !== 'string') throw missingParameter(`${at}.id`);
    const fn = call.function;
    if (!isRecord(fn) || typeof fn.name !== 'string') throw missingParameter(`${at}.function.name`);
    if (typeof fn.arguments !== 'string') throw invalidType(`${at}.function.arguments`, 'a string', fn.arguments);
    return { id: call.id, name: fn.name, arguments: fn.arguments };
  });
}

function readMessage(value: unknown, index: number): ChatMessage {
  const param = `messages[${index}]`;
  if (!isRecord(value)) throw invalidType(param, 'an object', value);
  const role = value.role;
  if (role === undefined) throw missingParameter(`${param}.role`);
  if (!ROLES.includes(role as Role)) {
    throw invalidRequest(`Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `${param}.role`, 'invalid_value');
  }
  const toolCalls = role === 'assistant' ? readToolCalls(value.tool_calls, `${param}.tool_calls`) : [];
  if (value.content === undefined && !(role === 'assistant' && (toolCalls.length > 0 || value.refusal !== undefined))) throw missingParameter(`${param}.content`);
  const message: ChatMessage = { role: role as Role, text: contentText(value.content, `${param}.content`), toolCalls };
  if (role === 'tool') {
    if (typeof value.tool_call_id !== 'string') throw missingParameter(`${param}.tool_call_id`);
    message.toolCallId = value.tool_call_id;
  }
  return message;
}

/** Tool messages must answer, right after it, every call of the assistant message before them. */
function checkToolPairing(messages: ChatMessage[]): void {
  messages.forEach((message, index) => {
    if (message.role === 'tool') {
      let at = index - 1;
      while (at >= 0 && messages[at]!.role === 'tool') at -= 1;
      const caller = messages[at];
      if (!caller || caller.role !== 'assistant' || !caller.toolCalls.some((call) => call.id === message.toolCallId)) {
        throw invalidRequest("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${index}].role`);
      }
    }
    if (message.role === 'assistant' && message.toolCalls.length > 0) {
      const answered = new Set<string>();
      for (let next = index + 1; messages[next]?.role === 'tool'; next += 1) answered.add(messages[next]!.toolCallId!);
      const missing = message.toolCalls.filter((call) => !answered.has(call.id)).map((call) => call.id);
      if (missing.length > 0) {
        throw invalidRequest(
          `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
          `messages.[${index}].role`,
        );
      }
    }
  });
}

function readTools(value: unknown): ChatTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidType('tools', 'an array', value);
  return value.flatMap((tool, index): ChatTool[] => {
    const param = `tools[${index}]`;
    if (!isRecord(tool)) throw invalidType(param, 'an object', tool);
    // Custom (free-text) tools are valid, but the mock's rules only ever call function tools.
    if (tool.type === 'custom') return [];
    if (tool.type !== 'function') throw invalidRequest(`Invalid value: '${String(tool.type)}'. Supported values are: 'function' and 'custom'.`, `${param}.type`, 'invalid_value');
    const fn = tool.function;
    if (!isRecord(fn)) throw missingParameter(`${param}.function`);
    if (typeof fn.name !== 'string') throw missingParameter(`${param}.function.name`);
    if (!TOOL_NAME.test(fn.name)) {
      throw invalidRequest(`Invalid '${param}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${param}.function.name`, 'invalid_value');
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) throw invalidType(`${param}.function.parameters`, 'an object', fn.parameters);
    return [{ name: fn.name, ...(fn.parameters ? { parameters: fn.parameters } : {}) }];
  });
}

function readToolChoice(value: unknown, tools: ChatTool[], offered: boolean): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  if (!offered) throw invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  const name = isRecord(value) && isRecord(value.function) ? value.function.name : undefined;
  if (typeof name !== 'string') throw invalidRequest("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named function.", 'tool_choice', 'invalid_value');
  if (!tools.some((tool) => tool.name === name)) throw invalidRequest(`Invalid value for 'tool_choice': tool choice '${name}' not found in 'tools' parameter.`, 'tool_choice');
  return { name };
}

function readResponseFormat(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isRecord(value)) throw invalidType('response_format', 'an object', value);
  if (value.type === 'text' || value.type === 'json_object') return { type: value.type };
  if (value.type !== 'json_schema') throw invalidRequest(`Invalid value: '${String(value.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`, 'response_format.type', 'invalid_value');
  if (!isRecord(value.json_schema)) throw missingParameter('response_format.json_schema');
  if (typeof value.json_schema.name !== 'string') throw missingParameter('response_format.json_schema.name');
  return { type: 'json_schema', schema: isRecord(value.json_schema.schema) ? value.json_schema.schema : {} };
}

function optionalPositiveInteger(body: Record<string, unknown>, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value)) throw invalidType(name, 'an integer', value);
  if ((value as number) < 1) throw invalidRequest(`Invalid '${name}': integer below minimum value. Expected a value >= 1, but got ${String(value)} instead.`, name, 'integer_below_min_value');
  return value as number;
}

export function readChatRequest(body: unknown): ChatRequest {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object.');
  const unknown = Object.keys(body).find((key) => !CHAT_ARGUMENTS.includes(key));
  if (unknown) throw invalidRequest(`Unrecognized request argument supplied: ${unknown}`);
  if (body.model === undefined || body.model === null || body.model === '') throw invalidRequest('you must provide a model parameter');
  if (typeof body.model !== 'string') throw invalidType('model', 'a string', body.model);
  if (body.messages === undefined) throw missingParameter('messages');
  if (!Array.isArray(body.messages)) throw invalidType('messages', 'an array', body.messages);
  if (body.messages.length === 0) {
    throw invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  }
  const messages = body.messages.map(readMessage);
  checkToolPairing(messages);
  const tools = readTools(body.tools);
  const toolChoice = readToolChoice(body.tool_choice, tools, Array.isArray(body.tools) && body.tools.length > 0);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw invalidType('stream', 'a boolean', body.stream);
  const stream = body.stream === true;
  if (body.stream_options !== undefined && body.stream_options !== null && !stream) {
    throw invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  return {
    model: body.model,
    messages,
    tools,
    toolChoice,
    responseFormat: readResponseFormat(body.response_format),
    stream,
    includeUsage,
    n: optionalPositiveInteger(body, 'n') ?? 1,
    maxTokens: optionalPositiveInteger(body, 'max_completion_tokens') ?? optionalPositiveInteger(body, 'max_tokens'),
  };
}
