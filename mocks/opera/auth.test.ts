import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERA_DEMO_APP_KEY, OPERA_SCOPE } from './credentials.js';
import { OhipClient, basicAuth, paths, startMock, type RunningMock } from './test-support.js';

const lookup = { module: 'rsv', method: 'get', template: paths.reservations, query: { confirmationNumberList: 'HV1001' } } as const;

describe('OPERA mock auth', () => {
  let running: RunningMock;
  let clock = Date.now();

  beforeAll(async () => {
    running = await startMock({ now: () => new Date(clock), tokenTtlSeconds: 60 });
  });
  afterAll(() => running.mock.stop());

  describe('POST /oauth/v1/tokens', () => {
    it('issues an expiring bearer token for the demo client credentials', async () => {
      const res = await running.client.requestToken();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 60, oracle_tk_context: 'user_assertion' });
      expect(res.body.access_token.split('.')).toHaveLength(3);
    });

    it('refuses a wrong client secret with 401', async () => {
      const res = await running.client.requestToken({ authorization: basicAuth('innkeeper-demo', 'wrong') });
      expect(res.status).toBe(401);
      expect(res.body['o:errorCode']).toBe('OAUTH00410');
    });

    it('refuses a wrong app key, enterprise or scope with 401', async () => {
      expect((await running.client.requestToken({ appKey: '11111111-1111-4111-8111-111111111111' })).status).toBe(401);
      expect((await running.client.requestToken({ enterpriseId: 'OTHER' })).status).toBe(401);
      expect((await running.client.requestToken({ form: { grant_type: 'client_credentials', scope: 'urn:other' } })).status).toBe(401);
    });

    it('answers malformed requests with 400', async () => {
      expect((await running.client.requestToken({ authorization: null })).status).toBe(400);
      expect((await running.client.requestToken({ enterpriseId: null })).status).toBe(400);
      const password = await running.client.requestToken({ form: { grant_type: 'password', username: 'u', password: 'p', scope: OPERA_SCOPE } });
      expect(password.status).toBe(400);
      expect(password.body['o:errorPath']).toBe('grant_type');
    });
  });

  describe('property API guard', () => {
    it('lets a valid token through and echoes x-request-id', async () => {
      const requestId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
      const res = await running.client.call({ ...lookup, headers: { 'x-request-id': requestId } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe(requestId);
    });

    it.each([
      ['no Authorization', { authorization: null }, 'GEN00401'],
      ['an unknown token', { authorization: 'Bearer abc.def.ghi' }, 'GEN00403'],
      ['no x-app-key', { 'x-app-key': null }, 'GEN00404'],
      ['another app key', { 'x-app-key': '11111111-1111-4111-8111-111111111111' }, 'GEN00404'],
      ['no x-hotelid', { 'x-hotelid': null }, 'GEN00405'],
      ['x-hotelid not matching the path', { 'x-hotelid': 'ALPINE' }, 'GEN00406'],
    ])('answers %s with 401 problem JSON', async (_, headers, code) => {
      const res = await running.client.call({ ...lookup, headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', 'o:errorCode': code });
    });

    it('answers a hotel outside the enterprise with 403', async () => {
      const res = await running.client.call({ ...lookup, hotelId: 'NOWHERE' });
      expect(res.status).toBe(403);
    });

    it('guards every module, not only rsv', async () => {
      const res = await running.client.call({ module: 'crm', method: 'get', template: paths.profile, params: { profileId: '771001' }, headers: { 'x-app-key': null } });
      expect(res.status).toBe(401);
    });

    it('refuses a token once it has expired (no refresh token: fetch a new one)', async () => {
      const client = new OhipClient(running.url);
      expect((await client.call(lookup)).status).toBe(200);
      clock += 61_000;
      const expired = await client.call(lookup);
      expect(expired.status).toBe(401);
      expect(expired.body['o:errorCode']).toBe('GEN00402');
      expect((await new OhipClient(running.url).call(lookup)).status).toBe(200);
    });
  });

  it('exports the app key in the UUID v4 form the spec requires', () => {
    expect(OPERA_DEMO_APP_KEY).toMatch(/^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89aAbB][a-f0-9]{3}-[a-f0-9]{12}$/);
  });
});
