import type Stripe from 'stripe';
import { AppError } from '../../../lib/errors.js';
import { lazy } from '../../../lib/lazy.js';
import type { ProviderDeps } from '../../provider.js';
import type { Payment, PaymentsPort, PlaceHoldInput } from '../payments.port.js';
import { toAppError, toAuthenticationRequired, toCardSetup, toCardSetupState, toPayment, toPaymentEvent, toRefund } from './stripe.mapper.js';
import { stripeJsUrl, type StripeConfig } from './stripe.provider.js';
import { EXPAND_CHARGE, HOLD_CARD_OPTIONS, type StripePaymentIntent } from './stripe.wire.js';

/** Stripe's default signature tolerance (docs.stripe.com/webhooks#verify-manually): older deliveries may be replays. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

const keyMode = (key: string) => /_(test|live)_/.exec(key)?.[1];

/**
 * The Stripe payments adapter on the official SDK (stripe-node 23, API version pinned by the
 * SDK). The SDK brings its own HTTP client, so the shared client's policies are set here instead:
 * - timeout: `timeoutMs` per request (default 20 s instead of the SDK's 80 s);
 * - retries: the SDK retries network failures, 409 and 5xx up to `maxNetworkRetries` times with
 *   backoff, and every retry carries the same Idempotency-Key: ours, which every mutating call
 *   here passes, so a retried hold or charge is replayed by Stripe, never made twice;
 * - transport: the factory's fetch, which in production refuses a non-https or private address.
 * Nothing here logs: card data never reaches the server, and keys stay in the SDK's headers.
 */
export function createStripePayments(config: StripeConfig, deps: ProviderDeps): PaymentsPort {
  const base = new URL(config.apiBase);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  // The SDK (218 modules, about 30 MB) is loaded by the first call, not at every process's start.
  const sdk = lazy(async () => {
    const { default: StripeSdk } = await import('stripe');
    const stripe = new StripeSdk(config.secretKey, {
      host: base.hostname,
      port: Number(base.port || (protocol === 'http' ? 80 : 443)),
      protocol,
      timeout: config.timeoutMs,
      maxNetworkRetries: config.maxNetworkRetries,
      httpClient: StripeSdk.createFetchHttpClient(deps.http.fetch),
      ...(config.stripeAccount ? { stripeAccount: config.stripeAccount } : {}),
      appInfo: { name: 'Innkeeper' },
    });
    return { stripe, errors: StripeSdk.errors };
  });
  const jsUrl = stripeJsUrl(config);

  async function call<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
    const { stripe, errors } = await sdk();
    try {
      return await run(stripe);
    } catch (error) {
      throw toAppError(errors, error, operation);
    }
  }

  /**
   * A hold or charge: a confirmed PaymentIntent on the saved card. An authentication the bank
   * asks for off-session comes back as a 402 with the intent, which the guest completes in the
   * browser; that is an answer, not a failure.
   */
  async function createPayment(operation: string, params: Stripe.PaymentIntentCreateParams, idempotencyKey: string): Promise<Payment> {
    const { stripe, errors } = await sdk();
    try {
      return toPayment(await stripe.paymentIntents.create({ ...params, expand: EXPAND_CHARGE }, { idempotencyKey }));
    } catch (error) {
      if (error instanceof errors.StripeCardError && error.code === 'authentication_required' && error.payment_intent) {
        return toAuthenticationRequired(error.payment_intent as StripePaymentIntent, params.payment_method as string);
      }
      throw toAppError(errors, error, operation);
    }
  }

  const cardPayment = (input: Omit<PlaceHoldInput, 'offSession' | 'idempotencyKey'>): Stripe.PaymentIntentCreateParams => ({
    amount: input.amount.amountMinor,
    currency: input.amount.currency.toLowerCase(),
    customer: input.customerId,
    payment_method: input.paymentMethodId,
    allowed_payment_method_types: ['card'],
    confirm: true,
    description: input.description,
    ...(input.metadata ? { metadata: input.metadata } : {}),
  });

  const retrieve = (stripe: Stripe, paymentId: string) => stripe.paymentIntents.retrieve(paymentId, { expand: EXPAND_CHARGE });

  return {
    capabilities: { incrementalAuthorization: true, multicapture: false },
    browser: { publishableKey: config.publishableKey, jsUrl },

    async healthCheck() {
      if (keyMode(config.secretKey) !== keyMode(config.publishableKey)) {
        throw new AppError('integration_misconfigured', 'The Stripe secret and publishable keys are not of the same mode (test / live).');
      }
      await call('health check', (stripe) => stripe.customers.list({ limit: 1 }));
    },

    createCustomer: (input) =>
      call('customer', async (stripe) => {
        const customer = await stripe.customers.create(
          { email: input.email, name: input.name, phone: input.phone, metadata: { guest_id: input.guestId } },
          { idempotencyKey: input.idempotencyKey },
        );
        return { customerId: customer.id };
      }),

    startCardSetup: (input) =>
      call('card setup', async (stripe) => {
        const setup = await stripe.setupIntents.create(
          { customer: input.customerId, usage: 'off_session', allowed_payment_method_types: ['card'], ...(input.metadata ? { metadata: input.metadata } : {}) },
          { idempotencyKey: input.idempotencyKey },
        );
        return toCardSetup(setup, config.publishableKey, jsUrl);
      }),

    getCardSetup: (setupId) =>
      call('card setup', async (stripe) => toCardSetupState(await stripe.setupIntents.retrieve(setupId, { expand: ['payment_method'] }))),

    getPayment: (paymentId) => call('payment', async (stripe) => toPayment(await retrieve(stripe, paymentId))),

    placeHold: (input) =>
      createPayment(
        'hold',
        {
          ...cardPayment(input),
          capture_method: 'manual',
          ...(input.offSession ? { off_session: true } : {}),
          payment_method_options: { card: HOLD_CARD_OPTIONS },
        },
        input.idempotencyKey,
      ),

    incrementHold: (paymentId, input) =>
      call('hold increment', async (stripe) => {
        // Stripe's refusal of an ineligible intent has no error code to read, so ask first.
        const current = toPayment(await retrieve(stripe, paymentId));
        if (current.status === 'authorized' && !current.incrementalAuthorization) {
          throw new AppError('upstream_rejected', 'This card hold cannot be raised; place a new hold instead.', {
            details: { provider: 'stripe', code: 'incremental_authorization_unavailable' },
          });
        }
        return toPayment(
          await stripe.paymentIntents.incrementAuthorization(paymentId, { amount: input.newTotalMinor, expand: EXPAND_CHARGE }, { idempotencyKey: input.idempotencyKey }),
        );
      }),

    captureHold: (paymentId, input) =>
      call('capture', async (stripe) =>
        toPayment(
          await stripe.paymentIntents.capture(
            paymentId,
            { ...(input.amountMinor !== undefined ? { amount_to_capture: input.amountMinor } : {}), expand: EXPAND_CHARGE },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),

    releaseHold: (paymentId, input) =>
      call('release', async (stripe) => toPayment(await stripe.paymentIntents.cancel(paymentId, { expand: EXPAND_CHARGE }, { idempotencyKey: input.idempotencyKey }))),

    charge: ({ offSession = true, ...input }) => createPayment('charge', { ...cardPayment(input), ...(offSession ? { off_session: true } : {}) }, input.idempotencyKey),

    refund: (paymentId, input) =>
      call('refund', async (stripe) =>
        toRefund(
          await stripe.refunds.create(
            {
              payment_intent: paymentId,
              ...(input.amountMinor !== undefined ? { amount: input.amountMinor } : {}),
              ...(input.reason ? { reason: input.reason } : {}),
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),

    async parseWebhook(rawBody, signature) {
      if (!signature) throw new AppError('bad_request', 'The webhook has no Stripe-Signature header.');
      const { stripe, errors } = await sdk();
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret, WEBHOOK_TOLERANCE_SECONDS, undefined, deps.clock.now().getTime());
      } catch (error) {
        const reason = error instanceof errors.StripeSignatureVerificationError ? error.message.split('\n')[0] : 'the body is not an event';
        throw new AppError('bad_request', `The webhook signature does not verify: ${reason}`);
      }
      return toPaymentEvent(event);
    },
  };
}
