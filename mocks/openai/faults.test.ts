import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { OPENAI_MOCK_MODEL } from './credentials.js';
import { QUOTA_MODEL } from './server.js';
import { useOpenAIMock } from './test-support.js';

describe('OpenAI mock faults', () => {
  const running = useOpenAIMock();
  afterEach(async () => {
    await running.control('/__control/requests', undefined, 'DELETE');
  });

  const create = (client = running.client, headers: Record<string, string> = {}, model = OPENAI_MOCK_MODEL) =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, { headers }).catch((error: unknown) => error);

  it('answers 500 server_error and 429 rate_limit_exceeded with retry-after in OpenAI error shape', async () => {
    const failed = await create(running.client, { 'x-mock-fault': 'error' });
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed).toMatchObject({ status: 500, type: 'server_error' });

    const limited = await create(running.client, { 'x-mock-fault': 'rate-limit' });
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded', param: null });
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
  });

  it('gets a 429 armed over the control API, and the SDK retries once after retry-after', async () => {
    expect((await running.control('/__control/faults', { mode: 'rate-limit', count: 1 })).status).toBe(200);
    const completion = await create(running.sdk({ maxRetries: 1 }));
    expect(completion).toMatchObject({ object: 'chat.completion' });

    const [first, retry, ...others] = await running.logged();
    expect(others).toEqual([]);
    expect([first!.status, retry!.status]).toEqual([429, 200]);
    expect(retry!.headers['x-stainless-retry-count']).toBe('1');
    // Retry-After is 1 s; without it the SDK's first back-off is at most 0.5 s.
    expect(Date.parse(retry!.receivedAt) - Date.parse(first!.receivedAt)).toBeGreaterThanOrEqual(900);
  });

  it('answers insufficient_quota, the 429 that waiting does not cure, for the quota model', async () => {
    const refused = await create(running.client, {}, QUOTA_MODEL);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota' });
  });

  it('hangs until the client gives up, and is logged without a status', async () => {
    const timedOut = await create(running.sdk({ timeout: 200 }), { 'x-mock-fault': 'hang' });
    expect(timedOut).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect((await running.logged()).map((entry) => entry.status)).toEqual([null]);
  });
});
