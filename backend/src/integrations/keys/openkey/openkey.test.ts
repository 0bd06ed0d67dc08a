import { describe, expect, it } from 'vitest';
import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME } from '../../../../../mocks/openkey/credentials.js';
import { createOpenKeyMock } from '../../../../../mocks/openkey/server.js';
import { controlClient } from '../../../../../mocks/shared/control-client.js';
import { AppError } from '../../../lib/errors.js';
import { createHttpClientFactory } from '../../http.js';
import { runKeysContract } from '../keys.contract.js';
import { createOpenKeyKeys } from './openkey.adapter.js';
import { openKeyConfigSchema } from './openkey.provider.js';

const property = { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };

function adapterFor(baseUrl: string, overrides: Record<string, unknown> = {}) {
  const config = openKeyConfigSchema.parse({
    apiBaseUrl: baseUrl,
    username: OPENKEY_MOCK_USERNAME,
    password: OPENKEY_MOCK_PASSWORD,
    hotelId: OPENKEY_MOCK_HOTEL_ID,
    ...overrides,
  });
  return createOpenKeyKeys(config, { http: createHttpClientFactory({ production: false }), clock: { now: () => new Date() }, property });
}

runKeysContract('openkey', async () => {
  const mock = createOpenKeyMock();
  const url = await mock.start(0);
  const control = controlClient(url);
  return {
    keys: adapterFor(url),
    loseNextIssue: async () => void (await control('/__control/lock-server', { timeoutsAfterAccept: 1 })),
    countKeys: async (reservationId) => mock.store.list({ reservationId }).length,
    close: () => mock.stop(),
  };
});

describe('OpenKey adapter against its mock', () => {
  const holder = { firstName: 'Anna', lastName: 'Müller', email: null };
  const input = { reservationId: 'HV1001', room: '204', validFrom: new Date().toISOString(), validUntil: new Date(Date.now() + 86_400_000).toISOString(), idempotencyKey: 'k' };

  it('reads wrong credentials as a misconfiguration and a guest without a mobile number as a refusal naming the phone', async () => {
    const mock = createOpenKeyMock();
    const url = await mock.start(0);
    try {
      await expect(adapterFor(url, { password: 'wrong' }).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
      const error = await adapterFor(url).issue({ ...input, holder: { ...holder, phone: null } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'upstream_rejected', options: { details: [{ field: 'phone' }] } });
      const refused = await adapterFor(url).issue({ ...input, holder: { ...holder, phone: '+1' } }).catch((caught: unknown) => caught);
      expect(refused).toMatchObject({ code: 'upstream_rejected', options: { details: { code: 'INVALID_PHONE' } } });
    } finally {
      await mock.stop();
    }
  });

  it('retries a revoke through a server error and reads a pending key as pending', async () => {
    const mock = createOpenKeyMock();
    const url = await mock.start(0);
    const control = controlClient(url);
    try {
      const keys = adapterFor(url);
      await control('/__control/lock-server', { confirm: 'manual' });
      const key = await keys.issue({ ...input, holder: { ...holder, phone: '+351912345678' } });
      expect(key.status).toBe('pending');
      await control('/__control/faults', { mode: 'error', count: 1 });
      expect((await keys.revoke(key.keyId, 'checkout')).status).toBe('revoked');
    } finally {
      await mock.stop();
    }
  });
});
