import { randomBytes } from 'node:crypto';
import type { ChatRequest } from './chat-request.js';
import type { Reply } from './concierge-rules.js';

/**
 * Chat Completions answers in OpenAI's wire shapes: the `chat.completion` object, and the
 * `chat.completion.chunk` events of a stream (content split into several chunks, tool-call
 * arguments into several deltas keyed by `index`, `usage: null` on every chunk and a last chunk
 * with `choices: []` and the usage when `stream_options.include_usage` is set).
 *
 * Tokens are counted as whitespace-separated words: the prompt is every message's text plus its
 * tool calls' names and arguments; the completion is the answer's words, or the tool calls' names
 * and arguments. `max_completion_tokens` cuts the answer to that many words (`finish_reason: length`).
 */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

interface Outcome {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: Usage;
}

const FINGERPRINT = 'fp_innkeeper_mock';
const WORDS_PER_CHUNK = 3;
const ARGUMENT_DELTAS = 4;

export const newCompletionId = () => `chatcmpl-${randomBytes(15).toString('base64url')}`;
const newCallId = () => `call_${randomBytes(12).toString('base64url')}`;

const countTokens = (text: string): number => text.split(/\s+/).filter((word) => word !== '').length;

function usage(prompt: number, completion: number): Usage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function promptTokens(request: ChatRequest): number {
  return request.messages.reduce(
    (sum, message) => sum + countTokens(message.text) + message.toolCalls.reduce((calls, call) => calls + countTokens(`${call.name} ${call.arguments}`), 0),
    0,
  );
}

/** What every choice says, with the usage of all `n` choices together. */
function outcomeOf(request: ChatRequest, reply: Reply): Outcome {
  const prompt = promptTokens(request);
  if ('toolCalls' in reply) {
    const toolCalls = reply.toolCalls.map((call) => ({ id: newCallId(), ...call }));
    const completion = toolCalls.reduce((sum, call) => sum + countTokens(`${call.name} ${call.arguments}`), 0);
    return { content: null, toolCalls, finishReason: 'tool_calls', usage: usage(prompt, completion * request.n) };
  }
  const words = reply.content.match(/\S+\s*/g) ?? [];
  const cut = request.maxTokens !== null && words.length > request.maxTokens;
  const content = cut ? words.slice(0, request.maxTokens!).join('').trimEnd() : reply.content;
  return { content, toolCalls: [], finishReason: cut ? 'length' : 'stop', usage: usage(prompt, countTokens(content) * request.n) };
}

export function completionBody(meta: CompletionMeta, request: ChatRequest, reply: Reply) {
  const outcome = outcomeOf(request, reply);
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: Array.from({ length: request.n }, (_unused, index) => ({
      index,
      message: {
        role: 'assistant',
        content: outcome.content,
        refusal: null,
        annotations: [],
        ...(outcome.toolCalls.length > 0
          ? { tool_calls: outcome.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }
          : {}),
      },
      logprobs: null,
      finish_reason: outcome.finishReason,
    })),
    usage: outcome.usage,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

function split(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts;
}

function contentPieces(content: string): string[] {
  const words = content.match(/\s*\S+\s*/g) ?? [];
  const pieces: string[] = [];
  for (let at = 0; at < words.length; at += WORDS_PER_CHUNK) pieces.push(words.slice(at, at + WORDS_PER_CHUNK).join(''));
  return pieces;
}

type Delta = Record<string, unknown>;

/** The `chat.completion.chunk` objects of the answer, in order; the server adds `data: [DONE]`. */
export function* completionChunks(meta: CompletionMeta, request: ChatRequest, reply: Reply): Generator<object> {
  const outcome = outcomeOf(request, reply);
  const head = { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, service_tier: 'default', system_fingerprint: FINGERPRINT };
  const chunk = (index: number, delta: Delta, finishReason: string | null = null) => ({
    ...head,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
    ...(request.includeUsage ? { usage: null } : {}),
  });
  for (let index = 0; index < request.n; index += 1) {
    if (outcome.content === null) {
      for (const [position, call] of outcome.toolCalls.entries()) {
        const opening = { index: position, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
        yield chunk(index, position === 0 ? { role: 'assistant', content: null, tool_calls: [opening] } : { tool_calls: [opening] });
        for (const piece of split(call.arguments, ARGUMENT_DELTAS)) yield chunk(index, { tool_calls: [{ index: position, function: { arguments: piece } }] });
      }
    } else {
      yield chunk(index, { role: 'assistant', content: '', refusal: null });
      for (const piece of contentPieces(outcome.content)) yield chunk(index, { content: piece });
    }
    yield chunk(index, {}, outcome.finishReason);
  }
  if (request.includeUsage) {
    yield { ...head, choices: [], usage: outcome.usage };
  }
}
