import { MINDBODY_MOCK_API_KEY, MINDBODY_MOCK_LOCATION_ID, MINDBODY_MOCK_PASSWORD, MINDBODY_MOCK_SITE_ID, MINDBODY_MOCK_USERNAME } from '../../mocks/mindbody/credentials.js';
import { createMindbodyMock, type MindbodyMock } from '../../mocks/mindbody/server.js';
import { SPABOOKER_MOCK_CLIENT_ID, SPABOOKER_MOCK_CLIENT_SECRET, SPABOOKER_MOCK_LOCATION_ID, SPABOOKER_MOCK_SUBSCRIPTION_KEY } from '../../mocks/spabooker/credentials.js';
import { createSpaBookerMock, type SpaBookerMock } from '../../mocks/spabooker/server.js';
import type { AppContext } from '../src/context.js';
import { adminId } from './notifications.js';

/**
 * The demo hotels' spas as `npm start` runs them: harbour on the SpaBooker mock, alpine on the
 * Mindbody mock, each saved as an admin saves it with the mock's demo credentials.
 */
export async function startSpaMocks(ctx: AppContext): Promise<{ spabooker: SpaBookerMock; mindbody: MindbodyMock; close(): Promise<void> }> {
  const spabooker = createSpaBookerMock();
  const mindbody = createMindbodyMock();
  const [spabookerUrl, mindbodyOrigin] = await Promise.all([spabooker.start(0), mindbody.start(0)]);
  const { rows } = await ctx.database.pool.query<{ id: string; code: string }>('SELECT id, code FROM properties');
  const actor = await adminId(ctx);
  for (const hotel of rows) {
    const draft =
      hotel.code === 'harbour'
        ? {
            provider: 'spabooker',
            config: {
              apiBaseUrl: spabookerUrl,
              clientId: SPABOOKER_MOCK_CLIENT_ID,
              clientSecret: SPABOOKER_MOCK_CLIENT_SECRET,
              subscriptionKey: SPABOOKER_MOCK_SUBSCRIPTION_KEY,
              locationId: SPABOOKER_MOCK_LOCATION_ID,
            },
          }
        : {
            provider: 'mindbody',
            config: {
              apiBaseUrl: `${mindbodyOrigin}/public/v6`,
              apiKey: MINDBODY_MOCK_API_KEY,
              siteId: MINDBODY_MOCK_SITE_ID,
              username: MINDBODY_MOCK_USERNAME,
              password: MINDBODY_MOCK_PASSWORD,
              locationId: MINDBODY_MOCK_LOCATION_ID,
            },
          };
    await ctx.integrations.save('spa', hotel.id, draft, actor);
  }
  return { spabooker, mindbody, close: () => Promise.all([spabooker.stop(), mindbody.stop()]).then(() => undefined) };
}
