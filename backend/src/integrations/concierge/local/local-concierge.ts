import type { ConciergePort, TurnEvent, TurnInput } from '../concierge.port.js';
import { createKnowledge } from './knowledge.js';
import { localLanguageOf } from './language.js';
import { phrases } from './phrases.js';
import { plan } from './plan.js';
import { scoreSentiment } from './sentiment.js';

/** The model name usage reports: the local concierge costs nothing. */
export const LOCAL_MODEL = 'local';

const countWords = (text: string | null) => text?.split(/\s+/).filter(Boolean).length ?? 0;

/**
 * The concierge with no network and no configuration: text search over the hotel's facts and
 * places, rules for the tools on offer, a lexicon for sentiment. Text streams a word at a time,
 * as a model's would, so the module and the browser see the same shape from every provider.
 */
export function createLocalConcierge(): ConciergePort {
  return {
    healthCheck: async () => undefined,

    async *turn(input: TurnInput): AsyncGenerator<TurnEvent> {
      const language = localLanguageOf(input.context.guest.language);
      const knowledge = await createKnowledge(input.context.facts, input.context.places, language);
      const answer = await plan(input.context, input.messages, input.tools, knowledge, phrases[language]);
      for (const delta of answer.text.match(/\S+\s*/g) ?? []) yield { type: 'text', delta };
      for (const [index, call] of answer.toolCalls.entries()) {
        yield { type: 'tool_call', call: { id: `call_local_${index + 1}`, name: call.name, arguments: JSON.stringify(call.arguments) } };
      }
      const promptTokens = input.messages.reduce((sum, message) => sum + countWords(message.content), 0);
      yield { type: 'done', usage: { promptTokens, completionTokens: countWords(answer.text) + answer.toolCalls.length, model: LOCAL_MODEL }, sources: answer.sources };
    },

    sentiment: async (text, language) => scoreSentiment(text, localLanguageOf(language)),

    // No moderation model here: the module's own rules (blocked topics, caps) still apply.
    moderate: async () => ({ flagged: false, categories: [] }),
  };
}
