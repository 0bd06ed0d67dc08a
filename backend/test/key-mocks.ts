import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID } from '../../mocks/alliants/credentials.js';
import { createAlliantsMock, type AlliantsMock } from '../../mocks/alliants/server.js';
import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME } from '../../mocks/openkey/credentials.js';
import { createOpenKeyMock, type OpenKeyMock } from '../../mocks/openkey/server.js';
import type { AppContext } from '../src/context.js';
import { adminId } from './notifications.js';

/**
 * The demo hotels' mobile keys as `npm start` runs them: harbour on the OpenKey mock, alpine on the
 * Alliants mock, each saved as an admin saves it with the mock's demo credentials.
 */
export async function startKeyMocks(ctx: AppContext): Promise<{ openkey: OpenKeyMock; openkeyUrl: string; alliants: AlliantsMock; close(): Promise<void> }> {
  const openkey = createOpenKeyMock();
  const alliants = createAlliantsMock();
  const [openkeyUrl, alliantsUrl] = await Promise.all([openkey.start(0), alliants.start(0)]);
  const { rows } = await ctx.database.pool.query<{ id: string; code: string }>('SELECT id, code FROM properties');
  const actor = await adminId(ctx);
  for (const hotel of rows) {
    const draft =
      hotel.code === 'harbour'
        ? { provider: 'openkey', config: { apiBaseUrl: openkeyUrl, username: OPENKEY_MOCK_USERNAME, password: OPENKEY_MOCK_PASSWORD, hotelId: OPENKEY_MOCK_HOTEL_ID } }
        : { provider: 'alliants', config: { apiBaseUrl: alliantsUrl, clientId: ALLIANTS_MOCK_CLIENT_ID, clientSecret: ALLIANTS_MOCK_CLIENT_SECRET, locationId: ALLIANTS_MOCK_LOCATION_ID } };
    await ctx.integrations.save('keys', hotel.id, draft, actor);
  }
  return { openkey, openkeyUrl, alliants, close: () => Promise.all([openkey.stop(), alliants.stop()]).then(() => undefined) };
}
