import { OPENKEY_MOCK_HOTEL_ID, OPENKEY_MOCK_PASSWORD, OPENKEY_MOCK_USERNAME, openkeyDefaultPort } from './credentials.js';
import { createOpenKeyMock } from './server.js';

/** Starts the OpenKey mock for development: `npm run dev:mock:openkey`. */
const port = Number(process.env.OPENKEY_MOCK_PORT ?? openkeyDefaultPort);
const host = process.env.OPENKEY_MOCK_HOST ?? '127.0.0.1';

const mock = createOpenKeyMock({ logger: process.env.OPENKEY_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`OpenKey mock listening on ${url}`);
console.log(`  OPENKEY_API_BASE=${url} OPENKEY_USERNAME=${OPENKEY_MOCK_USERNAME} OPENKEY_PASSWORD=${OPENKEY_MOCK_PASSWORD} OPENKEY_HOTEL_ID=${OPENKEY_MOCK_HOTEL_ID}`);
console.log('  room 9999 always times out at the lock server (mocks/openkey/README.md)');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
