import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { CONCIERGE_TOOLS, HOTEL_FACTS, SENTIMENT_FORMAT, SERVICE_REQUEST_PARAMETERS } from './concierge-fixtures.js';
import { GENERIC_ANSWER, HANDOFF_PHRASE, MISSING_FACT_ANSWER } from './concierge-rules.js';
import { OPENAI_MOCK_MODEL } from './credentials.js';
import { eventStreamData } from './openapi-validator.js';
import { specProblems, useOpenAIMock } from './test-support.js';

describe('OpenAI mock: chat completions through the official SDK', () => {
  // Every request the SDK sends here and every answer (each streamed chunk too) must fit openapi.yaml.
  const running = useOpenAIMock({ now: () => Date.parse('2026-11-25T10:00:00Z') });
  const ask = (text: string, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
    running.client.chat.completions.create({
      model: OPENAI_MOCK_MODEL,
      messages: [
        { role: 'system', content: HOTEL_FACTS },
        { role: 'user', content: text },
      ],
      ...extra,
    });

  it('answers a plain question with the generic answer, echoes the model and counts words as tokens', async () => {
    const { data, response, request_id } = await ask('Hello there').withResponse();
    expect(data).toMatchObject({ object: 'chat.completion', model: OPENAI_MOCK_MODEL, created: Date.parse('2026-11-25T10:00:00Z') / 1000 });
    expect(data.choices).toEqual([expect.objectContaining({ index: 0, finish_reason: 'stop', message: expect.objectContaining({ role: 'assistant', content: GENERIC_ANSWER }) })]);
    const promptWords = HOTEL_FACTS.split(/\s+/).length + 2;
    expect(data.usage).toMatchObject({ prompt_tokens: promptWords, completion_tokens: GENERIC_ANSWER.split(' ').length, total_tokens: promptWords + GENERIC_ANSWER.split(' ').length });
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('x-mock-rule')).toBe('generic');
  });

  it('answers hotel questions with the matching line of the system prompt, and says when it has none', async () => {
    expect((await ask("What's the wifi password?")).choices[0]!.message.content).toBe('From the hotel information: Wi-Fi: network HarbourGuest, password seaview2026');
    expect((await ask('When is breakfast?')).choices[0]!.message.content).toContain('Breakfast is served 7:00-10:30');
    expect((await ask('What time is checkout?')).choices[0]!.message.content).toContain('Check-out is at 11:00');
    expect((await ask('Is there a pool?')).choices[0]!.message.content).toBe(MISSING_FACT_ANSWER);
  });

  it('hands over to a person: a phrase without tools, the handoff tool when offered', async () => {
    expect((await ask('Can I talk to a real person please?')).choices[0]!.message.content).toBe(HANDOFF_PHRASE);
    const withTools = await ask('Can I talk to a real person please?', { tools: CONCIERGE_TOOLS });
    const call = withTools.choices[0]!.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('handoff_to_human');
    expect(JSON.parse(call.function.arguments)).toEqual({ reason: 'guest_request', summary: 'Can I talk to a real person please?', urgency: 'normal' });
  });

  it('calls the offered request tool for towels and repairs, with arguments that fit its schema', async () => {
    const towels = await ask('Could I get two extra towels?', { tools: CONCIERGE_TOOLS });
    expect(towels.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: null } });
    const towelCall = towels.choices[0]!.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(towelCall).toMatchObject({ type: 'function', id: expect.stringMatching(/^call_/), function: { name: 'create_service_request' } });
    expect(JSON.parse(towelCall.function.arguments)).toEqual({ category: 'housekeeping', details: 'Could I get two extra towels?', room: null, priority: 'normal' });

    const repair = await ask('The shower in room 412 is broken, urgent!', { tools: CONCIERGE_TOOLS });
    const repairCall = repair.choices[0]!.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(repairCall.function.arguments)).toMatchObject({ category: 'maintenance', room: '412', priority: 'urgent' });

    const none = await ask('Could I get two extra towels?', { tools: CONCIERGE_TOOLS, tool_choice: 'none' });
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('summarises the tool result of the previous call', async () => {
    const completion = await running.client.chat.completions.create({
      model: OPENAI_MOCK_MODEL,
      tools: CONCIERGE_TOOLS,
      messages: [
        { role: 'system', content: HOTEL_FACTS },
        { role: 'user', content: 'Could I get two extra towels?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'create_service_request', arguments: '{"category":"housekeeping"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"ok": true, "requestId": "sr_42", "eta_minutes": 15}' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe('Done: create_service_request answered {"ok":true,"requestId":"sr_42","eta_minutes":15}.');
  });

  it('streams content in several chunks ending with the usage chunk and [DONE]', async () => {
    const stream = await running.client.chat.completions.create({
      model: OPENAI_MOCK_MODEL,
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      content += chunk.choices[0]?.delta.content ?? '';
    }
    expect(content).toBe(GENERIC_ANSWER);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(3);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: GENERIC_ANSWER.split(' ').length } });

    const [exchange] = await running.traffic();
    expect(exchange!.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(eventStreamData(exchange!.response.body).at(-1)).toBe('[DONE]');
    expect(specProblems([exchange!])).toEqual([]);
  });

  it('streams a tool call as argument deltas by index that the SDK reassembles into valid JSON', async () => {
    const stream = running.client.chat.completions.stream({
      model: OPENAI_MOCK_MODEL,
      messages: [{ role: 'user', content: 'Please send fresh towels' }],
      tools: CONCIERGE_TOOLS,
      stream_options: { include_usage: true },
    });
    const done: { name: string; parsed_arguments: unknown }[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => done.push(event));
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    const expected = { category: 'housekeeping', details: 'Please send fresh towels', room: null, priority: 'normal' };
    expect(JSON.parse(call.function.arguments)).toEqual(expected);
    expect(done).toEqual([expect.objectContaining({ name: 'create_service_request', parsed_arguments: expected })]);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');

    const [exchange] = await running.traffic();
    const deltas = eventStreamData(exchange!.response.body)
      .filter((data) => data !== '[DONE]')
      .flatMap((data) => (JSON.parse(data) as OpenAI.Chat.ChatCompletionChunk).choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((delta) => delta.index === 0)).toBe(true);
    expect(deltas[0]).toMatchObject({ id: call.id, type: 'function', function: { name: 'create_service_request', arguments: '' } });
    expect(specProblems([exchange!])).toEqual([]);
  });

  it('runs the whole tool loop with runTools: tool call, our function, final answer', async () => {
    const received: unknown[] = [];
    const runner = running.client.chat.completions.runTools({
      model: OPENAI_MOCK_MODEL,
      messages: [{ role: 'user', content: 'My lamp is not working' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'create_service_request',
            description: 'Send a request to hotel staff',
            parameters: SERVICE_REQUEST_PARAMETERS,
            parse: JSON.parse,
            function: (args: unknown) => {
              received.push(args);
              return { ok: true, requestId: 'sr_7' };
            },
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('Done: create_service_request answered {"ok":true,"requestId":"sr_7"}.');
    expect(received).toEqual([{ category: 'maintenance', details: 'My lamp is not working', room: null, priority: 'normal' }]);
  });

  it('fills a json_schema response format, which the SDK parses', async () => {
    const completion = await running.client.chat.completions.parse({
      model: OPENAI_MOCK_MODEL,
      messages: [{ role: 'user', content: 'The room was dirty and the staff were rude.' }],
      response_format: SENTIMENT_FORMAT,
    });
    expect(completion.choices[0]!.message.parsed).toEqual({ score: -0.8, label: 'negative', needs_human: true, topics: [] });
  });

  it('stops at max_completion_tokens with finish_reason length, and answers n choices', async () => {
    const completion = await ask('Hello there', { max_completion_tokens: 3, n: 2 });
    expect(completion.choices.map((choice) => [choice.index, choice.finish_reason, choice.message.content])).toEqual([
      [0, 'length', GENERIC_ANSWER.split(' ').slice(0, 3).join(' ')],
      [1, 'length', GENERIC_ANSWER.split(' ').slice(0, 3).join(' ')],
    ]);
    expect(completion.usage!.completion_tokens).toBe(6);
  });

  it('refuses conversations OpenAI refuses, in its error shape', async () => {
    const orphan = await running.client.chat.completions
      .create({ model: OPENAI_MOCK_MODEL, messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_9', content: '{}' }] })
      .catch((error: unknown) => error);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    expect(orphan).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'messages.[1].role' });

    const unanswered = await running.client.chat.completions
      .create({
        model: OPENAI_MOCK_MODEL,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'user', content: 'and?' },
        ],
      })
      .catch((error: unknown) => error);
    expect(unanswered).toMatchObject({ status: 400, param: 'messages.[1].role', message: expect.stringContaining('call_1') });

    const unknownTool = await ask('hi', { tools: CONCIERGE_TOOLS, tool_choice: { type: 'function', function: { name: 'book_spa' } } }).catch((error: unknown) => error);
    expect(unknownTool).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(specProblems(await running.traffic())).toEqual([]);

    const unrecognised = await running.client.chat.completions
      .create({ model: OPENAI_MOCK_MODEL, messages: [{ role: 'user', content: 'hi' }], temprature: 0.2 } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming)
      .catch((error: unknown) => error);
    expect(unrecognised).toMatchObject({ status: 400, error: { message: 'Unrecognized request argument supplied: temprature', param: null, code: null } });
    const exchanges = await running.traffic();
    // The spec refuses that request too; the answer still has OpenAI's error shape.
    expect(specProblems(exchanges)).toEqual([expect.stringContaining('unevaluatedProperty":"temprature"')]);
    expect(specProblems(exchanges, { requests: false })).toEqual([]);
  });

  it('lists and retrieves models', async () => {
    const ids: string[] = [];
    for await (const model of running.client.models.list()) ids.push(model.id);
    expect(ids).toContain(OPENAI_MOCK_MODEL);
    expect(await running.client.models.retrieve(OPENAI_MOCK_MODEL)).toMatchObject({ id: OPENAI_MOCK_MODEL, object: 'model' });
    expect(await running.client.models.retrieve('gpt-0').catch((error: unknown) => error)).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('logs what was sent to the model, with the key redacted, for tests to read', async () => {
    await running.control('/__control/requests', undefined, 'DELETE');
    await ask('Could I get two extra towels?', { tools: CONCIERGE_TOOLS });
    const [entry, ...others] = await running.logged();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200, rule: 'service-request-tool', body: { messages: [{ role: 'system' }, { role: 'user', content: 'Could I get two extra towels?' }] } });
    expect(entry!.headers.authorization).toBe('Bearer sk-proj-***********************************0001');
  });
});
