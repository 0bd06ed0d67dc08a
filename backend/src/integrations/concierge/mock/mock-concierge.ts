import { AppError } from '../../../lib/errors.js';
import type { ConciergePort, Moderation, Sentiment, TurnEvent, TurnInput } from '../concierge.port.js';

/** What the next turn answers: text (streamed a word at a time), then tool calls, then the sources. */
export interface ScriptedTurn {
  text?: string;
  /** `arguments` as an object is written as JSON; a string is sent as is (to test unparsable arguments). */
  toolCalls?: Array<{ name: string; arguments: unknown; id?: string }>;
  sources?: string[];
}

type Operation = 'turn' | 'sentiment' | 'moderate';

const MOCK_MODEL = 'mock';
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * In-process concierge for tests. A test scripts what the "model" does next (`queueTurn`,
 * `queueSentiment`, `queueModeration`), arms failures (`failNext`), and reads back every input it
 * received (`turns`, `sentiments`, `moderations`), so a module test can assert exactly what reached
 * the model. Anything not scripted is answered by `fallback`.
 */
export function createMockConcierge(fallback: ConciergePort) {
  const turnScripts: ScriptedTurn[] = [];
  const sentimentScripts: Sentiment[] = [];
  const moderationScripts: Moderation[] = [];
  const failures: Array<{ operation: Operation; error: Error }> = [];
  const turns: TurnInput[] = [];
  const sentiments: Array<{ text: string; language: string }> = [];
  const moderations: string[] = [];
  let calls = 0;

  const failIfArmed = (operation: Operation) => {
    const index = failures.findIndex((failure) => failure.operation === operation);
    if (index === -1) return;
    const [failure] = failures.splice(index, 1);
    throw failure!.error;
  };

  async function* scripted(input: TurnInput, script: ScriptedTurn): AsyncGenerator<TurnEvent> {
    const pieces = script.text?.match(/\S+\s*/g) ?? [];
    for (const delta of pieces) yield { type: 'text', delta };
    for (const call of script.toolCalls ?? []) {
      yield {
        type: 'tool_call',
        call: { id: call.id ?? `call_mock_${++calls}`, name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
      };
    }
    const prompt = input.messages.reduce((sum, message) => sum + words(message.content ?? ''), 0);
    const completion = words(script.text ?? '') + (script.toolCalls?.length ?? 0);
    yield { type: 'done', usage: { promptTokens: prompt, completionTokens: completion, model: MOCK_MODEL }, sources: script.sources ?? [] };
  }

  const port: ConciergePort = {
    healthCheck: async () => undefined,

    async *turn(input) {
      turns.push(structuredClone(input));
      failIfArmed('turn');
      const script = turnScripts.shift();
      yield* script ? scripted(input, script) : fallback.turn(input);
    },

    async sentiment(text, language) {
      sentiments.push({ text, language });
      failIfArmed('sentiment');
      return sentimentScripts.shift() ?? fallback.sentiment(text, language);
    },

    async moderate(text) {
      moderations.push(text);
      failIfArmed('moderate');
      return moderationScripts.shift() ?? fallback.moderate(text);
    },
  };

  return {
    port,
    /** The next turns answer these, in order; each ends with `done` as a provider's would. */
    queueTurn(...scripts: ScriptedTurn[]) {
      turnScripts.push(...scripts);
    },
    queueSentiment(...answers: Sentiment[]) {
      sentimentScripts.push(...answers);
    },
    queueModeration(...answers: Moderation[]) {
      moderationScripts.push(...answers);
    },
    /** The next call of `operation` throws `error` (by default the model is unreachable). */
    failNext(operation: Operation, error: Error = new AppError('integration_unavailable', 'mock: the model did not answer.', { details: { provider: 'mock' } })) {
      failures.push({ operation, error });
    },
    /** Every turn's input as received, oldest first. */
    turns,
    sentiments,
    moderations,
    /** Forgets scripts, failures and recorded inputs. */
    reset() {
      for (const list of [turnScripts, sentimentScripts, moderationScripts, failures, turns, sentiments, moderations]) list.length = 0;
    },
  };
}

export type MockConcierge = ReturnType<typeof createMockConcierge>;
