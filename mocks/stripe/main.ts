import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET, stripeDefaultPort } from './credentials.js';
import { createStripeMock } from './server.js';

/** Starts the Stripe API mock for development: `npm run dev:mock:stripe`. */
const port = Number(process.env.STRIPE_MOCK_PORT ?? stripeDefaultPort);
const host = process.env.STRIPE_MOCK_HOST ?? '127.0.0.1';
const webhookUrl = process.env.STRIPE_MOCK_WEBHOOK_URL || undefined;

const mock = createStripeMock({ webhookUrl, logger: process.env.STRIPE_MOCK_LOG === 'true' });
const url = await mock.start(port, host);
console.log(`Stripe API mock listening on ${url}`);
console.log(`  secret key ${STRIPE_MOCK_SECRET_KEY}, publishable key ${STRIPE_MOCK_PUBLISHABLE_KEY}`);
console.log(`  webhooks signed with ${STRIPE_MOCK_WEBHOOK_SECRET} to ${webhookUrl ?? '(none yet: POST /__control/webhooks/endpoint)'}`);
console.log(`  Stripe.js stand-in at ${url}/v3/; test cards pm_card_visa, pm_card_chargeDeclined, … (mocks/stripe/README.md)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void mock.stop().then(() => process.exit(0));
  });
}
