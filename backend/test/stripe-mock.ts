import { STRIPE_MOCK_PUBLISHABLE_KEY, STRIPE_MOCK_SECRET_KEY, STRIPE_MOCK_WEBHOOK_SECRET } from '../../mocks/stripe/credentials.js';
import type { PaymentIntent } from '../../mocks/stripe/objects.js';
import { Params } from '../../mocks/stripe/params.js';
import { createStripeMock, type StripeMock } from '../../mocks/stripe/server.js';
import type { AppContext } from '../src/context.js';
import { adminId } from './notifications.js';

export interface StripeForTests {
  mock: StripeMock;
  url: string;
  /** PaymentIntents at the mock for a customer, from the mock's own state. */
  paymentIntents(customerId: string): PaymentIntent[];
  /** Requests to create a PaymentIntent the mock has received, refused ones included: shows Stripe was never asked. */
  paymentIntentRequests(): number;
  control(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** What Stripe.js does with a setup's client secret in the guest's browser: saves this test card. */
  confirmSetup(setupId: string, clientSecret: string, paymentMethod: string): Promise<{ status: string }>;
  close(): Promise<void>;
}

/**
 * Points a property's payments provider at a Stripe mock server with its demo keys, as an admin
 * saves it. The SDK's own retries are off so a lost answer reaches our code, as tests need.
 */
export async function pointPaymentsAtStripeMock(ctx: AppContext, propertyId: string, url: string): Promise<void> {
  await ctx.integrations.save(
    'payments',
    propertyId,
    {
      provider: 'stripe',
      config: { secretKey: STRIPE_MOCK_SECRET_KEY, publishableKey: STRIPE_MOCK_PUBLISHABLE_KEY, webhookSecret: STRIPE_MOCK_WEBHOOK_SECRET, apiBase: url, maxNetworkRetries: 0 },
    },
    await adminId(ctx),
  );
}

/** The Stripe mock server, with a property's payments provider pointed at it. */
export async function stripeFor(ctx: AppContext, propertyId: string): Promise<StripeForTests> {
  const mock = createStripeMock();
  let intentRequests = 0;
  mock.app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && request.url.split('?')[0] === '/v1/payment_intents') intentRequests += 1;
  });
  const url = await mock.start(0);
  await pointPaymentsAtStripeMock(ctx, propertyId, url);
  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  return {
    mock,
    url,
    control,
    paymentIntents: (customerId) =>
      mock.state.list<PaymentIntent>('/v1/payment_intents', 'payment_intent', 'acct_default', Params.parse('limit=100'), (intent) => intent.customer === customerId).data,
    paymentIntentRequests: () => intentRequests,
    async confirmSetup(setupId, clientSecret, paymentMethod) {
      const response = await fetch(`${url}/v1/setup_intents/${setupId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STRIPE_MOCK_PUBLISHABLE_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: clientSecret, payment_method: paymentMethod }),
      });
      return (await response.json()) as { status: string };
    },
    close: () => mock.stop(),
  };
}
