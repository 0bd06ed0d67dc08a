import { createMewsMock } from './server.js';

/** Starts the Mews Connector API mock for development: `tsx mocks/mews/main.ts`. */
const port = Number(process.env.MEWS_MOCK_PORT ?? 4102);
const host = process.env.MEWS_MOCK_HOST ?? '127.0.0.1';
const mock = createMewsMock();

const url = await mock.start(port, host);
console.log(`Mews Connector API mock listening on ${url} (POST ${url}/api/connector/v1/<operation>)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
