import { describe, expect, it } from 'vitest';
import * as alliants from '../../mocks/alliants/credentials.js';
import * as mindbody from '../../mocks/mindbody/credentials.js';
import * as openai from '../../mocks/openai/credentials.js';
import * as openkey from '../../mocks/openkey/credentials.js';
import * as spabooker from '../../mocks/spabooker/credentials.js';
import * as stripe from '../../mocks/stripe/credentials.js';
import { demoStripe, demoVendorMocks } from './demo-mocks.js';

const demo = (folder: string) => {
  const { defaultPort, settings } = demoVendorMocks.find((mock) => mock.folder === folder)!;
  return { defaultPort, settings };
};

describe('the demo settings npm start gives the API', () => {
  it('are the ones the mock servers accept', () => {
    expect(demoStripe).toEqual({
      defaultPort: stripe.stripeDefaultPort,
      secretKey: stripe.STRIPE_MOCK_SECRET_KEY,
      publishableKey: stripe.STRIPE_MOCK_PUBLISHABLE_KEY,
      webhookSecret: stripe.STRIPE_MOCK_WEBHOOK_SECRET,
    });
    expect(demo('openkey')).toEqual({
      defaultPort: openkey.openkeyDefaultPort,
      settings: { OPENKEY_USERNAME: openkey.OPENKEY_MOCK_USERNAME, OPENKEY_PASSWORD: openkey.OPENKEY_MOCK_PASSWORD, OPENKEY_HOTEL_ID: openkey.OPENKEY_MOCK_HOTEL_ID },
    });
    expect(demo('alliants')).toEqual({
      defaultPort: alliants.alliantsDefaultPort,
      settings: { ALLIANTS_CLIENT_ID: alliants.ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_CLIENT_SECRET: alliants.ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_LOCATION_ID: alliants.ALLIANTS_MOCK_LOCATION_ID },
    });
    expect(demo('spabooker')).toEqual({
      defaultPort: spabooker.spabookerDefaultPort,
      settings: {
        SPABOOKER_CLIENT_ID: spabooker.SPABOOKER_MOCK_CLIENT_ID,
        SPABOOKER_CLIENT_SECRET: spabooker.SPABOOKER_MOCK_CLIENT_SECRET,
        SPABOOKER_SUBSCRIPTION_KEY: spabooker.SPABOOKER_MOCK_SUBSCRIPTION_KEY,
        SPABOOKER_LOCATION_ID: spabooker.SPABOOKER_MOCK_LOCATION_ID,
      },
    });
    expect(demo('mindbody')).toEqual({
      defaultPort: mindbody.mindbodyDefaultPort,
      settings: {
        MINDBODY_API_KEY: mindbody.MINDBODY_MOCK_API_KEY,
        MINDBODY_SITE_ID: mindbody.MINDBODY_MOCK_SITE_ID,
        MINDBODY_USERNAME: mindbody.MINDBODY_MOCK_USERNAME,
        MINDBODY_PASSWORD: mindbody.MINDBODY_MOCK_PASSWORD,
        MINDBODY_LOCATION_ID: mindbody.MINDBODY_MOCK_LOCATION_ID,
      },
    });
    expect(demo('openai')).toEqual({
      defaultPort: openai.openaiDefaultPort,
      settings: { OPENAI_API_KEY: openai.OPENAI_MOCK_API_KEY, OPENAI_MODEL: openai.OPENAI_MOCK_MODEL },
    });
  });
});
