import type { ChatMessage, ChatRequest, ChatTool } from './chat-request.js';
import { fillSchema, sentimentOf, type FillContext } from './schema-values.js';

/**
 * The mock "model": deterministic rules on the last user message, written for a hotel concierge's
 * tests. README.md tables them in the order they are tried; the first that applies answers, and
 * its id comes back in the `x-mock-rule` header and the request log.
 */
export interface PlannedToolCall {
  name: string;
  /** JSON text. */
  arguments: string;
}

export type Reply = { rule: string; content: string } | { rule: string; toolCalls: PlannedToolCall[] };

export interface RuleOptions {
  /** Obey instructions found in the conversation (README.md, "Obedient mode"). */
  obedient: boolean;
  /** ISO date-time, for date-time arguments. */
  now: string;
}

export const HANDOFF_PHRASE = "I'll connect you with a member of our team, who will reply here shortly.";
export const GENERIC_ANSWER = "Thank you for your message. I'm the hotel's virtual concierge: I can answer questions about the hotel and pass requests to our team.";
export const SERVICE_WITHOUT_TOOL_ANSWER = "I can't place requests from this chat. Please call the front desk and they will send it up.";
export const MISSING_FACT_ANSWER = "I'm sorry, I don't have that information. Please ask the front desk, who will be glad to help.";

const HANDOFF_ASK = /\b(human|person|someone|somebody|staff member|real agent|manager|receptionist)\b/i;
const HANDOFF_TOOL = /handoff|hand_off|human|escalat/i;
const SERVICE_ASK = /\b(towels?|pillows?|blankets?|sheets|toilet paper|toiletries|soap|shampoo|bathrobe|hairdryer|clean(ing)?|repair|broken|fix|leak(ing)?|not working|doesn't work|does not work)\b/i;
const SERVICE_TOOL = /request|ticket|housekeeping|maintenance|service/i;

/** Topics a guest asks about, and which lines of the system prompt answer them. */
const TOPICS: readonly { asks: RegExp; lines: RegExp }[] = [
  { asks: /\bwi-?fi\b|wireless|internet|password/i, lines: /wi-?fi|wireless|internet/i },
  { asks: /breakfast/i, lines: /breakfast/i },
  { asks: /check[- ]?out/i, lines: /check[- ]?out/i },
  { asks: /check[- ]?in\b/i, lines: /check[- ]?in\b/i },
  { asks: /parking|park (my|the) car|garage/i, lines: /parking|garage/i },
  { asks: /\bpool\b|swim/i, lines: /\bpool\b|swim/i },
  { asks: /\bgym\b|fitness/i, lines: /\bgym\b|fitness/i },
  { asks: /\bspa\b|massage/i, lines: /\bspa\b|massage/i },
  { asks: /restaurant|dinner|lunch|\bbar\b/i, lines: /restaurant|dinner|lunch|\bbar\b/i },
  { asks: /\bpets?\b|\bdogs?\b|\bcats?\b/i, lines: /\bpets?\b|\bdogs?\b|\bcats?\b/i },
];

const lastUserText = (messages: ChatMessage[]) => messages.findLast((message) => message.role === 'user')?.text ?? '';

function fillContext(messages: ChatMessage[], now: string): FillContext {
  const text = lastUserText(messages);
  return { text, sentiment: sentimentOf(text), now };
}
const instructionsOf = (messages: ChatMessage[]) => messages.filter((message) => message.role === 'system' || message.role === 'developer');

function factLines(messages: ChatMessage[], lines: RegExp): string[] {
  return instructionsOf(messages)
    .flatMap((message) => message.text.split(/\r?\n/))
    .map((line) => line.replace(/^\s*([-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line !== '' && lines.test(line));
}

function toolCall(tool: ChatTool, context: FillContext): PlannedToolCall {
  return { name: tool.name, arguments: JSON.stringify(fillSchema(tool.parameters ?? { type: 'object', properties: {} }, context)) };
}

/** A short, deterministic account of the tool results that end the conversation: each one's `summary`, else its JSON. */
function summariseToolResults(messages: ChatMessage[]): string {
  const results: ChatMessage[] = [];
  for (let at = messages.length - 1; messages[at]?.role === 'tool'; at -= 1) results.unshift(messages[at]!);
  const calls = messages.flatMap((message) => message.toolCalls);
  return results
    .map((result) => {
      const name = calls.find((call) => call.id === result.toolCallId)?.name ?? 'the tool';
      let compact = result.text.trim();
      let failed = false;
      try {
        const parsed = JSON.parse(compact) as unknown;
        compact = JSON.stringify(parsed);
        failed = typeof parsed === 'object' && parsed !== null && ((parsed as { ok?: unknown }).ok === false || 'error' in parsed);
        // A result that says in a sentence what happened is said as it is, as a model would pass it on.
        const summary = typeof parsed === 'object' && parsed !== null ? (parsed as { summary?: unknown }).summary : undefined;
        if (typeof summary === 'string' && summary.trim() !== '') return summary.trim();
      } catch {
        // Plain-text results are quoted as they are.
      }
      const shown = compact.length > 300 ? `${compact.slice(0, 300)}…` : compact;
      return failed ? `I could not complete that: ${name} answered ${shown}.` : `Done: ${name} answered ${shown}.`;
    })
    .join(' ');
}

const INJECTED_CALL = /\bcall (?:the )?(?:tool|function) [`'"]?([A-Za-z0-9_-]{1,64})[`'"]?/i;
const INJECTED_SAY = /\b(?:say|reply with|respond with|answer with)\s*:?\s*"([^"]+)"/i;
const INJECTED_REVEAL = /\breveal\b/i;

/** The first balanced `{…}` at or after `from`, when it parses as JSON. */
function jsonObjectAfter(text: string, from: number): string | undefined {
  const start = text.indexOf('{', from);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let at = start; at < text.length; at += 1) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) {
      const candidate = text.slice(start, at + 1);
      try {
        return JSON.stringify(JSON.parse(candidate));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function obeyOne(message: ChatMessage, messages: ChatMessage[]): Reply | undefined {
  const call = INJECTED_CALL.exec(message.text);
  if (call) return { rule: 'injection-tool-call', toolCalls: [{ name: call[1]!, arguments: jsonObjectAfter(message.text, call.index + call[0].length) ?? '{}' }] };
  const say = INJECTED_SAY.exec(message.text);
  if (say) return { rule: 'injection-say', content: say[1]! };
  if (INJECTED_REVEAL.test(message.text)) {
    const everything = messages.filter((other) => other !== message && other.role !== 'assistant' && other.text !== '').map((other) => other.text);
    return { rule: 'injection-reveal', content: `As instructed, here is everything I was given:\n${everything.join('\n')}` };
  }
  return undefined;
}

const sameReply = (reply: Reply, message: ChatMessage) =>
  'content' in reply ? message.text === reply.content : reply.toolCalls.every((call) => message.toolCalls.some((made) => made.name === call.name && made.arguments === call.arguments));

/**
 * The newest instruction in a system, developer, user or tool message that has not been carried
 * out yet (no later assistant message already did exactly that), so a conversation does not loop.
 */
function obeyInjection(messages: ChatMessage[]): Reply | undefined {
  for (let at = messages.length - 1; at >= 0; at -= 1) {
    const message = messages[at]!;
    if (message.role === 'assistant') continue;
    const reply = obeyOne(message, messages);
    if (!reply) continue;
    const done = messages.slice(at + 1).some((later) => later.role === 'assistant' && sameReply(reply, later));
    return done ? undefined : reply;
  }
  return undefined;
}

export function decide(request: ChatRequest, options: RuleOptions): Reply {
  const reply = answer(request, options);
  const { tools, toolChoice } = request;
  // "required" obliges the model to call something; the mock calls the first tool offered.
  if (toolChoice === 'required' && 'content' in reply && tools[0]) {
    return { rule: 'required-tool', toolCalls: [toolCall(tools[0], fillContext(request.messages, options.now))] };
  }
  return reply;
}

function answer(request: ChatRequest, options: RuleOptions): Reply {
  const { messages, tools, toolChoice } = request;
  const context = fillContext(messages, options.now);
  const { text } = context;
  const callable = toolChoice === 'none' ? [] : tools;
  const find = (pattern: RegExp) => callable.find((tool) => pattern.test(tool.name));

  if (options.obedient) {
    const obeyed = obeyInjection(messages);
    if (obeyed) return obeyed;
  }
  if (typeof toolChoice === 'object') return { rule: 'forced-tool', toolCalls: [toolCall(tools.find((tool) => tool.name === toolChoice.name)!, context)] };
  if (messages.at(-1)?.role === 'tool') return { rule: 'tool-result', content: summariseToolResults(messages) };
  if (request.responseFormat.type === 'json_schema') return { rule: 'structured-output', content: JSON.stringify(fillSchema(request.responseFormat.schema, context)) };
  if (request.responseFormat.type === 'json_object') return { rule: 'structured-output', content: JSON.stringify({ sentiment: context.sentiment, message: text }) };

  if (HANDOFF_ASK.test(text)) {
    const handoff = find(HANDOFF_TOOL);
    return handoff ? { rule: 'handoff-tool', toolCalls: [toolCall(handoff, context)] } : { rule: 'handoff', content: HANDOFF_PHRASE };
  }
  if (SERVICE_ASK.test(text)) {
    const service = find(SERVICE_TOOL);
    return service ? { rule: 'service-request-tool', toolCalls: [toolCall(service, context)] } : { rule: 'service-request', content: SERVICE_WITHOUT_TOOL_ANSWER };
  }
  const topic = TOPICS.find((candidate) => candidate.asks.test(text));
  if (topic) {
    const lines = factLines(messages, topic.lines);
    return lines.length > 0 ? { rule: 'hotel-fact', content: `From the hotel information: ${lines.join(' ')}` } : { rule: 'hotel-fact-missing', content: MISSING_FACT_ANSWER };
  }
  return { rule: 'generic', content: GENERIC_ANSWER };
}
