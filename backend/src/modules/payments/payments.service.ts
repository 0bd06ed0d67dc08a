import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import { AppError, fieldError } from '../../lib/errors.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { StaysRepository } from '../stays/stays.repository.js';
import type { Payment, PaymentsPort, Refund } from '../../integrations/payments/payments.port.js';
import type { FolioEntry, FolioPosting, PostingOutcome } from './folio-posting.js';
import type { PaymentIntent, PaymentMethod, PaymentsRepository, PaymentView, ProviderOutcome } from './payments.repository.js';

export const POST_PAYMENT_TASK = 'post_payment';

const METHOD_DESCRIPTION: Record<PaymentMethod, string> = {
  cash: 'Cash payment at the front desk',
  card_terminal: 'Card payment at the front desk terminal',
  bank_transfer: 'Bank transfer recorded by the front desk',
  card: 'Card payment',
};

const TIP_DESCRIPTION = 'Tip';
const REFUND_DESCRIPTION = 'Refund';

/** How a payment reads on the folio: a tip and a refund say what they are and how the money moved. */
const folioDescription = (payment: Pick<PaymentView, 'kind' | 'method'>) => {
  const method = METHOD_DESCRIPTION[payment.method];
  if (payment.kind === 'payment') return method;
  return `${payment.kind === 'tip' ? TIP_DESCRIPTION : REFUND_DESCRIPTION} (${method.toLowerCase()})`;
};

export interface DeskPaymentInput {
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  reference?: string | undefined;
  note?: string | undefined;
}

export interface RefundRequest {
  /** Omitted: all that is left to refund of the payment. */
  amountMinor?: number | undefined;
  reason: string;
}

/**
 * One card payment to record: the caller's request key (the same again answers the same row), the
 * provider key it derived from what the payment is, and where the money comes from (a hold to
 * capture, or the card on file to charge with the guest present or not).
 */
export interface CardPaymentPart {
  kind: 'payment' | 'tip';
  amountMinor: number;
  currency: string;
  requestKey: string;
  /** Made from the row id when absent: `stay:<stayId>:card-payment:<id>`. */
  providerIdempotencyKey?: string;
  holdId?: string;
  cardSetupId?: string;
  tipStaffId?: string | null;
  tipDepartment?: PaymentView['tipDepartment'];
  note?: string | null;
}

/** A card payment in our words, from what the provider says now. */
function providerOutcome(payment: Payment): ProviderOutcome {
  if (payment.status === 'captured') return { providerStatus: 'succeeded', providerPaymentId: payment.paymentId };
  if (payment.status === 'requires_action') return { providerStatus: 'requires_action', providerPaymentId: payment.paymentId };
  if (payment.status === 'failed' || payment.status === 'released') {
    return { providerStatus: 'failed', providerPaymentId: payment.paymentId, reason: 'The card payment did not go through.' };
  }
  return { providerStatus: 'requested', reason: `The payment provider has not decided yet (${payment.status}).` };
}

/**
 * A refund in our words. `pending` counts as given back: the provider has accepted it and card
 * refunds almost never fail afterwards (one that does is not followed up here).
 */
function refundOutcome(refund: Refund): ProviderOutcome {
  if (refund.status === 'succeeded' || refund.status === 'pending') return { providerStatus: 'succeeded', providerPaymentId: refund.refundId };
  return { providerStatus: 'failed', providerPaymentId: refund.refundId, reason: `The payment provider did not refund it (${refund.status}).` };
}

export function createPaymentsService(deps: {
  db: Database;
  payments: PaymentsRepository;
  stays: Pick<StaysRepository, 'findById'>;
  folio: FolioPosting;
  integrations: IntegrationManager;
  audit: AuditRepository;
  publish: PublishEvent;
}) {
  async function stayAt(propertyId: string, stayId: string) {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  /** Writes what one call to the PMS ended in, with its audit entry and (when it settles the payment) the event desks refetch on. */
  async function settle(payment: PaymentView, actor: Actor, outcome: PostingOutcome): Promise<PaymentView> {
    const action = ({ posted: 'payment.posted', failed: 'payment.refused', pending: 'payment.deferred' } as const)[outcome.status];
    await deps.db.transaction(async (tx) => {
      if (!(await deps.folio.recordOutcome('payment', payment.id, outcome, tx))) return;
      await deps.audit.record(
        {
          propertyId: payment.propertyId,
          ...auditActor(actor),
          action,
          subjectType: 'payment',
          subjectId: payment.id,
          details: { stayId: payment.stayId, attempt: payment.attempts + 1, ...outcome },
        },
        tx,
      );
      if (action !== 'payment.deferred') {
        await deps.publish(tx, { propertyId: payment.propertyId, stayId: payment.stayId, type: action, subjectId: payment.id });
      }
    });
    return (await deps.payments.findById(payment.id))!;
  }

  /** The folio lines of a payment: a tip is money for staff, not towards the stay, so its charge goes on the folio with it and the balance is unchanged. */
  function folioEntries(payment: PaymentView): FolioEntry[] {
    const tip: FolioEntry[] =
      payment.kind === 'tip'
        ? [{ charge: { amountMinor: payment.amountMinor, currency: payment.currency, description: TIP_DESCRIPTION, code: 'tip', idempotencyKey: `${payment.pmsIdempotencyKey}:charge` } }]
        : [];
    const paid: FolioEntry = {
      payment: {
        // Money back to the guest is a negative payment: the balance goes up by it.
        amountMinor: payment.kind === 'refund' ? -payment.amountMinor : payment.amountMinor,
        currency: payment.currency,
        description: folioDescription(payment),
        externalReference: payment.reference ?? payment.id,
        idempotencyKey: payment.pmsIdempotencyKey,
      },
    };
    return [...tip, paid];
  }

  /** Posts a payment this process has claimed (the shared folio posting) and records what the PMS said. */
  async function post(payment: PaymentView, actor: Actor): Promise<PaymentView> {
    const { outcome, bug } = await deps.folio.post(payment, folioEntries(payment));
    const settled = await settle(payment, actor, outcome);
    if (bug) throw bug;
    return settled;
  }

  /**
   * Writes a payment (claimed by the caller, who asks the PMS or the provider right after the
   * commit) with its audit entry, its event and the job that takes over if the caller never records
   * an outcome (the process died while asking). False, and nothing written, when its request key
   * was used before.
   */
  async function insertPayment(intent: PaymentIntent, actor: Actor, details: Record<string, unknown>, tx: Executor): Promise<boolean> {
    if (!(await deps.payments.insertIntent(intent, tx))) return false;
    const action = intent.kind === 'refund' ? 'payment.refund_recorded' : 'payment.recorded';
    await deps.audit.record(
      {
        propertyId: intent.propertyId,
        ...auditActor(actor),
        action,
        subjectType: 'payment',
        subjectId: intent.id,
        details: { stayId: intent.stayId, method: intent.method, amountMinor: intent.amountMinor, currency: intent.currency, ...details },
      },
      tx,
    );
    await deps.folio.schedule(tx, POST_PAYMENT_TASK, { paymentId: intent.id });
    await deps.publish(tx, { propertyId: intent.propertyId, stayId: intent.stayId, type: action, subjectId: intent.id });
    return true;
  }

  /**
   * The provider's half of a card payment this process has claimed: the capture or charge with the
   * row's own key (a repeat after a lost answer gets the first result), or, once the provider has
   * named the payment, a fresh read of it. Records what it said with its audit entry and event.
   */
  /**
   * One call to the provider for a card payment, with the row's own key: the refund, capture or
   * charge (a repeat after a lost answer gets the first result), or, once the provider has named
   * a payment, a fresh read of it.
   */
  async function askProvider(payment: PaymentView, actor: Actor, provider: PaymentsPort): Promise<ProviderOutcome> {
    const key = payment.providerIdempotencyKey!;
    if (payment.kind === 'refund') {
      const refunded = await deps.payments.refundedProviderPayment(payment.refundOf!);
      if (!refunded) throw new AppError('upstream_rejected', 'The payment to refund is not known to the payments provider.');
      return refundOutcome(await provider.refund(refunded, { amountMinor: payment.amountMinor, idempotencyKey: key }));
    }
    const source = await deps.payments.cardSourceOf(payment);
    let result: Payment;
    if (payment.providerPaymentId) result = await provider.getPayment(payment.providerPaymentId);
    else if (source?.type === 'hold' && source.providerPaymentId) result = await provider.captureHold(source.providerPaymentId, { amountMinor: payment.amountMinor, idempotencyKey: key });
    else if (source?.type === 'card' && source.paymentMethodId) {
      result = await provider.charge({
        customerId: source.customerId,
        paymentMethodId: source.paymentMethodId,
        amount: { amountMinor: payment.amountMinor, currency: payment.currency },
        description: payment.kind === 'tip' ? TIP_DESCRIPTION : METHOD_DESCRIPTION.card,
        metadata: { stay_id: payment.stayId, payment_id: payment.id, kind: payment.kind },
        offSession: actor.type !== 'guest',
        idempotencyKey: key,
      });
    } else throw new AppError('upstream_rejected', 'There is no card to take this payment from.');
    const outcome = providerOutcome(result);
    // Until the guest has authenticated, the provider may show the payment as wanting a card again; it still waits for them.
    if (payment.providerStatus === 'requires_action' && outcome.providerStatus === 'failed' && result.status === 'failed') {
      return { providerStatus: 'requires_action', providerPaymentId: result.paymentId };
    }
    return outcome;
  }

  async function settleAtProvider(payment: PaymentView, actor: Actor): Promise<PaymentView> {
    let outcome: ProviderOutcome;
    let bug: unknown;
    try {
      outcome = await askProvider(payment, actor, await deps.integrations.resolve('payments', payment.propertyId));
    } catch (error) {
      if (error instanceof AppError && error.code === 'upstream_rejected') outcome = { providerStatus: 'failed', reason: error.message };
      else {
        outcome = { providerStatus: 'requested', reason: error instanceof AppError ? error.message : 'Unexpected error while asking the payments provider.' };
        if (!(error instanceof AppError)) bug = error;
      }
    }
    const action = ({ succeeded: 'payment.card_succeeded', requires_action: 'payment.card_requires_action', failed: 'payment.card_failed', requested: 'payment.card_deferred' } as const)[
      outcome.providerStatus
    ];
    await deps.db.transaction(async (tx) => {
      if (!(await deps.payments.recordProviderOutcome(payment.id, outcome, tx))) return;
      await deps.audit.record(
        { propertyId: payment.propertyId, ...auditActor(actor), action, subjectType: 'payment', subjectId: payment.id, details: { stayId: payment.stayId, ...outcome } },
        tx,
      );
      if (action !== 'payment.card_deferred') {
        await deps.publish(tx, { propertyId: payment.propertyId, stayId: payment.stayId, type: action, subjectId: payment.id });
      }
    });
    if (bug) throw bug;
    return (await deps.payments.findById(payment.id))!;
  }

  /** A claimed payment through both halves: the provider's (card payments), then the PMS's. */
  async function drive(payment: PaymentView, actor: Actor): Promise<PaymentView> {
    if (payment.method === 'card' && payment.providerStatus !== 'succeeded') {
      const settled = await settleAtProvider(payment, actor);
      if (settled.providerStatus !== 'succeeded' || settled.status !== 'pending') return settled;
      return post(settled, actor);
    }
    return post(payment, actor);
  }

  /**
   * A payment asked for again (same request key, a webhook, the worker): a pending one nobody is
   * working on right now is driven on; anything else is answered as it is.
   */
  async function again(payment: PaymentView, actor: Actor): Promise<PaymentView> {
    if (payment.status !== 'pending') return payment;
    if (await deps.folio.claim('payment', payment.id)) return drive(payment, actor);
    return payment;
  }

  /** A refused payment answers as a refusal every time it is asked for. */
  function answer(payment: PaymentView): PaymentView {
    if (payment.status !== 'failed') return payment;
    if (payment.providerStatus === 'failed') {
      throw new AppError('upstream_rejected', payment.lastError ?? 'The card payment did not go through.', { details: { payment } });
    }
    // The money has gone back all the same: the answer says so, and the PMS's reason is in `lastError` for staff to post it there by hand.
    if (payment.kind === 'refund') return payment;
    throw new AppError('upstream_rejected', `The PMS refused this payment: ${payment.lastError ?? 'no reason given'}`, {
      details: { payment },
    });
  }

  /** The fields of a repeated request that differ from the payment its key made. */
  function differences(payment: PaymentView, input: DeskPaymentInput): string[] {
    const sent = { ...input, reference: input.reference ?? null, note: input.note ?? null };
    return (['amountMinor', 'currency', 'method', 'reference', 'note'] as const).filter((field) => payment[field] !== sent[field]);
  }

  return {
    /**
     * Records a payment taken at the desk and posts it to the stay's folio in the PMS. The payment
     * row, its audit entry, its event and a retry job are committed before the PMS is asked; then
     * the PMS is asked once, and what it said is recorded. While the PMS is down the payment stays
     * `pending` and the job posts it later with the same PMS idempotency key.
     *
     * The same `requestKey` again answers the same payment and never posts it twice (a pending one
     * that nobody is posting right now is tried again); with a different amount, method or
     * reference it is refused (409), naming the fields.
     */
    async record(
      propertyId: string,
      stayId: string,
      actor: StaffPrincipal,
      input: DeskPaymentInput,
      requestKey: string,
    ): Promise<{ payment: PaymentView; created: boolean }> {
      const stay = await stayAt(propertyId, stayId);
      if (input.currency !== stay.property.currency) {
        throw fieldError('body.currency', `Payments at ${stay.property.name} are in ${stay.property.currency}.`);
      }
      const max = await deps.payments.maxAmountAt(propertyId);
      if (max !== undefined && input.amountMinor > max) {
        throw fieldError('body.amountMinor', `At most ${max} (minor units of ${stay.property.currency}) in one payment.`);
      }

      const id = randomUUID();
      const staff: Actor = { type: 'staff', id: actor.id };
      const created = await deps.db.transaction((tx) =>
        insertPayment(
          {
            id,
            propertyId,
            stayId,
            method: input.method,
            amountMinor: input.amountMinor,
            currency: input.currency,
            reference: input.reference ?? null,
            note: input.note ?? null,
            requestKey,
            pmsIdempotencyKey: `stay:${stayId}:desk-payment:${id}:v1`,
            recordedBy: actor.id,
          },
          staff,
          { reference: input.reference ?? null },
          tx,
        ),
      );
      if (created) return { payment: answer(await drive((await deps.payments.findById(id))!, staff)), created: true };

      const existing = (await deps.payments.findByRequestKey(propertyId, stayId, requestKey))!;
      const differing = differences(existing, input);
      if (differing.length > 0) {
        const message = `This Idempotency-Key was already used for a payment with a different ${differing.join(', ')}; send a new key for a new payment.`;
        throw new AppError('conflict', message, { details: [{ field: 'headers.idempotency-key', message }] });
      }
      return { payment: answer(await again(existing, staff)), created: false };
    },

    /**
     * Records card payments through the payments provider (a captured hold, the guest paying with
     * the card on file, a tip), in order, each once per request key: the rows, their audit entries,
     * events and retry jobs are committed first; then each is taken at the provider with its own
     * key and posted to the folio exactly as desk payments are. A payment that is not taken (the
     * guest must authenticate, the provider did not answer) stops the ones after it until the same
     * request comes again. Existing rows with these keys are answered as they are, driven on.
     */
    async recordCard(
      stay: { propertyId: string; stayId: string },
      parts: CardPaymentPart[],
      actor: Actor,
    ): Promise<{ payments: PaymentView[]; created: boolean }> {
      const rows: PaymentView[] = [];
      let created = false;
      for (const [index, part] of parts.entries()) {
        const id = randomUUID();
        const inserted = await deps.db.transaction(async (tx) => {
          const intent: PaymentIntent = {
            id,
            propertyId: stay.propertyId,
            stayId: stay.stayId,
            method: 'card',
            kind: part.kind,
            amountMinor: part.amountMinor,
            currency: part.currency,
            reference: null,
            note: part.note ?? null,
            requestKey: part.requestKey,
            pmsIdempotencyKey: `stay:${stay.stayId}:card-payment:${id}:v1`,
            providerIdempotencyKey: part.providerIdempotencyKey ?? `stay:${stay.stayId}:card-payment:${id}`,
            providerStatus: 'requested',
            holdId: part.holdId ?? null,
            cardSetupId: part.cardSetupId ?? null,
            tipStaffId: part.tipStaffId ?? null,
            tipDepartment: part.tipDepartment ?? null,
            recordedBy: actor.type === 'staff' ? actor.id : null,
          };
          return insertPayment(intent, actor, { kind: part.kind, holdId: part.holdId ?? null }, tx);
        });
        if (index === 0) created = inserted;
        const row = inserted
          ? await drive((await deps.payments.findById(id))!, actor)
          : await again((await deps.payments.findByRequestKey(stay.propertyId, stay.stayId, part.requestKey))!, actor);
        rows.push(row);
        // The next part (a tip) is only recorded once this one is taken: never a tip without the payment.
        if (row.providerStatus !== 'succeeded') break;
      }
      return { payments: rows, created };
    },

    /**
     * Gives money back from a payment of the stay: a card payment through the payments provider
     * (key `payment:<id>:refund:<n>`, committed with the refund row before the provider is asked),
     * a desk payment recorded only (the money leaves the till or the terminal); either way posted
     * to the folio as a negative payment, once, as payments are. Never more than the payment minus
     * its earlier refunds (refunds of one payment are decided one at a time, under a lock on it);
     * the front desk refunds up to the property's `refund_front_desk_max_minor` of one payment in
     * all, a manager or admin beyond. The same `requestKey` again answers the same refund.
     */
    async refund(
      propertyId: string,
      stayId: string,
      paymentId: string,
      actor: StaffPrincipal,
      input: RefundRequest,
      requestKey: string,
    ): Promise<{ payment: PaymentView; created: boolean }> {
      await stayAt(propertyId, stayId);
      const staff: Actor = { type: 'staff', id: actor.id };
      const id = randomUUID();
      const decided = await deps.db.transaction(async (tx) => {
        const target = await deps.payments.lockForRefund(propertyId, stayId, paymentId, tx);
        if (!target) throw new AppError('not_found', 'No such payment on this stay.');
        const existing = await deps.payments.findByRequestKey(propertyId, stayId, requestKey, tx);
        if (existing) {
          const differing = [
            ...(existing.refundOf !== paymentId ? ['paymentId'] : []),
            ...(input.amountMinor !== undefined && input.amountMinor !== existing.amountMinor ? ['amountMinor'] : []),
            ...(existing.note !== input.reason ? ['reason'] : []),
          ];
          if (differing.length > 0) {
            const message = `This Idempotency-Key was already used for a different ${differing.join(', ')}; send a new key for a new refund.`;
            throw new AppError('conflict', message, { details: [{ field: 'headers.idempotency-key', message }] });
          }
          return { created: false, row: existing };
        }
        const original = target.payment;
        if (original.kind !== 'payment') throw new AppError('conflict', `A ${original.kind} cannot be refunded; refund the payment it belongs to.`);
        const taken = original.method === 'card' ? original.providerStatus === 'succeeded' : original.status !== 'failed';
        if (!taken) throw new AppError('conflict', 'This payment was never taken: there is nothing to refund.');
        const refundableMinor = original.amountMinor - target.refundedMinor;
        const amountMinor = input.amountMinor ?? refundableMinor;
        if (refundableMinor <= 0 || amountMinor > refundableMinor) {
          const message = `At most ${Math.max(refundableMinor, 0)} (minor units of ${original.currency}) is left to refund of this payment.`;
          throw new AppError('not_refundable', message, { details: [{ field: 'body.amountMinor', message }] });
        }
        if (actor.role === 'front_desk' && target.refundedMinor + amountMinor > target.frontDeskMaxMinor) {
          throw new AppError('forbidden', `Refunds of more than ${target.frontDeskMaxMinor} (minor units of ${original.currency}) of one payment need a manager.`);
        }
        const card = original.method === 'card';
        const inserted = await insertPayment(
          {
            id,
            propertyId,
            stayId,
            method: original.method,
            kind: 'refund',
            amountMinor,
            currency: original.currency,
            reference: null,
            note: input.reason,
            requestKey,
            pmsIdempotencyKey: `stay:${stayId}:refund:${id}:v1`,
            recordedBy: actor.id,
            refundOf: original.id,
            ...(card ? { providerIdempotencyKey: `payment:${original.id}:refund:${target.refunds + 1}`, providerStatus: 'requested' as const } : {}),
          },
          staff,
          { refundOf: original.id, reason: input.reason },
          tx,
        );
        // The same key sent for another payment of the stay at the same moment: that one won.
        if (!inserted) throw new AppError('conflict', 'Another request with this Idempotency-Key was recorded at the same moment; send a new key for a new refund.');
        return { created: true, row: undefined };
      });
      if (decided.created) return { payment: answer(await drive((await deps.payments.findById(id))!, staff)), created: true };
      return { payment: answer(await again(decided.row!, staff)), created: false };
    },

    /** Card payments the provider knows by this id (a webhook's object): read again from the provider, and posted once taken. */
    async refreshCard(propertyId: string, providerPaymentId: string): Promise<void> {
      for (const payment of await deps.payments.findByProviderPaymentId(propertyId, providerPaymentId)) {
        if (payment.status === 'pending') await again(payment, { type: 'system' });
      }
    },

    /** Answers a refused card payment as a refusal (the guest's card was declined). */
    answer,

    async listForStay(propertyId: string, stayId: string): Promise<PaymentView[]> {
      await stayAt(propertyId, stayId);
      return deps.payments.listForStay(propertyId, stayId);
    },

    /**
     * The worker's half: posts a payment that is still pending. Done (returns) when it is posted
     * or refused, or was already; throws while it cannot be, so graphile-worker tries again later.
     */
    async postPending(paymentId: string): Promise<PaymentView['status'] | 'unknown'> {
      const payment = await deps.payments.findById(paymentId);
      if (!payment) return 'unknown';
      if (payment.status !== 'pending') return payment.status;
      // Only the guest can go on from here (a webhook or their next request brings it back).
      if (payment.providerStatus === 'requires_action') return 'pending';
      if (!(await deps.folio.claim('payment', paymentId))) {
        throw new Error(`Payment ${paymentId} is being posted by another process; checking again later.`);
      }
      const done = await drive(payment, { type: 'system' });
      if (done.status === 'pending' && done.providerStatus !== 'requires_action') throw new Error(`Payment ${paymentId} is still pending: ${done.lastError}`);
      return done.status;
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
