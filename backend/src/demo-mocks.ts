/**
 * The demo settings of the mock servers `npm start` runs outside production (Stripe and the
 * vendors of the demo hotels' keys and spas), so that the demo hotels' providers reach them. The mocks accept exactly these values;
 * they keep their own copy in mocks/<name>/credentials.ts, because the API imports nothing from
 * mocks/ and a mock nothing from backend/ (demo-mocks.test.ts keeps the two equal).
 */
export const demoStripe = {
  defaultPort: 4107,
  secretKey: 'sk_test_innkeeperMock000000000000000000000001',
  publishableKey: 'pk_test_innkeeperMock000000000000000000000001',
  webhookSecret: 'whsec_innkeeperMock00000000000000000000000001',
};

/**
 * A vendor mock a demo hotel's provider points at: `npm start` runs it unless `baseVariable` names
 * another server, and gives the API its address and these settings.
 */
export interface DemoVendorMock {
  /** The mock's folder in mocks/. */
  folder: string;
  baseVariable: string;
  /** Variables besides `baseVariable` whose presence means a server of the operator's own is meant. */
  ownServerVariables: string[];
  portVariable: string;
  defaultPort: number;
  /** Appended to the mock's address to make the API base (Mindbody's `/public/v6`). */
  basePath: string;
  settings: Record<string, string>;
}

/** Keys: harbour OpenKey, alpine Alliants. Spa: harbour SpaBooker, alpine Mindbody. Concierge: harbour OpenAI. */
export const demoVendorMocks: DemoVendorMock[] = [
  {
    folder: 'openkey',
    baseVariable: 'OPENKEY_API_BASE',
    portVariable: 'OPENKEY_MOCK_PORT',
    defaultPort: 4114,
    ownServerVariables: [],
    basePath: '',
    // OpenKey's numeric hotel id of harbour.
    settings: { OPENKEY_USERNAME: 'innkeeper-demo', OPENKEY_PASSWORD: 'openkey-demo-password', OPENKEY_HOTEL_ID: '77' },
  },
  {
    folder: 'alliants',
    ownServerVariables: [],
    baseVariable: 'ALLIANTS_API_BASE',
    portVariable: 'ALLIANTS_MOCK_PORT',
    defaultPort: 4115,
    basePath: '',
    settings: { ALLIANTS_CLIENT_ID: 'innkeeper-demo', ALLIANTS_CLIENT_SECRET: 'alliants-demo-secret', ALLIANTS_LOCATION_ID: 'loc_alpine' },
  },
  {
    folder: 'spabooker',
    ownServerVariables: [],
    baseVariable: 'SPABOOKER_API_BASE',
    portVariable: 'SPABOOKER_MOCK_PORT',
    defaultPort: 4112,
    basePath: '',
    settings: {
      SPABOOKER_CLIENT_ID: 'innkeeper-demo',
      SPABOOKER_CLIENT_SECRET: 'spabooker-demo-secret',
      SPABOOKER_SUBSCRIPTION_KEY: 'spabooker-demo-subscription-key',
      SPABOOKER_LOCATION_ID: '30512',
    },
  },
  {
    folder: 'mindbody',
    ownServerVariables: [],
    baseVariable: 'MINDBODY_API_BASE',
    portVariable: 'MINDBODY_MOCK_PORT',
    defaultPort: 4113,
    basePath: '/public/v6',
    settings: {
      MINDBODY_API_KEY: 'innkeeper-demo-mindbody-api-key',
      MINDBODY_SITE_ID: '-99',
      MINDBODY_USERNAME: 'innkeeper-spa-desk',
      MINDBODY_PASSWORD: 'mindbody-demo-password',
      MINDBODY_LOCATION_ID: '1',
    },
  },
  {
    folder: 'openai',
    baseVariable: 'OPENAI_BASE_URL',
    ownServerVariables: ['OPENAI_API_KEY'],
    portVariable: 'OPENAI_MOCK_PORT',
    defaultPort: 4108,
    basePath: '/v1',
    settings: { OPENAI_API_KEY: 'sk-proj-innkeeperMock00000000000000000000000001', OPENAI_MODEL: 'gpt-4.1-mini' },
  },
];

/** The SMTP sink's mailbox page. */
export const demoSmtpSinkHttpPort = 4106;
