import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allConciergeTools, conciergeContext, conciergeTools, serviceRequestCategories } from './concierge.fixtures.js';
import type { ConciergeMessage, ConciergePort, ConciergeTool, TurnEvent } from './concierge.port.js';

/**
 * The behaviour every concierge provider must show, run against each one: the in-process mock,
 * `local`, and `openai` against the OpenAI mock server.
 */
export interface ConciergeContractSubject {
  concierge: ConciergePort;
  /** Whether text arrives in several deltas (a provider that sends its answer whole says false). */
  streams: boolean;
  /** Whether `moderate` really checks (a provider without moderation answers "not flagged" always). */
  moderates: boolean;
  close(): Promise<void>;
}

async function collect(concierge: ConciergePort, messages: ConciergeMessage[], tools: ConciergeTool[] = allConciergeTools, language: 'en' | 'de' = 'en') {
  const events: TurnEvent[] = [];
  for await (const event of concierge.turn({ context: conciergeContext(language), messages, tools })) events.push(event);
  const texts = events.flatMap((event) => (event.type === 'text' ? [event.delta] : []));
  const calls = events.flatMap((event) => (event.type === 'tool_call' ? [event.call] : []));
  const done = events.flatMap((event) => (event.type === 'done' ? [event] : []));
  return { events, texts, text: texts.join(''), calls, done };
}

const ask = (content: string): ConciergeMessage[] => [{ role: 'user', content }];

export function runConciergeContract(name: string, setup: () => Promise<ConciergeContractSubject>): void {
  describe(`concierge contract: ${name}`, () => {
    let subject: ConciergeContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(() => subject?.close());

    it('passes its health check', async () => {
      await expect(subject.concierge.healthCheck()).resolves.toBeUndefined();
    });

    it('ends every turn with one `done` carrying usage, after all text and tool calls', async () => {
      for (const messages of [ask('Hello!'), ask('Towels please'), ask('What is the meaning of life?')]) {
        const turn = await collect(subject.concierge, messages);
        expect(turn.done).toHaveLength(1);
        expect(turn.events.at(-1)).toBe(turn.done[0]);
        const { usage } = turn.done[0]!;
        expect(usage.model).toEqual(expect.any(String));
        expect(usage.promptTokens).toBeGreaterThanOrEqual(0);
        expect(usage.completionTokens).toBeGreaterThanOrEqual(0);
      }
    });

    it('streams a longer answer in more than one delta', async (context) => {
      if (!subject.streams) context.skip();
      const turn = await collect(subject.concierge, ask('When is breakfast, and what is the Wi-Fi password?'));
      expect(turn.texts.length).toBeGreaterThan(1);
    });

    it('calls a tool it was offered and asked for, with arguments that parse and fill its schema', async () => {
      const tool = conciergeTools.createServiceRequest;
      const turn = await collect(subject.concierge, ask('Could you send two extra towels to my room, please?'), [tool]);
      expect(turn.calls).toHaveLength(1);
      const [call] = turn.calls;
      expect(call!.name).toBe(tool.name);
      expect(call!.id).toMatch(/\S/);
      const args = JSON.parse(call!.arguments) as Record<string, unknown>;
      expect(Object.keys(args).sort()).toEqual([...tool.parameters.required].sort());
      expect(serviceRequestCategories).toContain(args.category);
    });

    it('answers the results of its tool calls in text, without calling again', async () => {
      const turn = await collect(subject.concierge, [
        { role: 'user', content: 'Towels please' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'call_towels', name: 'create_service_request', arguments: '{"category":"housekeeping","details":"Towels please","room":"204","requested_time":null,"priority":"normal"}' }] },
        { role: 'tool', toolCallId: 'call_towels', content: JSON.stringify({ ok: true, summary: 'Housekeeping will bring towels within 20 minutes.' }) },
      ]);
      expect(turn.calls).toEqual([]);
      expect(turn.text.trim()).not.toBe('');
    });

    it('answers a question about a fact it was given, naming the fact as a source', async () => {
      const turn = await collect(subject.concierge, ask("What's the Wi-Fi password?"));
      expect(turn.text).toContain('seaview2024');
      expect(turn.done[0]!.sources).toContain('wifi-password');
      expect(turn.text).not.toContain('[wifi-password]');
    });

    it.each([
      ['en', 'This is unacceptable! The room is dirty and the staff were rude.', 'negative'],
      ['de', 'Das ist inakzeptabel! Das Zimmer ist schmutzig und das Personal unfreundlich.', 'negative'],
      ['en', 'Thank you, the stay was wonderful and breakfast was excellent!', 'positive'],
      ['de', 'Vielen Dank, alles war wunderbar!', 'positive'],
      ['en', 'What time does breakfast start?', 'neutral'],
      ['de', 'Um wie viel Uhr beginnt das Frühstück?', 'neutral'],
    ] as const)('reads the sentiment of a clear message (%s): %s', async (language, text, label) => {
      const sentiment = await subject.concierge.sentiment(text, language);
      expect(sentiment.label).toBe(label);
      expect(sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(sentiment.score).toBeLessThanOrEqual(1);
      if (label === 'negative') {
        expect(sentiment.score).toBeLessThan(0);
        expect(sentiment.needsPerson).toBe(true);
      }
      if (label === 'positive') expect(sentiment.score).toBeGreaterThan(0);
      if (label !== 'negative') expect(sentiment.needsPerson).toBe(false);
    });

    it('moderates: a harmless message passes, and a threatening one is flagged where the provider moderates', async () => {
      await expect(subject.concierge.moderate('Where is the pool?')).resolves.toEqual({ flagged: false, categories: [] });
      const threat = await subject.concierge.moderate('You idiot, I will find you and kill you.');
      expect(threat.categories).toEqual(expect.any(Array));
      if (subject.moderates) {
        expect(threat.flagged).toBe(true);
        expect(threat.categories).toEqual(expect.arrayContaining(['harassment', 'violence']));
      }
    });
  });
}
