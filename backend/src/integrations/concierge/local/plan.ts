import type { ConciergeContext, ConciergeFact, ConciergeMessage, ConciergePlace, ConciergeTool } from '../concierge.port.js';
import { fillArguments, type ArgumentHints } from './arguments.js';
import { conceptsIn, type Concept } from './concepts.js';
import { words } from './language.js';
import type { Knowledge } from './knowledge.js';
import type { Phrases } from './phrases.js';
import { addDays, atHotel, clockTimeIn, dateOf } from './when.js';

/** What one local turn says and asks for. */
export interface Plan {
  text: string;
  toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
  sources: string[];
}

type ToolRole = 'handoff' | 'lateCheckout' | 'serviceRequest' | 'folio' | 'spaServices' | 'spaAvailability' | 'spaBooking';

/** Which offered tool does what, by its name (services.md §5.6 names them; near spellings work too). */
const TOOL_NAMES: Array<[ToolRole, RegExp]> = [
  ['handoff', /hand_?off|human|escalat|person|staff/i],
  ['lateCheckout', /late.*check_?out|check_?out/i],
  ['folio', /folio|bill|invoice/i],
  ['spaBooking', /book/i],
  ['spaAvailability', /availab|slot/i],
  ['spaServices', /spa|treatment/i],
  ['serviceRequest', /request|housekeeping|maintenance|ticket|service/i],
];

const roleOf = (tool: ConciergeTool): ToolRole | undefined => TOOL_NAMES.find(([, pattern]) => pattern.test(tool.name))?.[0];

const toolFor = (tools: ConciergeTool[], role: ToolRole) => tools.find((tool) => roleOf(tool) === role);

const ACTION_CONCEPTS: Concept[] = ['housekeeping', 'maintenance', 'folio', 'booking', 'person', 'complaint', 'overcharged', 'medical', 'safety', 'late'];

const formatDistance = (meters: number) => (meters < 1000 ? `${Math.round(meters / 10) * 10} m` : `${(meters / 1000).toFixed(1)} km`);

function describePlace(place: ConciergePlace, say: Phrases): string {
  const details = [place.category, place.distanceMeters !== null ? say.away(formatDistance(place.distanceMeters)) : null, place.hours ? say.open(place.hours) : null].filter(Boolean);
  return `- ${place.name} (${details.join(', ')}): ${place.description}`;
}

const describeFact = (fact: ConciergeFact) => `${fact.topic}: ${fact.text}`;

/** Tool results the turn answers: the `tool` messages after the last assistant message. */
function pendingResults(messages: ConciergeMessage[]) {
  const results: Array<{ name: string; content: string }> = [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index]!;
    if (message.role !== 'tool') break;
    const call = messages
      .slice(0, index)
      .reverse()
      .flatMap((earlier) => (earlier.role === 'assistant' ? (earlier.toolCalls ?? []) : []))
      .find((candidate) => candidate.id === message.toolCallId);
    results.unshift({ name: call?.name ?? 'tool', content: message.content });
  }
  return results;
}

const parse = (content: string): unknown => {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
};

const LABEL_FIELDS = ['name', 'title', 'label', 'description', 'start', 'time', 'status', 'total', 'balance', 'amount'];

/** A tool result in a few lines for the guest: its `summary` or `message` when it has one, else its values. */
function describeResult(value: unknown, say: Phrases): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.slice(0, 8).map((item) => `- ${describeResult(item, say)}`).join('\n');
  if (!value || typeof value !== 'object') return say.done;
  const record = value as Record<string, unknown>;
  if (record.ok === false || record.error) {
    const error = record.error;
    const reason = typeof error === 'object' && error ? ((error as Record<string, unknown>).message ?? (error as Record<string, unknown>).code) : error;
    return say.failed(String(reason ?? record.message ?? 'error'));
  }
  for (const field of ['summary', 'message']) if (typeof record[field] === 'string') return record[field];
  const labels = LABEL_FIELDS.filter((field) => typeof record[field] === 'string' || typeof record[field] === 'number').map((field) => String(record[field]));
  const lists = Object.values(record).filter(Array.isArray).map((list) => describeResult(list, say));
  return [labels.length > 0 ? labels.join(', ') : say.done, ...lists].filter(Boolean).join('\n');
}

/** Objects in earlier tool results that have a start time: spa slots the guest can pick from. */
function slotsInConversation(messages: ConciergeMessage[]): Array<Record<string, unknown>> {
  const slots: Array<Record<string, unknown>> = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.start === 'string') slots.push(record);
      Object.values(record).forEach(walk);
    }
  };
  for (const message of messages) if (message.role === 'tool') walk(parse(message.content));
  return slots;
}

/** Of the slots at the time the guest named, the one whose name shares most words with the message ("the hot stone one"); the first on a tie. */
function slotNamed(slots: Array<Record<string, unknown>>, message: string): Record<string, unknown> | undefined {
  const said = new Set(words(message));
  const overlap = (slot: Record<string, unknown>) => words(String(slot.name ?? '')).filter((word) => said.has(word)).length;
  return slots.reduce<Record<string, unknown> | undefined>((best, slot) => (best === undefined || overlap(slot) > overlap(best) ? slot : best), undefined);
}

/** Enum values each situation prefers, best first. */
const PREFERRED: Partial<Record<Concept, string[]>> = {
  housekeeping: ['housekeeping', 'amenity'],
  maintenance: ['maintenance'],
  urgent: ['urgent', 'high'],
  complaint: ['complaint'],
  overcharged: ['billing', 'complaint'],
  medical: ['medical', 'safety', 'high', 'urgent'],
  safety: ['safety', 'high', 'urgent'],
  person: ['guest_request'],
};

/**
 * Decides a local turn: the tool results it answers, else the guest's last message read for
 * danger, asks for a person, requests (towels, late check-out, the bill, the spa), then the
 * hotel's facts and places. Writes (a spa booking) are only proposed: the module confirms them.
 */
export async function plan(context: ConciergeContext, messages: ConciergeMessage[], tools: ConciergeTool[], knowledge: Knowledge, say: Phrases): Promise<Plan> {
  const reply = (text: string, sources: string[] = []): Plan => ({ text, toolCalls: [], sources });
  const results = pendingResults(messages);
  if (results.length > 0) return reply(results.map((result) => describeResult(parse(result.content), say)).join('\n'));

  const question = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  const concepts = conceptsIn(question);
  const has = (...names: Concept[]) => names.some((name) => concepts.has(name));
  const clock = clockTimeIn(question);
  const today = dateOf(context.now);
  const date = has('tomorrow') ? addDays(today, 1) : (question.match(/\b\d{4}-\d{2}-\d{2}\b/)?.[0] ?? today);
  const hints = (known: Record<string, unknown> = {}, dateFor = date): ArgumentHints => ({
    message: question,
    preferred: [...concepts].flatMap((concept) => PREFERRED[concept] ?? []),
    room: context.guest.room,
    time: clock ? { clock, iso: atHotel(dateFor, clock, context.now) } : null,
    now: { clock: context.now.slice(11, 16), iso: context.now },
    date: dateFor,
    known,
  });
  const call = (tool: ConciergeTool, { text = '', known = {}, dateFor = date, sources = [] }: { text?: string; known?: Record<string, unknown>; dateFor?: string; sources?: string[] } = {}): Plan => ({
    text,
    toolCalls: [{ name: tool.name, arguments: fillArguments(tool.parameters, hints(known, dateFor)) }],
    sources,
  });
  const handoff = toolFor(tools, 'handoff');

  if (has('medical', 'safety')) {
    const emergency = context.facts.find((fact) => conceptsIn(`${fact.topic}`).has('emergency'));
    const text = say.danger(emergency?.text ?? null);
    const sources = emergency ? [emergency.id] : [];
    return handoff ? call(handoff, { text, sources }) : reply(text, sources);
  }
  if (has('person', 'complaint', 'overcharged')) return handoff ? call(handoff, { text: say.handoff }) : reply(say.handoff);

  if (has('checkOut') && has('late')) {
    const tool = toolFor(tools, 'lateCheckout');
    if (!tool) return reply(say.cannotAct);
    return clock ? call(tool, { dateFor: context.guest.departureDate }) : reply(say.askLateTime);
  }
  if (has('housekeeping', 'maintenance')) {
    const tool = toolFor(tools, 'serviceRequest');
    return tool ? call(tool) : reply(say.cannotAct);
  }
  if (has('folio')) {
    const tool = toolFor(tools, 'folio');
    if (tool) return call(tool);
  }
  if (has('spa') && has('booking')) {
    const slot = clock ? slotNamed(slotsInConversation(messages).filter((candidate) => String(candidate.start).slice(11, 16) === clock), question) : undefined;
    const booking = toolFor(tools, 'spaBooking');
    if (slot && booking) return call(booking, { known: slot });
    const explore = toolFor(tools, 'spaAvailability') ?? toolFor(tools, 'spaServices');
    if (explore) return call(explore);
  }

  const found = await knowledge.retrieve(question);
  if (found.facts.length > 0 || found.places.length > 0) {
    const lines = [...found.facts.map(describeFact), ...(found.places.length > 0 ? [say.placesIntro, ...found.places.map((place) => describePlace(place, say))] : [])];
    return reply(lines.join('\n'), [...found.facts.map((fact) => fact.id), ...found.places.map((place) => place.id)]);
  }
  if (!ACTION_CONCEPTS.some((concept) => concepts.has(concept))) {
    if (has('thanks')) return reply(say.thanks);
    if (has('greeting')) return reply(say.greeting(context.guest.firstName));
  }
  return reply(say.unknown);
}
