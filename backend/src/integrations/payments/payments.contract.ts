import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { Payment, PaymentsPort, PlaceHoldInput } from './payments.port.js';

/**
 * The behaviour every payments provider must show, run against each one (the in-process mock, and
 * the Stripe adapter against the Stripe mock server). Cards are the provider's test cards.
 */
export interface PaymentsContractSubject {
  payments: PaymentsPort;
  currency: string;
  cards: {
    /** Authorises, and allows incremental authorisation. */
    incremental: string;
    /** Authorises, but incremental authorisation is not offered (Amex online). */
    noIncrement: string;
    /** Declined for insufficient funds. */
    insufficientFunds: string;
    /** The bank asks for 3D Secure every time. */
    authenticationRequired: string;
  };
  /** What the guest's browser does with a setup's client secret: saves this test card on it. */
  completeCardSetup(setupId: string, clientSecret: string, paymentMethodId: string): Promise<void>;
  /** Payments the provider holds for this customer, read from the provider's (mock's) own state. */
  countPayments(customerId: string): Promise<number>;
  /** The next call runs at the provider, but its answer never arrives. */
  loseNextResponse(): Promise<void>;
  /** A webhook delivery about a hold on `paymentId`, signed as the provider signs (or with another secret, or backdated). */
  webhook(paymentId: string, options?: { secret?: string; ageSeconds?: number }): Promise<{ body: string; signature: string }>;
  close(): Promise<void>;
}

const isAppError = (code: string, check: (error: AppError) => boolean = () => true) => (error: unknown) =>
  error instanceof AppError && error.code === code && check(error);
const detailsOf = (error: AppError) => (error.options.details ?? {}) as Record<string, unknown>;

export function runPaymentsContract(name: string, setup: () => Promise<PaymentsContractSubject>): void {
  describe(`payments contract: ${name}`, () => {
    let subject: PaymentsContractSubject;
    let payments: PaymentsPort;
    // Keys must be fresh per run: a provider keeps them (Stripe for 24 h).
    const run = `${name}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;
    const key = (what: string) => `contract:${run}:${what}`;
    beforeAll(async () => {
      subject = await setup();
      payments = subject.payments;
    });
    afterAll(() => subject?.close());

    const customer = async (label: string) =>
      (await payments.createCustomer({ guestId: `guest-${label}`, email: `${label}@guests.example`, name: 'Anna Müller', idempotencyKey: key(`customer:${label}`) }))
        .customerId;
    const holdInput = (customerId: string, label: string, overrides: Partial<PlaceHoldInput> = {}): PlaceHoldInput => ({
      customerId,
      paymentMethodId: subject.cards.incremental,
      amount: { amountMinor: 30_000, currency: subject.currency },
      description: 'Incidentals hold',
      metadata: { stay_id: label },
      offSession: true,
      idempotencyKey: key(`stay:${label}:hold:v1`),
      ...overrides,
    });

    it('passes its health check', async () => {
      await expect(payments.healthCheck()).resolves.toBeUndefined();
    });

    it('starts a card-on-file setup and returns what the browser needs', async () => {
      const customerId = await customer('setup');
      const setup = await payments.startCardSetup({ customerId, metadata: { guest_id: 'setup' }, idempotencyKey: key('setup') });
      expect(setup.status).toBe('requires_payment_method');
      expect(setup.clientSecret).toContain(setup.setupId);
      expect(setup.publishableKey).toMatch(/^pk_/);
      expect(await payments.getCardSetup(setup.setupId)).toEqual({ setupId: setup.setupId, status: 'requires_payment_method', customerId });
    });

    it('reads a setup the browser completed: the saved card with brand, last 4 and expiry only', async () => {
      const customerId = await customer('saved');
      const setup = await payments.startCardSetup({ customerId, idempotencyKey: key('saved') });
      await subject.completeCardSetup(setup.setupId, setup.clientSecret, subject.cards.incremental);
      const saved = await payments.getCardSetup(setup.setupId);
      expect(saved).toMatchObject({ setupId: setup.setupId, status: 'succeeded', customerId, paymentMethodId: expect.any(String) });
      expect(saved.card).toEqual({ brand: 'visa', last4: '4242', expMonth: expect.any(Number), expYear: expect.any(Number) });
      const hold = await payments.placeHold(holdInput(customerId, 'saved', { paymentMethodId: saved.paymentMethodId! }));
      expect(hold.status).toBe('authorized');
    });

    it('reads a payment as it stands now', async () => {
      const customerId = await customer('read');
      const hold = await payments.placeHold(holdInput(customerId, 'read'));
      expect(await payments.getPayment(hold.paymentId)).toEqual(hold);
      await payments.captureHold(hold.paymentId, { amountMinor: 1_000, idempotencyKey: key('stay:read:capture') });
      expect(await payments.getPayment(hold.paymentId)).toMatchObject({ status: 'captured', capturedMinor: 1_000, capturableMinor: 0 });
      await expect(payments.getPayment('pi_doesNotExist000001')).rejects.toSatisfy(isAppError('not_found'));
    });

    it('places a hold, raises it, captures part, refunds part and refuses a refund above what was captured', async () => {
      const customerId = await customer('journey');
      const hold = await payments.placeHold(holdInput(customerId, 'journey'));
      expect(hold).toMatchObject({
        status: 'authorized',
        amount: { amountMinor: 30_000, currency: subject.currency },
        capturableMinor: 30_000,
        capturedMinor: 0,
        incrementalAuthorization: true,
      });
      expect(Date.parse(hold.captureBefore!)).toBeGreaterThan(Date.now());
      expect(hold.card?.last4).toMatch(/^\d{4}$/);

      const raised = await payments.incrementHold(hold.paymentId, { newTotalMinor: 45_000, idempotencyKey: key('stay:journey:hold:v2') });
      expect(raised).toMatchObject({ paymentId: hold.paymentId, status: 'authorized', amount: { amountMinor: 45_000 }, capturableMinor: 45_000 });

      const captured = await payments.captureHold(hold.paymentId, { amountMinor: 38_250, idempotencyKey: key('stay:journey:capture') });
      expect(captured).toMatchObject({ status: 'captured', capturedMinor: 38_250, capturableMinor: 0 });
      expect(captured.captureBefore).toBeUndefined();

      const refund = await payments.refund(hold.paymentId, { amountMinor: 5_000, reason: 'requested_by_customer', idempotencyKey: key('stay:journey:refund:1') });
      expect(refund).toMatchObject({ paymentId: hold.paymentId, amount: { amountMinor: 5_000, currency: subject.currency }, status: 'succeeded' });

      await expect(payments.refund(hold.paymentId, { amountMinor: 33_251, idempotencyKey: key('stay:journey:refund:2') })).rejects.toSatisfy(
        isAppError('upstream_rejected', (error) => detailsOf(error).code === 'amount_too_large'),
      );
      const rest = await payments.refund(hold.paymentId, { idempotencyKey: key('stay:journey:refund:3') });
      expect(rest.amount.amountMinor).toBe(33_250);
    });

    it('refuses to capture more than the hold', async () => {
      const customerId = await customer('over');
      const hold = await payments.placeHold(holdInput(customerId, 'over'));
      await expect(payments.captureHold(hold.paymentId, { amountMinor: 30_001, idempotencyKey: key('stay:over:capture') })).rejects.toSatisfy(
        isAppError('upstream_rejected', (error) => detailsOf(error).code === 'amount_too_large'),
      );
    });

    it('releases a hold, after which it can no longer be captured', async () => {
      const customerId = await customer('release');
      const hold = await payments.placeHold(holdInput(customerId, 'release'));
      const released = await payments.releaseHold(hold.paymentId, { idempotencyKey: key('stay:release:release') });
      expect(released).toMatchObject({ paymentId: hold.paymentId, status: 'released', capturableMinor: 0, capturedMinor: 0 });
      expect(released.captureBefore).toBeUndefined();
      await expect(payments.captureHold(hold.paymentId, { idempotencyKey: key('stay:release:capture') })).rejects.toSatisfy(isAppError('upstream_rejected'));
    });

    it('charges a saved card at once, off-session', async () => {
      const customerId = await customer('tip');
      const charged = await payments.charge({
        customerId,
        paymentMethodId: subject.cards.incremental,
        amount: { amountMinor: 1_500, currency: subject.currency },
        description: 'Tip for the spa team',
        metadata: { kind: 'tip' },
        idempotencyKey: key('tip:1'),
      });
      expect(charged).toMatchObject({ status: 'captured', capturedMinor: 1_500, capturableMinor: 0, amount: { amountMinor: 1_500 } });
    });

    it('turns a decline into a business refusal with a guest-safe message and the decline code', async () => {
      const customerId = await customer('declined');
      const declined = holdInput(customerId, 'declined', { paymentMethodId: subject.cards.insufficientFunds });
      const error = await payments.placeHold(declined).catch((caught: unknown) => caught);
      expect(error).toSatisfy(isAppError('upstream_rejected'));
      const appError = error as AppError;
      expect(appError.status).toBe(422);
      expect(detailsOf(appError)).toMatchObject({ code: 'card_declined', declineCode: 'insufficient_funds' });
      expect(appError.message).not.toMatch(/pm_|pi_|sk_|whsec_/);
      await expect(
        payments.charge({ ...declined, idempotencyKey: key('tip:declined') }),
      ).rejects.toSatisfy(isAppError('upstream_rejected', (caught) => detailsOf(caught).declineCode === 'insufficient_funds'));
    });

    it('reports a needed authentication with what the browser needs, on and off session', async () => {
      const customerId = await customer('sca');
      for (const offSession of [true, false]) {
        const payment = await payments.placeHold(
          holdInput(customerId, 'sca', { paymentMethodId: subject.cards.authenticationRequired, offSession, idempotencyKey: key(`stay:sca:hold:${offSession}`) }),
        );
        expect(payment.status).toBe('requires_action');
        expect(payment.clientSecret).toContain(payment.paymentId);
        expect(payment.capturableMinor).toBe(0);
      }
    });

    it('says when a hold cannot be raised, and leaves it as it was', async () => {
      const customerId = await customer('amex');
      const hold = await payments.placeHold(holdInput(customerId, 'amex', { paymentMethodId: subject.cards.noIncrement }));
      expect(hold).toMatchObject({ status: 'authorized', incrementalAuthorization: false });
      await expect(payments.incrementHold(hold.paymentId, { newTotalMinor: 40_000, idempotencyKey: key('stay:amex:hold:v2') })).rejects.toSatisfy(
        isAppError('upstream_rejected', (error) => detailsOf(error).code === 'incremental_authorization_unavailable'),
      );
      const captured = await payments.captureHold(hold.paymentId, { idempotencyKey: key('stay:amex:capture') });
      expect(captured.capturedMinor).toBe(30_000);
    });

    it('gives the same payment for the same key, and makes only one', async () => {
      const customerId = await customer('twice');
      const first = await payments.placeHold(holdInput(customerId, 'twice'));
      const second = await payments.placeHold(holdInput(customerId, 'twice'));
      expect(second.paymentId).toBe(first.paymentId);
      expect(second.status).toBe('authorized');
      expect(await subject.countPayments(customerId)).toBe(1);
    });

    it('makes exactly one payment when an answer is lost and the call is retried with its key', async () => {
      const customerId = await customer('lost');
      await subject.loseNextResponse();
      const first = await payments.placeHold(holdInput(customerId, 'lost')).catch((caught: unknown) => caught);
      // A provider may retry by itself with the same key (stripe-node does); otherwise the caller sees the loss.
      if (first instanceof Error) expect(first).toSatisfy(isAppError('integration_unavailable'));
      const retried = await payments.placeHold(holdInput(customerId, 'lost'));
      if (!(first instanceof Error)) expect(retried.paymentId).toBe((first as Payment).paymentId);
      expect(retried.status).toBe('authorized');
      expect(await subject.countPayments(customerId)).toBe(1);
    });

    describe('webhooks', () => {
      let paymentId: string;
      beforeAll(async () => {
        paymentId = (await payments.placeHold(holdInput(await customer('webhook'), 'webhook'))).paymentId;
      });
      const refused = isAppError('bad_request');

      it('parses a delivery whose signature verifies', async () => {
        const { body, signature } = await subject.webhook(paymentId);
        const event = await payments.parseWebhook(body, signature);
        expect(event).toMatchObject({ kind: 'hold_authorized', paymentId, amount: { amountMinor: 30_000, currency: subject.currency } });
        expect(event.eventId).toBeTruthy();
        expect((await payments.parseWebhook(Buffer.from(body), signature)).eventId).toBe(event.eventId);
      });

      it('refuses a missing signature, another secret, one changed byte and a signature 301 s old', async () => {
        const { body, signature } = await subject.webhook(paymentId);
        await expect(payments.parseWebhook(body, undefined)).rejects.toSatisfy(refused);
        await expect(payments.parseWebhook(body, '')).rejects.toSatisfy(refused);
        const forged = await subject.webhook(paymentId, { secret: 'whsec_someoneElse0000000000000000000001' });
        await expect(payments.parseWebhook(forged.body, forged.signature)).rejects.toSatisfy(refused);
        const at = body.indexOf(paymentId) + paymentId.length - 1;
        const changed = body.slice(0, at) + (body[at] === 'A' ? 'B' : 'A') + body.slice(at + 1);
        await expect(payments.parseWebhook(changed, signature)).rejects.toSatisfy(refused);
        const stale = await subject.webhook(paymentId, { ageSeconds: 301 });
        await expect(payments.parseWebhook(stale.body, stale.signature)).rejects.toSatisfy(refused);
      });
    });
  });
}
