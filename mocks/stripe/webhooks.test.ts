import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_WEBHOOK_SECRET } from './credentials.js';
import { fixtureShapeProblems, startStripeMock, startWebhookReceiver, type RunningStripeMock } from './test-support.js';

describe('Stripe mock webhooks', () => {
  let running: RunningStripeMock;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const secret = 'whsec_webhookTestSecret0001';

  beforeAll(async () => {
    running = await startStripeMock();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await running.mock.stop();
    await receiver.close();
  });
  beforeEach(async () => {
    await running.control('/__control/webhooks/endpoint', { url: receiver.url, secret, enabledEvents: ['payment_intent.*'] });
    await running.control('/__control/webhooks/delivery', { duplicate: false, hold: false, signatureAgeSeconds: 0 });
    receiver.received.length = 0;
  });

  /** Every delivery, verified with the SDK exactly as a receiver does it. */
  const verified = () => receiver.received.map((delivery) => running.stripe.webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature'] as string, secret));
  const hold = () =>
    running.stripe.paymentIntents.create(
      { amount: 30000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: `hold-${Math.random()}` },
    );

  it('signs deliveries so stripe.webhooks.constructEvent accepts them, and refuses a wrong secret', async () => {
    const placed = await hold();
    await running.mock.webhooks.idle();
    const events = verified();
    expect(events.map((event) => event.type)).toEqual(['payment_intent.created', 'payment_intent.amount_capturable_updated']);
    const [, capturable] = events;
    expect(capturable).toMatchObject({ object: 'event', api_version: Stripe.API_VERSION, livemode: false, pending_webhooks: 1, data: { object: { id: placed.id, status: 'requires_capture' } } });
    expect(capturable!.request?.idempotency_key).toMatch(/^hold-/);
    expect(fixtureShapeProblems(capturable)).toEqual([]);
    expect(receiver.received[0]!.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const delivery = receiver.received[0]!;
    expect(() => running.stripe.webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature'] as string, STRIPE_MOCK_WEBHOOK_SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(await running.stripe.events.retrieve(capturable!.id)).toMatchObject(JSON.parse(receiver.received[1]!.body));
  });

  it('delivers every event twice on request, with the same id', async () => {
    await running.control('/__control/webhooks/delivery', { duplicate: true });
    await hold();
    await running.mock.webhooks.idle();
    const ids = verified().map((event) => event.id);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
  });

  it('holds events back and releases them out of order', async () => {
    await running.control('/__control/webhooks/delivery', { hold: true });
    const placed = await hold();
    await running.stripe.paymentIntents.capture(placed.id);
    await running.mock.webhooks.idle();
    expect(receiver.received).toHaveLength(0);
    const state = await running.control('/__control/webhooks');
    expect(state.body.held).toHaveLength(3);

    const released = await running.control('/__control/webhooks/release', { order: 'reverse' });
    expect(released.body.released).toEqual([...state.body.held].reverse());
    const events = verified();
    expect(events.map((event) => event.type)).toEqual(['payment_intent.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.created']);
    // Each event carries the object as it was when the event happened, so order can be told apart.
    expect(events.map((event) => (event.data.object as Stripe.PaymentIntent).status)).toEqual(['succeeded', 'requires_capture', 'requires_confirmation']);
  });

  it('re-sends one event late on demand, and can sign with an old timestamp', async () => {
    await hold();
    await running.mock.webhooks.idle();
    const [first] = verified();
    await running.control('/__control/webhooks/delivery', { signatureAgeSeconds: 600 });
    const again = await running.control(`/__control/webhooks/events/${first!.id}/deliver`, {});
    expect(again.body).toEqual({ delivered: first!.id });
    const late = receiver.received.at(-1)!;
    expect(() => running.stripe.webhooks.constructEvent(late.body, late.headers['stripe-signature'] as string, secret)).toThrow(/Timestamp outside the tolerance zone/);
    expect(running.stripe.webhooks.constructEvent(late.body, late.headers['stripe-signature'] as string, secret, 900).id).toBe(first!.id);
  });

  it('sends only the enabled event types and records each delivery', async () => {
    await running.control('/__control/webhooks/endpoint', { url: receiver.url, secret, enabledEvents: ['charge.refunded'] });
    const charged = await running.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await running.stripe.refunds.create({ payment_intent: charged.id });
    const state = await running.control('/__control/webhooks');
    expect(verified().map((event) => event.type)).toEqual(['charge.refunded']);
    expect(state.body.deliveries.at(-1)).toMatchObject({ type: 'charge.refunded', status: 200, url: receiver.url });
  });
});
