import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_PUBLISHABLE_KEY } from './credentials.js';
import { INCREMENT_DECLINE_ABOVE } from './state.js';
import { fixtureShapeProblems, startStripeMock, type RunningStripeMock } from './test-support.js';

/** The mock driven by the official stripe-node SDK, its answers checked against Stripe's example objects. */
describe('Stripe mock through stripe-node', () => {
  let running: RunningStripeMock;
  let stripe: Stripe;

  beforeAll(async () => {
    running = await startStripeMock();
    stripe = running.stripe;
  });
  afterAll(() => running.mock.stop());

  const expectStripeShape = (object: unknown, type?: string) => expect(fixtureShapeProblems(object, type)).toEqual([]);
  const caught = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeError);
    return error as Stripe.errors.StripeError;
  };
  const hold = (params: Partial<Stripe.PaymentIntentCreateParams> = {}, options?: Stripe.RequestOptions) =>
    stripe.paymentIntents.create(
      {
        amount: 30000,
        currency: 'usd',
        capture_method: 'manual',
        payment_method: 'pm_card_visa',
        confirm: true,
        payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
        metadata: { stay_id: '8842' },
        ...params,
      },
      options,
    );

  it('refuses a missing or wrong key with 401 in Stripe error shape', async () => {
    const wrong = await caught(running.sdk('sk_test_notTheMockKey9999').customers.create({}));
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.raw).toMatchObject({ type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_*************9999' });
    expect(wrong.requestId).toMatch(/^req_/);

    const missing = await fetch(`${running.url}/v1/customers`);
    expect(missing.status).toBe(401);
    const body = await missing.json();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^You did not provide an API key/);

    const publishable = await caught(running.sdk(STRIPE_MOCK_PUBLISHABLE_KEY).paymentIntents.create({ amount: 1000, currency: 'usd' }));
    expect(publishable.statusCode).toBe(401);
  });

  it('creates, updates, reads and deletes customers', async () => {
    const customer = await stripe.customers.create({ email: 'anna@example.com', name: 'Anna Müller', metadata: { guest_id: 'g_1' } });
    expect(customer).toMatchObject({ object: 'customer', email: 'anna@example.com', name: 'Anna Müller', metadata: { guest_id: 'g_1' } });
    expect(customer.id).toMatch(/^cus_/);
    expectStripeShape(customer);

    const updated = await stripe.customers.update(customer.id, { phone: '+351912345678', metadata: { guest_id: '', room: '1204' } });
    expect(updated.metadata).toEqual({ room: '1204' });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ phone: '+351912345678' });
    expect((await stripe.customers.list({ email: 'anna@example.com' })).data.map((c) => c.id)).toEqual([customer.id]);

    const deleted = await stripe.customers.del(customer.id);
    expectStripeShape(deleted, 'deleted_customer');
    const missing = await caught(stripe.customers.retrieve(customer.id));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
  });

  it('names the unknown or missing parameter in a 400', async () => {
    const unknown = await caught(stripe.customers.create({ nickname: 'x' } as Stripe.CustomerCreateParams));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'nickname' });
    const missing = await caught(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'amount' });
  });

  it('saves a card with a SetupIntent and lists it on the customer', async () => {
    const customer = await stripe.customers.create({ email: 'chidi@example.com' });
    const setup = await stripe.setupIntents.create({ customer: customer.id, usage: 'off_session', automatic_payment_methods: { enabled: true } });
    expect(setup).toMatchObject({ status: 'requires_payment_method', usage: 'off_session', customer: customer.id });
    expect(setup.client_secret).toMatch(new RegExp(`^${setup.id}_secret_`));
    expectStripeShape(setup);

    const confirmed = await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    const method = (await stripe.setupIntents.retrieve(setup.id, { expand: ['payment_method'] })).payment_method as Stripe.PaymentMethod;
    expect(method).toMatchObject({ object: 'payment_method', customer: customer.id, card: { brand: 'visa', last4: '4242' } });
    expectStripeShape(method);

    const listed = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(listed.data.map((m) => m.id)).toEqual([method.id]);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });

    const detached = await stripe.paymentMethods.detach(method.id);
    expect(detached.customer).toBeNull();
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
  });

  it('attaches a test card directly, but not a decline card', async () => {
    const customer = await stripe.customers.create({});
    const attached = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    expect(attached).toMatchObject({ customer: customer.id, card: { brand: 'mastercard', last4: '4444' } });
    expect(attached.id).toMatch(/^pm_(?!card_)/);
    const refused = await caught(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect(refused).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: 'generic_decline' });
  });

  it('places a hold, increments it, captures part and refunds within what was captured', async () => {
    const customer = await stripe.customers.create({});
    const placed = await hold({ customer: customer.id, off_session: true });
    expect(placed).toMatchObject({ status: 'requires_capture', amount: 30000, amount_capturable: 30000, amount_received: 0, capture_method: 'manual' });
    expectStripeShape(placed);
    const charge = (await stripe.paymentIntents.retrieve(placed.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.card).toMatchObject({ amount_authorized: 30000, incremental_authorization: { status: 'available' } });
    // Visa, merchant-initiated: 4 days 18 hours.
    expect(charge.payment_method_details!.card!.capture_before! - charge.created).toBe(4 * 86400 + 18 * 3600);
    expectStripeShape(charge);

    const incremented = await stripe.paymentIntents.incrementAuthorization(placed.id, { amount: 45000 });
    expect(incremented).toMatchObject({ status: 'requires_capture', amount: 45000, amount_capturable: 45000 });

    const tooMuch = await caught(stripe.paymentIntents.capture(placed.id, { amount_to_capture: 45001 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount_to_capture' });

    const captured = await stripe.paymentIntents.capture(placed.id, { amount_to_capture: 38250 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 38250, amount_capturable: 0 });
    const again = await caught(stripe.paymentIntents.incrementAuthorization(placed.id, { amount: 50000 }));
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });

    const partial = await stripe.refunds.create({ payment_intent: placed.id, amount: 5000, reason: 'requested_by_customer' });
    expect(partial).toMatchObject({ object: 'refund', amount: 5000, status: 'succeeded', payment_intent: placed.id, reason: 'requested_by_customer' });
    expectStripeShape(partial);
    const above = await caught(stripe.refunds.create({ payment_intent: placed.id, amount: 33251 }));
    expect(above).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });

    const rest = await stripe.refunds.create({ payment_intent: placed.id });
    expect(rest.amount).toBe(33250);
    const done = (await stripe.charges.retrieve(charge.id)) as Stripe.Charge;
    expect(done).toMatchObject({ amount_captured: 38250, amount_refunded: 38250, refunded: true });
    const none = await caught(stripe.refunds.create({ payment_intent: placed.id, amount: 1 }));
    expect(none).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect((await stripe.refunds.list({ payment_intent: placed.id })).data.map((r) => r.amount)).toEqual([33250, 5000]);
  });

  it('keeps the hold unchanged when an increment is declined, and refuses it on a card without incremental authorisation', async () => {
    const placed = await hold();
    const declined = await caught(stripe.paymentIntents.incrementAuthorization(placed.id, { amount: INCREMENT_DECLINE_ABOVE + 1 }));
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    expect(await stripe.paymentIntents.retrieve(placed.id)).toMatchObject({ status: 'requires_capture', amount: 30000, amount_capturable: 30000 });

    const amex = await hold({ payment_method: 'pm_card_amex' });
    const charge = (await stripe.paymentIntents.retrieve(amex.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.card?.incremental_authorization?.status).toBe('unavailable');
    const refused = await caught(stripe.paymentIntents.incrementAuthorization(amex.id, { amount: 40000 }));
    expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
  });

  it('releases a hold on cancel and refuses to refund or capture it afterwards', async () => {
    const placed = await hold();
    const canceled = await stripe.paymentIntents.cancel(placed.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', amount_capturable: 0, cancellation_reason: 'requested_by_customer' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect((await caught(stripe.paymentIntents.capture(placed.id))).code).toBe('payment_intent_unexpected_state');
    expect((await caught(stripe.refunds.create({ payment_intent: placed.id }))).code).toBe('payment_intent_unexpected_state');
    expect((await caught(stripe.paymentIntents.cancel(placed.id))).code).toBe('payment_intent_unexpected_state');
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline', 'Your card was declined.'],
  ])('declines %s with a 402 card_error body', async (paymentMethod, code, declineCode, message) => {
    const error = await caught(hold({ payment_method: paymentMethod }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.raw).toMatchObject({
      type: 'card_error',
      code,
      decline_code: declineCode,
      message,
      doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
      payment_intent: { status: 'requires_payment_method', last_payment_error: { code, decline_code: declineCode } },
    });
    const intent = error.payment_intent!;
    expectStripeShape(intent);
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'requires_payment_method' });
  });

  it('asks for authentication on-session, and fails off-session with authentication_required', async () => {
    const onSession = await hold({ payment_method: 'pm_card_authenticationRequired' });
    expect(onSession).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    const done = await running.control('/__control/authenticate', { client_secret: onSession.client_secret, outcome: 'succeed' });
    expect(done.body).toMatchObject({ status: 'requires_capture', amount_capturable: 30000 });

    const offSession = await caught(hold({ payment_method: 'pm_card_authenticationRequired', off_session: true }));
    expect(offSession).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    expect(offSession.payment_intent?.client_secret).toMatch(/_secret_/);
  });

  it('charges a card set up for off-session use without authentication (pm_card_authenticationRequiredOnSetup)', async () => {
    const customer = await stripe.customers.create({});
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true });
    expect(setup.status).toBe('requires_action');
    await running.control('/__control/authenticate', { client_secret: setup.client_secret });
    const saved = await stripe.setupIntents.retrieve(setup.id);
    expect(saved.status).toBe('succeeded');
    const placed = await hold({ customer: customer.id, payment_method: saved.payment_method as string, off_session: true });
    expect(placed.status).toBe('requires_capture');
  });

  it('charges at once without capture_method manual', async () => {
    const charged = await stripe.paymentIntents.create({ amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, metadata: { kind: 'tip' } });
    expect(charged).toMatchObject({ status: 'succeeded', amount_received: 1500, capture_method: 'automatic_async' });
  });

  it('replays the first result of an Idempotency-Key and refuses the key with other parameters', async () => {
    const first = await hold({}, { idempotencyKey: 'stay_8842:hold:v1' });
    const replay = await hold({}, { idempotencyKey: 'stay_8842:hold:v1' });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');

    const mismatch = await caught(hold({ amount: 31000 }, { idempotencyKey: 'stay_8842:hold:v1' }));
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.raw).toMatchObject({ type: 'idempotency_error' });
    expect(mismatch.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters/);

    // Declines are kept and replayed too; a parameter error is not kept, so the key stays usable.
    const declined = await caught(hold({ payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'decline-1' }));
    const replayedDecline = await caught(hold({ payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'decline-1' }));
    expect(replayedDecline.payment_intent?.id).toBe(declined.payment_intent?.id);
    await caught(hold({ amount: 10 }, { idempotencyKey: 'fix-then-retry' }));
    expect((await hold({ amount: 1000 }, { idempotencyKey: 'fix-then-retry' })).status).toBe('requires_capture');
  });

  it('prunes idempotency keys after 24 hours of mock time', async () => {
    const first = await stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'prune-me' });
    await running.control('/__control/clock/advance', { seconds: 24 * 3600 });
    const second = await stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'prune-me' });
    expect(second.id).not.toBe(first.id);
  });

  it('lets a hold lapse when the clock passes capture_before', async () => {
    const placed = await hold();
    const charge = (await stripe.paymentIntents.retrieve(placed.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    const lapse = charge.payment_method_details!.card!.capture_before! - (await running.control('/__control/clock')).body.now;
    // Customer-initiated: 7 days.
    expect(lapse).toBe(7 * 86400);
    await running.control('/__control/clock/advance', { seconds: lapse - 1 });
    expect((await stripe.paymentIntents.retrieve(placed.id)).status).toBe('requires_capture');
    await running.control('/__control/clock/advance', { seconds: 1 });
    expect(await stripe.paymentIntents.retrieve(placed.id)).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    expect((await caught(stripe.paymentIntents.capture(placed.id))).code).toBe('payment_intent_unexpected_state');
    const events = await stripe.events.list({ type: 'payment_intent.canceled', limit: 1 });
    expect(events.data[0]).toMatchObject({ request: { id: null }, data: { object: { id: placed.id } } });
  });

  it('holds for 30 days with extended authorisation', async () => {
    const placed = await hold({ payment_method_options: { card: { request_extended_authorization: 'if_available' } } });
    const charge = (await stripe.paymentIntents.retrieve(placed.id, { expand: ['latest_charge'] })).latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.card?.extended_authorization?.status).toBe('enabled');
    expect(charge.payment_method_details!.card!.capture_before! - charge.created).toBe(30 * 86400);
  });

  it('keeps each account apart (Stripe-Account)', async () => {
    const customer = await stripe.customers.create({}, { stripeAccount: 'acct_harbour' });
    expect((await caught(stripe.customers.retrieve(customer.id))).statusCode).toBe(404);
    expect(await stripe.customers.retrieve(customer.id, {}, { stripeAccount: 'acct_harbour' })).toMatchObject({ id: customer.id });
  });

  it('lets the publishable key reach an intent only with its client secret', async () => {
    const setup = await stripe.setupIntents.create({});
    const call = (query: string) => fetch(`${running.url}/v1/setup_intents/${setup.id}${query}`, { headers: { authorization: `Bearer ${STRIPE_MOCK_PUBLISHABLE_KEY}` } });
    expect((await call(`?client_secret=${setup.client_secret}`)).status).toBe(200);
    const wrong = await call('?client_secret=seti_x_secret_y');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ param: 'client_secret' });
  });
});
