import { createPushMock, PUSH_MOCK_CA_FILE } from './server.js';

/** Starts the push-service mock for development: `npm run dev:mock:push` (HTTPS, self-signed). */
const port = Number(process.env.PUSH_MOCK_PORT ?? 4105);
const host = process.env.PUSH_MOCK_HOST ?? '127.0.0.1';
const mock = createPushMock();

const url = await mock.start(port, host);
console.log(`Push service mock on ${url} (trust it with PUSH_CA_FILE=${PUSH_MOCK_CA_FILE}; subscribe: POST ${url}/__control/subscriptions; received: ${url}/__control/messages)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
