import { TWILIO_MOCK_ACCOUNT_SID, TWILIO_MOCK_FROM } from './credentials.js';
import { createTwilioMock } from './server.js';

/** Starts the Twilio Messaging API mock for development: `npm run dev:mock:twilio`. */
const port = Number(process.env.TWILIO_MOCK_PORT ?? 4104);
const host = process.env.TWILIO_MOCK_HOST ?? '127.0.0.1';
const mock = createTwilioMock();

const url = await mock.start(port, host);
console.log(`Twilio API mock listening on ${url} (account ${TWILIO_MOCK_ACCOUNT_SID}, from ${TWILIO_MOCK_FROM}; sent messages at ${url}/__control/messages)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
