import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME } from './credentials.js';
import { createOpenKeyMock, type OpenKeyMock } from './server.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const sessionBody = (overrides: Record<string, unknown> = {}) => ({
  reservation_id: '8842',
  room_number: '1204',
  check_in: '2026-11-24T15:00:00+00:00',
  check_out: '2026-11-27T11:00:00+00:00',
  guest: { first_name: 'Jane', last_name: 'Doe', phone: '+15555550123', email: 'jane@example.com' },
  ...overrides,
});

describe('OpenKey mock', () => {
  let mock: OpenKeyMock;
  let url: string;
  let control: ReturnType<typeof controlClient>;
  const api = async (method: string, path: string, body?: unknown, auth = basic(OPENKEY_MOCK_USERNAME, OPENKEY_MOCK_PASSWORD), headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/api/v1/hotels/${OPENKEY_MOCK_HOTEL_ID}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
  };

  beforeEach(async () => {
    mock = createOpenKeyMock({ now: Date.parse('2026-11-24T16:00:00Z') });
    url = await mock.start(0);
    control = controlClient(url);
  });
  afterEach(() => mock.stop());

  it('refuses other Basic credentials and other hotels with its error body', async () => {
    expect(await api('GET', '/sessions', undefined, basic(OPENKEY_MOCK_USERNAME, 'wrong'))).toMatchObject({
      status: 401,
      body: { success: false, error: { code: 'UNAUTHORIZED' } },
    });
    const other = await fetch(`${url}/api/v1/hotels/78/sessions`, { headers: { authorization: basic(OPENKEY_MOCK_USERNAME, OPENKEY_MOCK_PASSWORD) } });
    expect(other.status).toBe(404);
  });

  it('issues a session (key delivered), finds it by reservation, extends, moves and checks it out', async () => {
    const created = await api('POST', '/sessions', sessionBody());
    expect(created.status).toBe(201);
    expect(created.type).toContain('application/json');
    const session = created.body.data;
    expect(created.body.success).toBe(true);
    expect(session).toMatchObject({ reservation_id: '8842', room_number: '1204', mobile_key_status: { status: 'KEY DELIVERED' } });
    expect(session.invitation_url).toMatch(new RegExp(`^${url}/i/[0-9A-F]{8}$`));
    expect((await fetch(session.invitation_url)).status).toBe(200);
    expect((await api('GET', '/sessions?reservation_id=8842')).body.data.map((s: { id: number }) => s.id)).toEqual([session.id]);

    const extended = await api('PATCH', `/sessions/${session.id}`, { check_out: '2026-11-28T11:00:00+00:00' });
    expect(extended.body.data.check_out).toBe('2026-11-28T11:00:00+00:00');
    const moved = await api('PATCH', `/sessions/${session.id}`, { room_number: '1207' });
    expect(moved.body.data.room_number).toBe('1207');

    const out = await api('POST', `/sessions/${session.id}/checkout`);
    expect(out.body.data.mobile_key_status.status).toBe('CHECKED OUT');
    expect(await api('POST', `/sessions/${session.id}/checkout`)).toMatchObject({ status: 409, body: { error: { code: 'SESSION_CHECKED_OUT' } } });
    expect(await api('PATCH', `/sessions/${session.id}`, { room_number: '1' })).toMatchObject({ status: 409, body: { error: { code: 'SESSION_CHECKED_OUT' } } });
  });

  it('answers the guessed refusals: phone without country code, no room, end before start', async () => {
    expect(await api('POST', '/sessions', sessionBody({ guest: { last_name: 'Doe', phone: '5555550123' } }))).toMatchObject({
      status: 422,
      body: { success: false, error: { code: 'INVALID_PHONE', message: 'Phone number must include country code' } },
    });
    expect((await api('POST', '/sessions', sessionBody({ room_number: '' }))).body.error.code).toBe('ROOM_NOT_ASSIGNED');
    expect((await api('POST', '/sessions', sessionBody({ check_out: '2026-11-24T14:00:00+00:00' }))).status).toBe(422);
    expect((await api('GET', '/sessions/999')).body.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('keeps a key pending until the lock server confirms it', async () => {
    await control('/__control/lock-server', { confirm: 'manual' });
    const { body } = await api('POST', '/sessions', sessionBody());
    expect(body.data.mobile_key_status.status).toBe('PENDING KEY SERVER REQUEST');
    expect(await control('/__control/lock-server/deliver', {})).toMatchObject({ body: { delivered: 1 } });
    expect((await api('GET', `/sessions/${body.data.id}`)).body.data.mobile_key_status.status).toBe('KEY DELIVERED');
  });

  it('times out at the lock server for room 9999 (nothing made) and after accepting when armed (session made)', async () => {
    expect(await api('POST', '/sessions', sessionBody({ room_number: '9999' }))).toMatchObject({ status: 504, body: { error: { code: 'LOCK_SERVER_TIMEOUT' } } });
    expect((await api('GET', '/sessions?reservation_id=8842')).body.data).toEqual([]);
    await control('/__control/lock-server', { timeoutsAfterAccept: 1 });
    expect((await api('POST', '/sessions', sessionBody())).status).toBe(504);
    const [pending] = (await api('GET', '/sessions?reservation_id=8842')).body.data;
    expect(pending.mobile_key_status.status).toBe('PENDING KEY SERVER REQUEST');
  });

  it('expires a session at check_out on the mock clock', async () => {
    const { body } = await api('POST', '/sessions', sessionBody());
    await control('/__control/clock', { advanceSeconds: 3 * 86_400 });
    expect((await api('GET', `/sessions/${body.data.id}`)).body.data.mobile_key_status.status).toBe('EXPIRED');
  });

  it('shares a session with a second guest', async () => {
    const { body } = await api('POST', '/sessions', sessionBody());
    const shared = await api('POST', `/sessions/${body.data.id}/guests`, { first_name: 'Sam', last_name: 'Doe', phone: '+15555550124' });
    expect(shared.status).toBe(201);
    expect(shared.body.data.additional_guests).toHaveLength(1);
  });

  it('injects faults in its own error body', async () => {
    expect(await api('GET', '/sessions', undefined, undefined, { 'x-mock-fault': 'error' })).toMatchObject({ status: 500, body: { success: false, error: { code: 'INTERNAL_ERROR' } } });
    await control('/__control/faults', { mode: 'rate-limit', count: 1 });
    expect(await api('GET', '/sessions')).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect((await api('GET', '/sessions')).status).toBe(200);
  });
});
