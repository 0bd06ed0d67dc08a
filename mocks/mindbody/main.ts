import { MINDBODY_MOCK_API_KEY, MINDBODY_MOCK_LOCATION_ID, MINDBODY_MOCK_PASSWORD, MINDBODY_MOCK_SITE_ID, MINDBODY_MOCK_USERNAME, mindbodyDefaultPort } from './credentials.js';
import { createMindbodyMock } from './server.js';

/** Starts the Mindbody mock for development: `npm run dev:mock:mindbody`. */
const port = Number(process.env.MINDBODY_MOCK_PORT ?? mindbodyDefaultPort);
const host = process.env.MINDBODY_MOCK_HOST ?? '127.0.0.1';

const mock = createMindbodyMock({ logger: process.env.MINDBODY_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Mindbody mock listening on ${url}`);
console.log(
  `  MINDBODY_API_BASE=${url}/public/v6 MINDBODY_API_KEY=${MINDBODY_MOCK_API_KEY} MINDBODY_SITE_ID=${MINDBODY_MOCK_SITE_ID} MINDBODY_USERNAME=${MINDBODY_MOCK_USERNAME} MINDBODY_PASSWORD=${MINDBODY_MOCK_PASSWORD} MINDBODY_LOCATION_ID=${MINDBODY_MOCK_LOCATION_ID}`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
