import { describe, expect, it } from 'vitest';
import { MODERATION_CATEGORIES } from './moderations.js';
import { useOpenAIMock } from './test-support.js';

describe('OpenAI mock moderations', () => {
  const running = useOpenAIMock();

  it('flags an input matching a category word list, and only that category', async () => {
    const moderation = await running.client.moderations.create({ model: 'omni-moderation-latest', input: 'If the towels are late again I will kill someone' });
    expect(moderation).toMatchObject({ id: expect.stringMatching(/^modr-/), model: 'omni-moderation-latest' });
    const [result] = moderation.results;
    expect(result!.flagged).toBe(true);
    expect(Object.entries(result!.categories).filter(([, flagged]) => flagged).map(([category]) => category)).toEqual(['violence']);
    expect(result!.category_scores.violence).toBe(0.9);
    expect(result!.category_applied_input_types.violence).toEqual(['text']);
  });

  it('answers one result per input string, unflagged for ordinary requests, and honours [flag:<category>]', async () => {
    const moderation = await running.client.moderations.create({ input: ['Could I get extra towels?', 'test [flag:sexual/minors] marker'] });
    expect(moderation.model).toBe('omni-moderation-latest');
    expect(moderation.results.map((result) => result.flagged)).toEqual([false, true]);
    expect(moderation.results[1]!.categories['sexual/minors']).toBe(true);
    expect(Object.keys(moderation.results[0]!.categories).sort()).toEqual([...MODERATION_CATEGORIES].sort());
  });

  it('reads the text parts of a multi-modal input as one input', async () => {
    const moderation = await running.client.moderations.create({ input: [{ type: 'text', text: 'you are an idiot' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] });
    expect(moderation.results).toHaveLength(1);
    expect(moderation.results[0]!.categories.harassment).toBe(true);
  });
});
