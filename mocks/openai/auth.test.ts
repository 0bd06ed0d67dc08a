import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { OPENAI_MOCK_API_KEY, OPENAI_MOCK_MODEL } from './credentials.js';
import { specProblems, useOpenAIMock } from './test-support.js';

describe('OpenAI mock authentication', () => {
  const running = useOpenAIMock();

  const create = (client: OpenAI) => client.chat.completions.create({ model: OPENAI_MOCK_MODEL, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);

  it('answers 401 invalid_api_key in OpenAI error shape for any other key, showing only its ends', async () => {
    const refused = await create(running.sdk({ apiKey: 'sk-proj-someoneElsesKey000000000000009999' }));
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(refused).toMatchObject({
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      param: null,
      error: { message: expect.stringMatching(/^Incorrect API key provided: sk-proj-\*+9999\. /) },
      requestID: expect.stringMatching(/^req_/),
    });
    expect(specProblems(await running.traffic())).toEqual([]);
  });

  it('answers 401 when no key is sent, on every API path', async () => {
    for (const path of ['/v1/chat/completions', '/v1/moderations', '/v1/models']) {
      const response = await fetch(`${running.url}${path}`, { method: path === '/v1/models' ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: path === '/v1/models' ? undefined : '{}' });
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body).toEqual({ error: { message: expect.stringContaining("You didn't provide an API key"), type: 'invalid_request_error', param: null, code: null } });
      expect(specProblems([{ request: { method: 'POST', url: path, headers: {} }, response: { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } }], { requests: false })).toEqual([]);
    }
  });

  it('answers unknown paths with OpenAI 404', async () => {
    const response = await fetch(`${running.url}/v1/completions/legacy`, { method: 'POST', headers: { authorization: `Bearer ${OPENAI_MOCK_API_KEY}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'Invalid URL (POST /v1/completions/legacy)', type: 'invalid_request_error', param: null, code: null } });
  });
});
