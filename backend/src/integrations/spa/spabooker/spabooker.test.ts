import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SPABOOKER_MOCK_CLIENT_ID, SPABOOKER_MOCK_CLIENT_SECRET, SPABOOKER_MOCK_LOCATION_ID, SPABOOKER_MOCK_SUBSCRIPTION_KEY } from '../../../../../mocks/spabooker/credentials.js';
import { createSpaBookerMock } from '../../../../../mocks/spabooker/server.js';
import { controlClient } from '../../../../../mocks/shared/control-client.js';
import { createHttpClientFactory } from '../../http.js';
import { runSpaContract } from '../spa.contract.js';
import { createSpaBookerSpa } from './spabooker.adapter.js';
import { spaBookerConfigSchema } from './spabooker.provider.js';

const property = { id: 'prop-harbour', code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' };
// Short enough that the lost-answer case of the contract waits little; long enough for a loaded machine.
const TIMEOUT_MS = 2_000;

function adapterFor(baseUrl: string, overrides: Record<string, unknown> = {}, zone = property.timeZone) {
  const config = spaBookerConfigSchema.parse({
    apiBaseUrl: baseUrl,
    clientId: SPABOOKER_MOCK_CLIENT_ID,
    clientSecret: SPABOOKER_MOCK_CLIENT_SECRET,
    subscriptionKey: SPABOOKER_MOCK_SUBSCRIPTION_KEY,
    locationId: SPABOOKER_MOCK_LOCATION_ID,
    timeoutMs: TIMEOUT_MS,
    ...overrides,
  });
  return createSpaBookerSpa(config, { http: createHttpClientFactory({ production: false }), clock: { now: () => new Date() }, property: { ...property, timeZone: zone } });
}

runSpaContract('spabooker', async () => {
  const mock = createSpaBookerMock();
  const url = await mock.start(0);
  const control = controlClient(url);
  return {
    spa: adapterFor(url),
    timeZone: property.timeZone,
    loseNextBook: async () => void (await control('/__control/lose-answers', { count: 1 })),
    countBookings: async (reference) => mock.book.all().filter((appointment) => appointment.externalReference === reference).length,
    close: () => mock.stop(),
  };
});

describe('SpaBooker adapter against its mock', () => {
  const withMock = async (test: (url: string, control: ReturnType<typeof controlClient>) => Promise<void>) => {
    const mock = createSpaBookerMock();
    const url = await mock.start(0);
    try {
      await test(url, controlClient(url));
    } finally {
      await mock.stop();
    }
  };
  const guest = { firstName: 'Anna', lastName: 'Müller', email: 'anna@guests.example', phone: '+351912345678' };
  const firstSlot = async (url: string) => {
    const date = DateTime.now().setZone(property.timeZone).plus({ days: 3 }).toISODate()!;
    const [slot] = await adapterFor(url).availability('1101', date);
    return slot!;
  };

  it('reads a wrong subscription key, client secret, location or time zone as a misconfiguration', async () => {
    await withMock(async (url) => {
      await expect(adapterFor(url).healthCheck()).resolves.toBeUndefined();
      for (const overrides of [{ subscriptionKey: 'wrong' }, { clientSecret: 'wrong' }, { locationId: '1' }]) {
        await expect(adapterFor(url, overrides).healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
      }
      await expect(adapterFor(url, {}, 'Europe/Zurich').healthCheck()).rejects.toMatchObject({ code: 'integration_misconfigured' });
    });
  });

  it('gets a new token when SpaBooker says the one it holds has ended', async () => {
    await withMock(async (url, control) => {
      const spa = adapterFor(url);
      await spa.healthCheck();
      await control('/__control/clock', { advanceSeconds: 2 * 3600 });
      await expect(spa.healthCheck()).resolves.toBeUndefined();
    });
  });

  it('answers the catalog in German with prices in minor units', async () => {
    await withMock(async (url) => {
      const catalog = await adapterFor(url).catalog('de');
      expect(catalog.find((item) => item.id === '1101')).toMatchObject({ name: 'Tiefengewebsmassage', category: 'Massage', durationMinutes: 60, price: { amount: 9500, currency: 'EUR' } });
      expect(catalog.find((item) => item.id === '1104')?.price.amount).toBe(11550);
    });
  });

  it('books once through a server error (the create is retried under its Idempotency-Key) and names the field SpaBooker refused', async () => {
    await withMock(async (url, control) => {
      const spa = adapterFor(url);
      const slot = await firstSlot(url);
      const input = { reference: 'spa_bk_retry', treatmentId: '1101', startsAt: slot.startsAt, therapistId: slot.therapist!.id, guest, notes: null };
      await control('/__control/faults', { mode: 'error', count: 1 });
      expect((await spa.book(input)).status).toBe('booked');
      expect((await control('/__control/appointments')).body.appointments).toHaveLength(1);
      await expect(spa.book({ ...input, reference: 'spa_bk_nameless', guest: { ...guest, lastName: ' ' } })).rejects.toMatchObject({
        code: 'upstream_rejected',
        options: { details: { code: 'InvalidArgument', fields: ['Customer.LastName'] } },
      });
    });
  });
});
