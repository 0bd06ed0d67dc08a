import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlClient } from '../shared/control-client.js';
import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID } from './credentials.js';
import { createAlliantsMock, type AlliantsMock } from './server.js';

const keyBody = (overrides: Record<string, unknown> = {}) => ({
  roomNumber: '1204',
  validFrom: '2026-11-24T15:00:00Z',
  validUntil: '2026-11-27T11:00:00Z',
  delivery: 'apple_wallet',
  guest: { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' },
  ...overrides,
});

describe('Alliants AXP mock', () => {
  let mock: AlliantsMock;
  let url: string;
  let token: string;
  let control: ReturnType<typeof controlClient>;
  const location = `/v1/locations/${ALLIANTS_MOCK_LOCATION_ID}`;
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${location}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'x-location-id': ALLIANTS_MOCK_LOCATION_ID,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const tokenFor = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });

  beforeEach(async () => {
    mock = createAlliantsMock({ now: Date.parse('2026-11-24T16:00:00Z') });
    url = await mock.start(0);
    control = controlClient(url);
    const response = await tokenFor({ grant_type: 'client_credentials', client_id: ALLIANTS_MOCK_CLIENT_ID, client_secret: ALLIANTS_MOCK_CLIENT_SECRET });
    token = ((await response.json()) as { access_token: string }).access_token;
  });
  afterEach(() => mock.stop());

  it('gives tokens for the demo client only (body or Basic) and wants them with the location header', async () => {
    expect((await tokenFor({ grant_type: 'client_credentials', client_id: ALLIANTS_MOCK_CLIENT_ID, client_secret: 'nope' })).status).toBe(401);
    const basic = Buffer.from(`${ALLIANTS_MOCK_CLIENT_ID}:${ALLIANTS_MOCK_CLIENT_SECRET}`).toString('base64');
    expect(await (await tokenFor({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await api('GET', '/digital-keys/dk_0001', undefined, { authorization: 'Bearer axp_unknown' })).body).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'The access token is missing, unknown or expired.' },
    });
    expect((await api('GET', '/digital-keys/dk_0001', undefined, { 'x-location-id': 'loc_other' })).status).toBe(403);
  });

  it('issues a wallet key once per Idempotency-Key, extends, moves and revokes it', async () => {
    const created = await api('POST', '/bookings/AL2001/digital-keys', keyBody(), { 'idempotency-key': 'stay:1:key:1' });
    expect(created).toMatchObject({ status: 201, body: { id: 'dk_0001', status: 'issued', roomNumber: '1204', bookingRef: 'AL2001', delivery: 'apple_wallet' } });
    expect(created.body.walletPassUrl).toBe(`${url}/passes/dk_0001`);
    expect(await api('POST', '/bookings/AL2001/digital-keys', keyBody(), { 'idempotency-key': 'stay:1:key:1' })).toMatchObject({ status: 200, body: { id: 'dk_0001' } });

    expect((await api('PATCH', '/digital-keys/dk_0001', { validUntil: '2026-11-28T11:00:00Z', roomNumber: '1207' })).body).toMatchObject({
      validUntil: '2026-11-28T11:00:00Z',
      roomNumber: '1207',
      changes: ['moved', 'extended'],
    });
    expect((await api('POST', '/digital-keys/dk_0001/revoke', { reason: 'checkout' })).body).toMatchObject({ status: 'revoked', revokeReason: 'checkout' });
    expect((await api('POST', '/digital-keys/dk_0001/revoke', { reason: 'checkout' })).status).toBe(200);
    expect((await api('PATCH', '/digital-keys/dk_0001', { roomNumber: '1' })).body.error.code).toBe('KEY_REVOKED');
  });

  it('answers the guessed refusals', async () => {
    expect((await api('POST', '/bookings/AL2001/digital-keys', keyBody({ roomNumber: '' }))).body.error.code).toBe('ROOM_NOT_ASSIGNED');
    expect((await api('POST', '/bookings/AL2001/digital-keys', keyBody({ validUntil: '2026-11-24T14:00:00Z' }))).body.error.code).toBe('INVALID_VALIDITY');
    expect(await api('POST', '/bookings/AL2001/digital-keys', keyBody({ delivery: 'guest_app', guest: { lastName: 'Doe' } }))).toMatchObject({
      status: 422,
      body: { error: { code: 'GUEST_APP_NOT_INSTALLED' } },
    });
    expect((await api('POST', '/digital-keys/dk_0099/revoke', { reason: 'checkout' })).status).toBe(404);
  });

  it('times out at the lock server; a key accepted before the timeout is found again by its Idempotency-Key', async () => {
    expect((await api('POST', '/bookings/AL2001/digital-keys', keyBody({ roomNumber: '9999' }))).body.error.code).toBe('LOCK_SERVER_TIMEOUT');
    await control('/__control/lock-server', { timeoutsAfterAccept: 1 });
    expect((await api('POST', '/bookings/AL2001/digital-keys', keyBody(), { 'idempotency-key': 'k' })).status).toBe(504);
    const again = await api('POST', '/bookings/AL2001/digital-keys', keyBody(), { 'idempotency-key': 'k' });
    expect(again).toMatchObject({ status: 200, body: { status: 'pending' } });
    expect((await control('/__control/keys')).body.keys).toHaveLength(1);
  });

  it('expires keys at validUntil on the mock clock, and injects faults in its error body', async () => {
    const { body } = await api('POST', '/bookings/AL2001/digital-keys', keyBody());
    await control('/__control/clock', { advanceSeconds: 3 * 86_400 });
    expect((await api('GET', `/digital-keys/${body.id}`)).body.status).toBe('expired');
    expect(await api('GET', `/digital-keys/${body.id}`, undefined, { 'x-mock-fault': 'error' })).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL_ERROR' } } });
  });
});
