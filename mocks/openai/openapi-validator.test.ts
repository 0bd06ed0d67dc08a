import { describe, expect, it } from 'vitest';
import { CHAT_ARGUMENTS } from './chat-request.js';
import { MODERATION_CATEGORIES } from './moderations.js';
import { checkSchema, schemaPropertyNames, validateOpenAIRequest, validateOpenAIResponse } from './openapi-validator.js';

/** The checks the mock's tests rely on do catch what they are meant to catch. */
describe('openapi.yaml validator', () => {
  const completion = {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1795500000,
    model: 'gpt-4.1-mini',
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: 'Hi', refusal: null } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  const json = { 'content-type': 'application/json' };
  const chunk = (delta: object) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
  const post = { method: 'POST', url: '/v1/chat/completions' };

  it('accepts a well-formed completion and refuses a misspelt or missing field', () => {
    expect(checkSchema('CreateChatCompletionResponse', completion)).toEqual([]);
    expect(checkSchema('CreateChatCompletionResponse', { ...completion, usage: { ...completion.usage, totalTokens: 2 } })).toEqual([expect.stringContaining('totalTokens')]);
    expect(validateOpenAIResponse(post, { status: 200, headers: json, body: JSON.stringify({ ...completion, choices: [{ ...completion.choices[0], finish_reason: 'done' }] }) })).toEqual([
      expect.stringContaining('/choices/0/finish_reason must be equal to one of the allowed values'),
    ]);
  });

  it('checks every event of a stream and its [DONE] ending', () => {
    const stream = { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } };
    expect(validateOpenAIResponse(post, { ...stream, body: `${chunk({ content: 'Hi' })}data: [DONE]\n\n` })).toEqual([]);
    expect(validateOpenAIResponse(post, { ...stream, body: chunk({ content: 'Hi' }) })).toEqual(['the event stream does not end with data: [DONE]']);
    expect(validateOpenAIResponse(post, { ...stream, body: `${chunk({ tool_calls: [{ function: { arguments: '{' } }] })}data: [DONE]\n\n` })).toEqual([
      expect.stringMatching(/^event 0 .*must have required property 'index'/),
    ]);
  });

  it('holds errors to ErrorResponse and 429 to its Retry-After', () => {
    const error = { error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    expect(validateOpenAIResponse(post, { status: 429, headers: { ...json, 'retry-after': '1' }, body: JSON.stringify(error) })).toEqual([]);
    expect(validateOpenAIResponse(post, { status: 429, headers: { ...json, 'retry-after': 'soon' }, body: JSON.stringify(error) })).toEqual([expect.stringContaining('header Retry-After: soon')]);
    expect(validateOpenAIResponse(post, { status: 400, headers: json, body: JSON.stringify({ error: { message: 'bad' } }) })).toEqual([
      expect.stringContaining("must have required property 'type'"),
      expect.stringContaining("must have required property 'param'"),
      expect.stringContaining("must have required property 'code'"),
    ]);
  });

  it('refuses a request without a key, with a misspelt argument or a wrong role', () => {
    const body = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] };
    const request = (headers: Record<string, string>, sent: object) => ({ ...post, headers: { ...json, ...headers }, body: JSON.stringify(sent) });
    expect(validateOpenAIRequest(request({ authorization: 'Bearer sk-x' }, body))).toEqual([]);
    expect(validateOpenAIRequest(request({}, body))).toEqual(['Authorization: Bearer <key> is required']);
    expect(validateOpenAIRequest(request({ authorization: 'Bearer sk-x' }, { ...body, stream_option: {} }))).toEqual([expect.stringContaining('stream_option')]);
    expect(validateOpenAIRequest(request({ authorization: 'Bearer sk-x' }, { ...body, messages: [{ role: 'guest', content: 'hi' }] })).length).toBeGreaterThan(0);
    expect(validateOpenAIRequest({ method: 'DELETE', url: '/v1/moderations', headers: {} })).toEqual(['/v1/moderations takes POST, not DELETE']);
  });

  it('agrees with the mock on the chat arguments and moderation categories OpenAI defines', () => {
    expect(schemaPropertyNames('CreateChatCompletionRequest')).toEqual([...CHAT_ARGUMENTS].sort());
    const result = { flagged: false, categories: {}, category_scores: {}, category_applied_input_types: {} };
    const problems = checkSchema('CreateModerationResponse', { id: 'modr-1', model: 'm', results: [result] });
    const required = problems.map((problem) => /"missingProperty":"([^"]+)"/.exec(problem)?.[1]).filter((name) => name !== undefined);
    expect(new Set(required)).toEqual(new Set(MODERATION_CATEGORIES));
  });
});
