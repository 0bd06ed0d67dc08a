import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAGIC_TO, TWILIO_MOCK_ACCOUNT_SID, TWILIO_MOCK_AUTH_TOKEN, TWILIO_MOCK_FROM } from './credentials.js';
import { createTwilioMock, type TwilioMock } from './server.js';

describe('Twilio Messages API mock', () => {
  let mock: TwilioMock;
  let url: string;
  const auth = `Basic ${Buffer.from(`${TWILIO_MOCK_ACCOUNT_SID}:${TWILIO_MOCK_AUTH_TOKEN}`).toString('base64')}`;
  const messagesUrl = () => `${url}/2010-04-01/Accounts/${TWILIO_MOCK_ACCOUNT_SID}/Messages.json`;
  const send = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(messagesUrl(), {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });

  beforeAll(async () => {
    mock = createTwilioMock();
    url = await mock.start();
  });
  afterAll(() => mock.stop());

  it('creates a message from a form body and answers 201 with the message resource', async () => {
    const response = await send({ To: '+351912345678', From: TWILIO_MOCK_FROM, Body: 'Your towels are on the way.' });
    expect(response.status).toBe(201);
    const message = await response.json();
    expect(message).toMatchObject({
      account_sid: TWILIO_MOCK_ACCOUNT_SID,
      to: '+351912345678',
      from: TWILIO_MOCK_FROM,
      body: 'Your towels are on the way.',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      api_version: '2010-04-01',
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);

    const fetched = await fetch(`${url}${message.uri}`, { headers: { authorization: auth } });
    expect(await fetched.json()).toEqual(message);
  });

  it('counts UCS-2 segments for non-GSM text', async () => {
    const message = await (await send({ To: '+351912345678', From: TWILIO_MOCK_FROM, Body: '好'.repeat(71) })).json();
    expect(message.num_segments).toBe('2');
  });

  it("refuses bad credentials and another account's path like Twilio", async () => {
    const wrong = await fetch(messagesUrl(), { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${TWILIO_MOCK_ACCOUNT_SID}:nope`).toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    const other = await fetch(`${url}/2010-04-01/Accounts/AC99999999999999999999999999999999/Messages.json`, { method: 'POST', headers: { authorization: auth } });
    expect(other.status).toBe(404);
  });

  it.each([
    [{ From: TWILIO_MOCK_FROM, Body: 'x' }, 21604],
    [{ To: '+351912345678', Body: 'x' }, 21603],
    [{ To: '+351912345678', From: '+15551234567', Body: 'x' }, 21606],
    [{ To: '+351912345678', From: TWILIO_MOCK_FROM }, 21602],
    [{ To: '912345678', From: TWILIO_MOCK_FROM, Body: 'x' }, 21211],
    [{ To: MAGIC_TO.invalid, From: TWILIO_MOCK_FROM, Body: 'x' }, 21211],
    [{ To: MAGIC_TO.notSmsCapable, From: TWILIO_MOCK_FROM, Body: 'x' }, 21614],
    [{ To: '+351912345678', From: TWILIO_MOCK_FROM, Body: 'x'.repeat(1601) }, 21617],
  ])('answers 400 with Twilio error %#', async (form, code) => {
    const response = await send(form as Record<string, string>);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code, status: 400, more_info: `https://www.twilio.com/docs/errors/${code}` });
  });

  it('injects faults in Twilio error shape', async () => {
    const failing = await send({ To: '+351912345678', From: TWILIO_MOCK_FROM, Body: 'x' }, { 'x-mock-fault': 'error' });
    expect(failing.status).toBe(500);
    expect(await failing.json()).toMatchObject({ code: 20500, status: 500 });
    const limited = await send({ To: '+351912345678', From: TWILIO_MOCK_FROM, Body: 'x' }, { 'x-mock-fault': 'rate-limit' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
  });
});
