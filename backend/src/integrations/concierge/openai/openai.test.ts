import { toStrictJsonSchema } from 'openai/lib/transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAI_MOCK_API_KEY, OPENAI_MOCK_MODEL } from '../../../../../mocks/openai/credentials.js';
import { createOpenAIMock, QUOTA_MODEL, type LoggedRequest, type OpenAIMock } from '../../../../../mocks/openai/server.js';
import { controlClient } from '../../../../../mocks/shared/control-client.js';
import { createHttpClientFactory } from '../../http.js';
import { runConciergeContract } from '../concierge.contract.js';
import { allConciergeTools, conciergeContext } from '../concierge.fixtures.js';
import type { ConciergePort, TurnEvent } from '../concierge.port.js';
import { createCitationFilter } from './citations.js';
import { createOpenAIConcierge } from './openai-concierge.js';
import { openAIConfigSchema } from './openai.provider.js';

function conciergeAt(baseUrl: string, overrides: Record<string, unknown> = {}): ConciergePort {
  const config = openAIConfigSchema.parse({ apiKey: OPENAI_MOCK_API_KEY, baseUrl: `${baseUrl}/v1`, model: OPENAI_MOCK_MODEL, ...overrides });
  return createOpenAIConcierge(config, { http: createHttpClientFactory({ production: false }) });
}

runConciergeContract('openai against the OpenAI mock', async () => {
  const mock = createOpenAIMock();
  const url = await mock.start(0);
  return { concierge: conciergeAt(url), streams: true, moderates: true, close: () => mock.stop() };
});

const drain = async (events: AsyncIterable<TurnEvent>) => {
  const all: TurnEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

describe('openai concierge against the OpenAI mock', () => {
  let mock: OpenAIMock;
  let url: string;
  let control: ReturnType<typeof controlClient>;
  const requests = async () => (await control('/__control/requests')).body.requests as LoggedRequest[];
  beforeAll(async () => {
    mock = createOpenAIMock();
    url = await mock.start(0);
    control = controlClient(url);
  });
  afterAll(() => mock.stop());

  it('sends one streamed Chat Completions request: the prompt from the context, strict tools, usage asked for', async () => {
    await control('/__control/requests', undefined, 'DELETE');
    const events = await drain(conciergeAt(url).turn({ context: conciergeContext('de'), messages: [{ role: 'user', content: 'Hallo' }], tools: allConciergeTools }));
    expect(events.at(-1)).toMatchObject({ type: 'done', usage: { model: OPENAI_MOCK_MODEL } });
    const [request] = await requests();
    const body = request!.body as { stream: boolean; stream_options: unknown; messages: Array<{ role: string; content: string }>; tools: Array<{ function: { name: string; strict: boolean } }> };
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.tools.map((tool) => [tool.function.name, tool.function.strict])).toEqual(allConciergeTools.map((tool) => [tool.name, true]));
    const system = body.messages[0]!;
    expect(system.role).toBe('system');
    for (const line of ['Harbour View Hotel', '2026-05-12T10:15:00+01:00 (Europe/Lisbon)', 'first name: Anna', 'room: 204', 'stay: 2026-05-11 to 2026-05-14', 'German (de)', '- [wifi-password] WLAN-Passwort: seaview2024', '- [tasca] Tasca do Porto (restaurant; 12:00-23:00; 150 m walk)']) {
      expect(system.content).toContain(line);
    }
    expect(body.messages.slice(1)).toEqual([{ role: 'user', content: 'Hallo' }]);
  });

  it('sends earlier tool calls and their results back in the shape the API expects', async () => {
    await control('/__control/requests', undefined, 'DELETE');
    await drain(
      conciergeAt(url).turn({
        context: conciergeContext(),
        messages: [
          { role: 'user', content: 'My bill?' },
          { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'get_folio', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'call_1', content: '{"balance":"EUR 120.00"}' },
        ],
        tools: allConciergeTools,
      }),
    );
    const body = (await requests())[0]!.body as { messages: unknown[] };
    expect(body.messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_folio', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"balance":"EUR 120.00"}' },
    ]);
  });

  it('answers a rate limit as rate_limited with the wait the server asked for', async () => {
    await control('/__control/faults', { mode: 'rate-limit', count: 1 });
    await expect(drain(conciergeAt(url, { maxRetries: 0 }).turn({ context: conciergeContext(), messages: [{ role: 'user', content: 'Hi' }], tools: [] }))).rejects.toMatchObject({
      code: 'rate_limited',
      options: { retryAfterSeconds: 1 },
    });
  });

  it('does not retry when the account is out of credit', async () => {
    await control('/__control/requests', undefined, 'DELETE');
    await expect(conciergeAt(url, { model: QUOTA_MODEL, maxRetries: 2 }).sentiment('Hi', 'en')).rejects.toMatchObject({ code: 'integration_misconfigured', message: 'The AI account is out of credit.' });
    expect(await requests()).toHaveLength(1);
  });

  it('maps a server error to integration_unavailable, a wrong key to a misconfiguration, a hang to a timeout', async () => {
    await control('/__control/faults', { mode: 'error', count: 1 });
    await expect(conciergeAt(url, { maxRetries: 0 }).moderate('Hi')).rejects.toMatchObject({ code: 'integration_unavailable' });
    await expect(conciergeAt(url, { apiKey: 'sk-proj-wrong' }).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
    await control('/__control/faults', { mode: 'hang', count: 1 });
    await expect(conciergeAt(url, { maxRetries: 0, timeoutMs: 1_000 }).sentiment('Hi', 'en')).rejects.toMatchObject({ code: 'integration_timeout' });
    await control('/__control/faults', undefined, 'DELETE');
  });

  it('asks for sentiment as strict structured output and never calls moderations when moderation is off', async () => {
    await control('/__control/requests', undefined, 'DELETE');
    const concierge = conciergeAt(url, { moderation: false });
    expect(await concierge.moderate('You idiot, I will kill you')).toEqual({ flagged: false, categories: [] });
    await concierge.sentiment('The room is dirty', 'en');
    const logged = await requests();
    expect(logged.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    const format = (logged[0]!.body as { response_format: { type: string; json_schema: { strict: boolean; schema: Record<string, unknown> } } }).response_format;
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    // The official SDK's own strict Structured Outputs check takes the schema as it is.
    expect(toStrictJsonSchema(structuredClone(format.json_schema.schema))).toEqual(format.json_schema.schema);
  });
});

describe('citation filter', () => {
  const ids = new Set(['wifi-password', 'breakfast']);
  const run = (pieces: string[]) => {
    const filter = createCitationFilter(ids);
    const shown = pieces.map((piece) => filter.push(piece)).join('') + filter.flush();
    return { shown, cited: [...filter.cited] };
  };

  it('takes out known ids, also split across deltas, with the space before them', () => {
    expect(run(['The password is seaview2024 [wifi', '-password]. Breakfast is at 7 [breakfast', ']', '.'])).toEqual({ shown: 'The password is seaview2024. Breakfast is at 7.', cited: ['wifi-password', 'breakfast'] });
    expect(run(['Both [wifi-password, breakfast] apply.'])).toEqual({ shown: 'Both apply.', cited: ['wifi-password', 'breakfast'] });
  });

  it('leaves other brackets and an unclosed bracket as the guest would read them', () => {
    expect(run(['Rooms [sic] are ', 'ready [soon'])).toEqual({ shown: 'Rooms [sic] are ready [soon', cited: [] });
  });
});
