import { OPERA_DEMO_APP_KEY, OPERA_DEMO_CLIENT_ID, OPERA_DEMO_ENTERPRISE_ID, OPERA_HOTEL_IDS } from './credentials.js';
import { createOperaMock } from './server.js';

/** `tsx mocks/opera/main.ts`: the OPERA mock on OPERA_MOCK_PORT (default 4101). */
const port = Number(process.env.OPERA_MOCK_PORT ?? 4101);
const host = process.env.OPERA_MOCK_HOST ?? '127.0.0.1';
const mock = createOperaMock({ logger: process.env.OPERA_MOCK_LOG === '1' });
const url = await mock.start(port, host);
console.log(`OPERA (OHIP) mock listening on ${url}`);
console.log(`  hotels ${Object.values(OPERA_HOTEL_IDS).join(', ')}; client ${OPERA_DEMO_CLIENT_ID}, enterprise ${OPERA_DEMO_ENTERPRISE_ID}, app key ${OPERA_DEMO_APP_KEY}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
