import { ALLIANTS_MOCK_CLIENT_ID, ALLIANTS_MOCK_CLIENT_SECRET, ALLIANTS_MOCK_LOCATION_ID, alliantsDefaultPort } from './credentials.js';
import { createAlliantsMock } from './server.js';

/** Starts the Alliants AXP mock for development: `npm run dev:mock:alliants`. */
const port = Number(process.env.ALLIANTS_MOCK_PORT ?? alliantsDefaultPort);
const host = process.env.ALLIANTS_MOCK_HOST ?? '127.0.0.1';

const mock = createAlliantsMock({ logger: process.env.ALLIANTS_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Alliants AXP mock listening on ${url}`);
console.log(`  ALLIANTS_API_BASE=${url} ALLIANTS_CLIENT_ID=${ALLIANTS_MOCK_CLIENT_ID} ALLIANTS_CLIENT_SECRET=${ALLIANTS_MOCK_CLIENT_SECRET} ALLIANTS_LOCATION_ID=${ALLIANTS_MOCK_LOCATION_ID}`);
console.log('  room 9999 always times out at the lock server (mocks/alliants/README.md)');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
