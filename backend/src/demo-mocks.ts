/**
 * The demo settings of the mock servers `npm start` runs outside production (Stripe, OpenKey,
 * Alliants), so that the demo hotels' providers reach them. The mocks accept exactly these values;
 * they keep their own copy in mocks/<name>/credentials.ts, because the API imports nothing from
 * mocks/ and a mock nothing from backend/ (demo-mocks.test.ts keeps the two equal).
 */
export const demoStripe = {
  defaultPort: 4107,
  secretKey: 'sk_test_innkeeperMock000000000000000000000001',
  publishableKey: 'pk_test_innkeeperMock000000000000000000000001',
  webhookSecret: 'whsec_innkeeperMock00000000000000000000000001',
};

export const demoOpenKey = {
  defaultPort: 4114,
  username: 'innkeeper-demo',
  password: 'openkey-demo-password',
  /** OpenKey's numeric hotel id of harbour. */
  hotelId: '77',
};

export const demoAlliants = {
  defaultPort: 4115,
  clientId: 'innkeeper-demo',
  clientSecret: 'alliants-demo-secret',
  /** Alliants' location id of alpine. */
  locationId: 'loc_alpine',
};

/** The SMTP sink's mailbox page. */
export const demoSmtpSinkHttpPort = 4106;
