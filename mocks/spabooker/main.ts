import { SPABOOKER_MOCK_CLIENT_ID, SPABOOKER_MOCK_CLIENT_SECRET, SPABOOKER_MOCK_LOCATION_ID, SPABOOKER_MOCK_SUBSCRIPTION_KEY, spabookerDefaultPort } from './credentials.js';
import { createSpaBookerMock } from './server.js';

/** Starts the SpaBooker mock for development: `npm run dev:mock:spabooker`. */
const port = Number(process.env.SPABOOKER_MOCK_PORT ?? spabookerDefaultPort);
const host = process.env.SPABOOKER_MOCK_HOST ?? '127.0.0.1';

const mock = createSpaBookerMock({ logger: process.env.SPABOOKER_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`SpaBooker mock listening on ${url}`);
console.log(
  `  SPABOOKER_API_BASE=${url} SPABOOKER_CLIENT_ID=${SPABOOKER_MOCK_CLIENT_ID} SPABOOKER_CLIENT_SECRET=${SPABOOKER_MOCK_CLIENT_SECRET} SPABOOKER_SUBSCRIPTION_KEY=${SPABOOKER_MOCK_SUBSCRIPTION_KEY} SPABOOKER_LOCATION_ID=${SPABOOKER_MOCK_LOCATION_ID}`,
);
console.log('  one spa (Europe/Lisbon, EUR), four treatments, three therapists (mocks/spabooker/README.md)');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
