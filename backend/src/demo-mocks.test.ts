import { describe, expect, it } from 'vitest';
import * as alliants from '../../mocks/alliants/credentials.js';
import * as openkey from '../../mocks/openkey/credentials.js';
import * as stripe from '../../mocks/stripe/credentials.js';
import { demoAlliants, demoOpenKey, demoStripe } from './demo-mocks.js';

describe('the demo settings npm start gives the API', () => {
  it('are the ones the mock servers accept', () => {
    expect(demoStripe).toEqual({
      defaultPort: stripe.stripeDefaultPort,
      secretKey: stripe.STRIPE_MOCK_SECRET_KEY,
      publishableKey: stripe.STRIPE_MOCK_PUBLISHABLE_KEY,
      webhookSecret: stripe.STRIPE_MOCK_WEBHOOK_SECRET,
    });
    expect(demoOpenKey).toEqual({
      defaultPort: openkey.openkeyDefaultPort,
      username: openkey.OPENKEY_MOCK_USERNAME,
      password: openkey.OPENKEY_MOCK_PASSWORD,
      hotelId: openkey.OPENKEY_MOCK_HOTEL_ID,
    });
    expect(demoAlliants).toEqual({
      defaultPort: alliants.alliantsDefaultPort,
      clientId: alliants.ALLIANTS_MOCK_CLIENT_ID,
      clientSecret: alliants.ALLIANTS_MOCK_CLIENT_SECRET,
      locationId: alliants.ALLIANTS_MOCK_LOCATION_ID,
    });
  });
});
