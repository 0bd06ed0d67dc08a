import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.js';
import type { TurnEvent, TurnInput } from '../concierge.port.js';
import { runConciergeContract } from '../concierge.contract.js';
import { mockConciergeByProperty, mockConciergeProvider } from './mock.provider.js';

const input: TurnInput = {
  context: {
    hotelName: 'Harbour View Hotel',
    timeZone: 'Europe/Lisbon',
    now: '2026-05-01T10:00:00+01:00',
    facts: [{ id: 'wifi', topic: 'Wi-Fi', text: 'Network HarbourGuest, password seaview2026.' }],
    places: [],
    guest: { firstName: 'Anna', language: 'en', room: '204', arrivalDate: '2026-04-30', departureDate: '2026-05-03' },
  },
  messages: [{ role: 'user', content: 'Towels please' }],
  tools: [{ name: 'create_service_request', description: 'Asks housekeeping for something.', parameters: { type: 'object', properties: {}, required: [], additionalProperties: false } }],
};

const collect = async (events: AsyncIterable<TurnEvent>) => {
  const all: TurnEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

const property = { id: 'p-mock', code: 'mock', timeZone: 'Europe/Lisbon', currency: 'EUR' };
const build = () => {
  mockConciergeProvider.create({}, { property } as Parameters<typeof mockConciergeProvider.create>[1]);
  return mockConciergeByProperty.get(property.id)!;
};

describe('mock concierge', () => {
  it('answers a scripted turn with its text in pieces, its tool calls and its sources, then done', async () => {
    const mock = build();
    mock.queueTurn({ text: 'Sending towels now.', toolCalls: [{ name: 'create_service_request', arguments: { category: 'housekeeping' } }], sources: ['wifi'] });
    const events = await collect(mock.port.turn(input));
    expect(events.filter((event) => event.type === 'text').map((event) => event.delta)).toEqual(['Sending ', 'towels ', 'now.']);
    const call = events.find((event) => event.type === 'tool_call');
    expect(call?.type === 'tool_call' && JSON.parse(call.call.arguments)).toEqual({ category: 'housekeeping' });
    expect(events.at(-1)).toMatchObject({ type: 'done', sources: ['wifi'], usage: { model: 'mock' } });
  });

  it('records what reached it, unaltered by later changes to the caller\'s objects', async () => {
    const mock = build();
    const mine = structuredClone(input);
    await collect(mock.port.turn(mine));
    mine.messages.push({ role: 'user', content: 'later' });
    await mock.port.sentiment('Great stay', 'en');
    await mock.port.moderate('hello');
    expect(mock.turns).toEqual([input]);
    expect(mock.sentiments).toEqual([{ text: 'Great stay', language: 'en' }]);
    expect(mock.moderations).toEqual(['hello']);
  });

  it('fails the armed operation once, then answers again', async () => {
    const mock = build();
    mock.failNext('turn');
    mock.failNext('sentiment', new AppError('rate_limited', 'slow down', { retryAfterSeconds: 2 }));
    await expect(collect(mock.port.turn(input))).rejects.toMatchObject({ code: 'integration_unavailable' });
    await expect(mock.port.sentiment('hi', 'en')).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await collect(mock.port.turn(input))).at(-1)?.type).toBe('done');
    await expect(mock.port.moderate('hi')).resolves.toEqual({ flagged: false, categories: [] });
  });

  it('answers scripted sentiment and moderation in order', async () => {
    const mock = build();
    mock.queueSentiment({ score: -0.9, label: 'negative', needsPerson: true, reason: 'angry' });
    mock.queueModeration({ flagged: true, categories: ['harassment'] });
    expect(await mock.port.sentiment('x', 'en')).toMatchObject({ label: 'negative', needsPerson: true });
    expect(await mock.port.moderate('x')).toEqual({ flagged: true, categories: ['harassment'] });
  });
});

runConciergeContract('mock', async () => ({ concierge: build().port, streams: true, moderates: false, close: async () => undefined }));
