import type { HealthCheck } from '../provider.js';

/**
 * The AI concierge, provider-neutral: one chat turn over a conversation (streamed text and tool
 * calls), and the sentiment of a guest message. The tool loop (validating arguments, acting only on
 * the token's own stay, confirmations, caps) lives in the concierge module, never in a provider:
 * a provider only proposes calls. `openai` speaks Chat Completions through the official SDK (any
 * OpenAI-compatible server); `local` answers from the hotel's facts with text search and rules.
 */

/** A hotel fact the answer may draw on; `id` comes back in `sources` when it was used. */
export interface ConciergeFact {
  id: string;
  /** What the fact is about, e.g. "Wi-Fi", "Breakfast". */
  topic: string;
  text: string;
}

/** A place the hotel recommends. */
export interface ConciergePlace {
  id: string;
  name: string;
  /** e.g. "restaurant", "museum", "bar". */
  category: string;
  description: string;
  hours: string | null;
  /** Walking distance in metres, where known. */
  distanceMeters: number | null;
}

/** What the concierge may know of the guest: the minimum, never card data or ID numbers. */
export interface ConciergeGuest {
  firstName: string | null;
  /** BCP 47 primary tag of the guest app's language: answers are in it. */
  language: string;
  room: string | null;
  arrivalDate: string;
  departureDate: string;
}

export interface ConciergeContext {
  hotelName: string;
  timeZone: string;
  /** Local date-time at the hotel now, ISO with offset. */
  now: string;
  facts: ConciergeFact[];
  places: ConciergePlace[];
  guest: ConciergeGuest;
}

/**
 * A tool the module offers this turn; `parameters` is a JSON Schema object (strict: every property
 * required, no extras). Name tools as services.md §5.6 does (`create_service_request`,
 * `request_late_checkout`, `get_folio`, `get_spa_availability`, `book_spa`, `handoff_to_human`):
 * `local` knows what a tool does by its name.
 */
export interface ConciergeTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  /** The provider's call id, echoed in the tool message that answers it. */
  id: string;
  name: string;
  /** The arguments as the model wrote them (a JSON string): the module parses and validates them. */
  arguments: string;
}

/**
 * The conversation as the model sees it. Staff replies count as `assistant` (the hotel speaking);
 * `tool` messages answer the `toolCalls` of the assistant message right before them. A tool
 * message's content is JSON; `{"ok": false, "error": …}` reports a failure, and a `summary` string
 * (a sentence for the guest, in their language) is what a provider without a model (`local`) says.
 */
export type ConciergeMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface TurnInput {
  context: ConciergeContext;
  messages: ConciergeMessage[];
  tools: ConciergeTool[];
}

export interface TurnUsage {
  promptTokens: number;
  completionTokens: number;
  /** The model that answered, as the provider names it (for cost). */
  model: string;
}

/** What a turn streams: text as it comes, then the tool calls, then the end with usage and sources. */
export type TurnEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'done'; usage: TurnUsage; sources: string[] };

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  /** -1 (furious) .. 1 (delighted). */
  score: number;
  label: SentimentLabel;
  /** The guest asks for a person, or the message is about something only a person should handle. */
  needsPerson: boolean;
  /** Why, in a few words for staff; null when nothing stands out. */
  reason: string | null;
}

export interface Moderation {
  flagged: boolean;
  /** The provider's category names that were flagged. */
  categories: string[];
}

export interface ConciergePort extends HealthCheck {
  /** One model turn: streams text and tool calls, and always ends with `done`. */
  turn(input: TurnInput): AsyncIterable<TurnEvent>;
  /** Sentiment of one guest message, in the guest's language. */
  sentiment(text: string, language: string): Promise<Sentiment>;
  /** Checks guest input before it reaches the model; a provider with no moderation answers not flagged. */
  moderate(text: string): Promise<Moderation>;
}
