import { describe, expect, it } from 'vitest';
import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID } from '../../../../../mocks/alliants/credentials.js';
import { createAlliantsMock } from '../../../../../mocks/alliants/server.js';
import { controlClient } from '../../../../../mocks/shared/control-client.js';
import { createHttpClientFactory } from '../../http.js';
import { runKeysContract } from '../keys.contract.js';
import { createAlliantsKeys } from './alliants.adapter.js';
import { alliantsConfigSchema } from './alliants.provider.js';

const property = { id: 'prop-alpine', code: 'alpine', timeZone: 'Europe/Zurich', currency: 'CHF' };

function adapterFor(baseUrl: string, overrides: Record<string, unknown> = {}, send: typeof fetch = fetch) {
  const config = alliantsConfigSchema.parse({
    apiBaseUrl: baseUrl,
    clientId: ALLIANTS_MOCK_CLIENT_ID,
    clientSecret: ALLIANTS_MOCK_CLIENT_SECRET,
    locationId: ALLIANTS_MOCK_LOCATION_ID,
    ...overrides,
  });
  return createAlliantsKeys(config, { http: createHttpClientFactory({ production: false, fetch: send }), clock: { now: () => new Date() }, property });
}

runKeysContract('alliants', async () => {
  const mock = createAlliantsMock();
  const url = await mock.start(0);
  const control = controlClient(url);
  return {
    keys: adapterFor(url),
    loseNextIssue: async () => void (await control('/__control/lock-server', { timeoutsAfterAccept: 1 })),
    countKeys: async (reservationId) => mock.store.list({ reservationId }).length,
    close: () => mock.stop(),
  };
});

describe('Alliants adapter against its mock', () => {
  it('reads wrong client credentials as a misconfiguration, and a guest without the app as a refusal', async () => {
    const mock = createAlliantsMock();
    const url = await mock.start(0);
    try {
      await expect(adapterFor(url, { clientSecret: 'wrong' }).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
      const keys = adapterFor(url, { delivery: 'guest_app' });
      await expect(
        keys.issue({
          reservationId: 'AL2001',
          room: '12',
          validFrom: new Date().toISOString(),
          validUntil: new Date(Date.now() + 86_400_000).toISOString(),
          holder: { firstName: 'Giulia', lastName: 'Rossi', phone: null, email: null },
          idempotencyKey: 'k',
        }),
      ).rejects.toMatchObject({ code: 'upstream_rejected', options: { details: { code: 'GUEST_APP_NOT_INSTALLED' } } });
    } finally {
      await mock.stop();
    }
  });

  it('gets one token for many calls', async () => {
    const mock = createAlliantsMock();
    const url = await mock.start(0);
    const tokens: string[] = [];
    const counting: typeof fetch = (target, init) => {
      if (String(target).endsWith('/oauth/token')) tokens.push(String(target));
      return fetch(target, init);
    };
    try {
      const keys = adapterFor(url, {}, counting);
      const key = await keys.issue({
        reservationId: 'AL2001',
        room: '12',
        validFrom: new Date().toISOString(),
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        holder: { firstName: 'Giulia', lastName: 'Rossi', phone: null, email: 'giulia@guests.example' },
        idempotencyKey: 'k2',
      });
      await keys.status(key.keyId);
      await keys.revoke(key.keyId, 'cancelled');
      expect(tokens).toHaveLength(1);
      expect((await controlClient(url)('/__control/keys')).body.keys[0]).toMatchObject({ state: 'revoked', revokeReason: 'checkout' });
    } finally {
      await mock.stop();
    }
  });
});
