import { cloudbedsDefaultPort } from './credentials.js';
import { createCloudbedsMock } from './server.js';

/** Runs the Cloudbeds mock for development: `tsx mocks/cloudbeds/main.ts`. */
const port = Number(process.env.CLOUDBEDS_MOCK_PORT ?? cloudbedsDefaultPort);
const host = process.env.CLOUDBEDS_MOCK_HOST ?? '127.0.0.1';

const mock = createCloudbedsMock({ logger: process.env.CLOUDBEDS_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Cloudbeds mock listening on ${url} (PMS ${url}/api/v1.3, accounting ${url}/accounting/v1.0)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
