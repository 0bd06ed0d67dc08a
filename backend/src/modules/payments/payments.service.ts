import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import { enqueueJob } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { StaysRepository } from '../stays/stays.repository.js';
import type { StaysService } from '../stays/stays.service.js';
import type { PaymentMethod, PaymentsRepository, PaymentView, PostingOutcome } from './payments.repository.js';

export const POST_PAYMENT_TASK = 'post_payment';

/**
 * How long a process may be asking the PMS before another may take the payment over. A PMS call
 * is at most 3 attempts of 8 s plus backoff (integrations/http.ts), and an unconfirmed stay adds a
 * lookup first: about a minute at worst, so 2 minutes never takes over a call that is still running.
 */
const POSTING_LEASE_SECONDS = 120;

/**
 * The worker's attempts: graphile-worker waits e^n seconds after the n-th failure, at most e^10
 * (about 6 hours), so 25 attempts keep trying for about four days. A payment the PMS has still not
 * taken by then stays `pending`, with its last error, on the stay's page.
 */
const POSTING_MAX_ATTEMPTS = 25;

const METHOD_DESCRIPTION: Record<PaymentMethod, string> = {
  cash: 'Cash payment at the front desk',
  card_terminal: 'Card payment at the front desk terminal',
  bank_transfer: 'Bank transfer recorded by the front desk',
};

export interface DeskPaymentInput {
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  reference?: string | undefined;
  note?: string | undefined;
}

/** Who asked the PMS: staff at the desk, or the worker retrying. */
type Actor = { type: 'staff'; id: string } | { type: 'system' };

/** The PMS said no (closed reservation, unknown reservation): asking again would not change that. */
const isRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && (error.code === 'upstream_rejected' || error.code === 'not_found');

const fieldError = (field: string, message: string) => new AppError('validation_failed', message, { details: [{ field, message }] });

export function createPaymentsService(deps: {
  db: Database;
  payments: PaymentsRepository;
  stays: Pick<StaysRepository, 'findById'>;
  /** The stay as the PMS knows it (confirmed there first if it never was). */
  stayInPms: StaysService['staffStay'];
  integrations: IntegrationManager;
  audit: AuditRepository;
  publish: PublishEvent;
  clock: Clock;
}) {
  async function stayAt(propertyId: string, stayId: string) {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  /** Writes what one call to the PMS ended in, with its audit entry and (when it settles the payment) the event desks refetch on. */
  async function settle(payment: PaymentView, actor: Actor, outcome: PostingOutcome): Promise<PaymentView> {
    const action = { posted: 'payment.posted', failed: 'payment.refused', pending: 'payment.deferred' }[outcome.status];
    await deps.db.transaction(async (tx) => {
      if (!(await deps.payments.recordOutcome(payment.id, outcome, tx))) return;
      await deps.audit.record(
        {
          propertyId: payment.propertyId,
          actorType: actor.type,
          actorId: actor.type === 'staff' ? actor.id : null,
          action,
          subjectType: 'payment',
          subjectId: payment.id,
          details: { stayId: payment.stayId, attempt: payment.attempts + 1, ...outcome },
        },
        tx,
      );
      if (outcome.status !== 'pending') {
        await deps.publish(tx, { propertyId: payment.propertyId, stayId: payment.stayId, type: action, subjectId: payment.id });
      }
    });
    return (await deps.payments.findById(payment.id))!;
  }

  /**
   * Asks the PMS to post a payment this process has claimed, outside any transaction, with the
   * payment's own idempotency key: a repeat after a timeout finds the first posting instead of
   * adding one. Anything but a refusal leaves the payment pending for the worker.
   */
  async function post(payment: PaymentView, actor: Actor): Promise<PaymentView> {
    try {
      const stay = await deps.stayInPms(payment.propertyId, payment.stayId);
      const pms = await deps.integrations.resolve('pms', payment.propertyId);
      const posting = await pms.postPayment(stay.pmsReservationId, {
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        description: METHOD_DESCRIPTION[payment.method],
        externalReference: payment.reference ?? payment.id,
        idempotencyKey: payment.pmsIdempotencyKey,
      });
      return await settle(payment, actor, { status: 'posted', pmsPostingId: posting.postingId });
    } catch (error) {
      if (isRefusal(error)) return settle(payment, actor, { status: 'failed', reason: error.message });
      const reason = error instanceof AppError ? error.message : 'Unexpected error while posting to the PMS.';
      await settle(payment, actor, { status: 'pending', reason });
      // Not an outage but a bug: let the error handler (or the worker) log it.
      if (!(error instanceof AppError)) throw error;
      return (await deps.payments.findById(payment.id))!;
    }
  }

  /** A refused payment answers as a refusal every time it is asked for. */
  function answer(payment: PaymentView): PaymentView {
    if (payment.status !== 'failed') return payment;
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
      const created = await deps.db.transaction(async (tx) => {
        const inserted = await deps.payments.insertIntent(
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
          tx,
        );
        if (!inserted) return false;
        await deps.audit.record(
          {
            propertyId,
            actorType: 'staff',
            actorId: actor.id,
            action: 'payment.recorded',
            subjectType: 'payment',
            subjectId: id,
            details: { stayId, method: input.method, amountMinor: input.amountMinor, currency: input.currency, reference: input.reference ?? null },
          },
          tx,
        );
        // Runs only if this request never records an outcome (the process died while asking the PMS).
        await enqueueJob(
          tx,
          POST_PAYMENT_TASK,
          { paymentId: id },
          { runAt: new Date(deps.clock.now().getTime() + POSTING_LEASE_SECONDS * 1000), maxAttempts: POSTING_MAX_ATTEMPTS },
        );
        await deps.publish(tx, { propertyId, stayId, type: 'payment.recorded', subjectId: id });
        return true;
      });
      const staff: Actor = { type: 'staff', id: actor.id };
      if (created) return { payment: answer(await post((await deps.payments.findById(id))!, staff)), created: true };

      const existing = (await deps.payments.findByRequestKey(propertyId, stayId, requestKey))!;
      const differing = differences(existing, input);
      if (differing.length > 0) {
        const message = `This Idempotency-Key was already used for a payment with a different ${differing.join(', ')}; send a new key for a new payment.`;
        throw new AppError('conflict', message, { details: [{ field: 'headers.idempotency-key', message }] });
      }
      if (existing.status === 'pending' && (await deps.payments.claim(existing.id, POSTING_LEASE_SECONDS))) {
        return { payment: answer(await post(existing, staff)), created: false };
      }
      return { payment: answer(existing), created: false };
    },

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
      if (!(await deps.payments.claim(paymentId, POSTING_LEASE_SECONDS))) {
        throw new Error(`Payment ${paymentId} is being posted by another process; checking again later.`);
      }
      const done = await post(payment, { type: 'system' });
      if (done.status === 'pending') throw new Error(`Payment ${paymentId} is still pending: ${done.lastError}`);
      return done.status;
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
