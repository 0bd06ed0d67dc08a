import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { cardHolds, cardSetups, payments, propertySettings, staffUsers } from '../../db/drizzle/schema.js';

export type PaymentMethod = (typeof payments.method.enumValues)[number];
export type PaymentStatus = (typeof payments.status.enumValues)[number];
export type ProviderPaymentStatus = NonNullable<PaymentRow['providerStatus']>;

const paymentView = {
  id: payments.id,
  propertyId: payments.propertyId,
  stayId: payments.stayId,
  method: payments.method,
  kind: payments.kind,
  amountMinor: payments.amountMinor,
  currency: payments.currency,
  reference: payments.reference,
  note: payments.note,
  status: payments.status,
  pmsIdempotencyKey: payments.pmsIdempotencyKey,
  pmsPostingId: payments.pmsPostingId,
  recordedBy: { id: staffUsers.id, name: staffUsers.name },
  attempts: payments.attempts,
  lastError: payments.lastError,
  postedAt: payments.postedAt,
  providerPaymentId: payments.providerPaymentId,
  providerIdempotencyKey: payments.providerIdempotencyKey,
  providerStatus: payments.providerStatus,
  holdId: payments.holdId,
  cardSetupId: payments.cardSetupId,
  tipStaffId: payments.tipStaffId,
  tipDepartment: payments.tipDepartment,
  refundOf: payments.refundOf,
  createdAt: payments.createdAt,
};

type PaymentRow = typeof payments.$inferSelect;

export type PaymentView = Omit<PaymentRow, 'requestKey' | 'recordedBy' | 'postingSince' | 'updatedAt'> & {
  recordedBy: { id: string; name: string } | null;
};

/** A payment as first written, before anyone has asked the PMS (or, for a card, the payments provider). */
export type PaymentIntent = Pick<
  PaymentRow,
  'id' | 'propertyId' | 'stayId' | 'method' | 'amountMinor' | 'currency' | 'reference' | 'note' | 'requestKey' | 'pmsIdempotencyKey' | 'recordedBy'
> &
  Partial<Pick<PaymentRow, 'kind' | 'providerIdempotencyKey' | 'providerStatus' | 'holdId' | 'cardSetupId' | 'tipStaffId' | 'tipDepartment' | 'refundOf'>>;

/** What one call to the payments provider ended in; `requested` when its answer is not known. */
export type ProviderOutcome =
  | { providerStatus: 'succeeded' | 'requires_action'; providerPaymentId: string }
  | { providerStatus: 'failed'; providerPaymentId?: string | undefined; reason: string }
  | { providerStatus: 'requested'; reason: string };

/** Where a card payment takes its money from: the hold it captures, or the card on file it charges. */
export type CardSource =
  | { type: 'hold'; providerPaymentId: string | null }
  | { type: 'card'; customerId: string; paymentMethodId: string | null };

export function createPaymentsRepository(db: Database) {
  const selectViews = (executor: Executor) =>
    executor.select(paymentView).from(payments).leftJoin(staffUsers, eq(staffUsers.id, payments.recordedBy));

  return {
    /** The property's largest desk payment, in its minor units. */
    async maxAmountAt(propertyId: string): Promise<number | undefined> {
      const [row] = await db
        .select({ max: propertySettings.deskPaymentMaxMinor })
        .from(propertySettings)
        .where(eq(propertySettings.propertyId, propertyId));
      return row?.max;
    },

    /**
     * Writes the payment, already claimed for posting (the caller posts it right after the
     * commit), unless this stay already has one with the same request key: then nothing, and
     * false. A concurrent insert of the same key waits for the first to commit, then gets false.
     */
    async insertIntent(intent: PaymentIntent, tx: Executor = db): Promise<boolean> {
      const inserted = await tx
        .insert(payments)
        .values({ ...intent, postingSince: sql`now()` })
        .onConflictDoNothing({ target: [payments.propertyId, payments.stayId, payments.requestKey] })
        .returning({ id: payments.id });
      return inserted.length === 1;
    },

    /**
     * A payment of the stay locked for the caller's transaction (refunds of one payment queue
     * behind each other here), with what its refunds so far take back: every refund except those
     * the provider declined, since a refund still being asked for may yet go through.
     */
    async lockForRefund(
      propertyId: string,
      stayId: string,
      id: string,
      tx: Executor,
    ): Promise<{ payment: PaymentView; refundedMinor: number; refunds: number; frontDeskMaxMinor: number } | undefined> {
      const [locked] = await tx
        .select({ id: payments.id })
        .from(payments)
        .where(and(eq(payments.id, id), eq(payments.propertyId, propertyId), eq(payments.stayId, stayId)))
        .for('update');
      if (!locked) return undefined;
      const [payment] = await selectViews(tx).where(eq(payments.id, id));
      const [sums] = await tx
        .select({
          refundedMinor: sql<number>`coalesce(sum(${payments.amountMinor}) filter (where ${payments.providerStatus} is distinct from 'failed'), 0)::int`,
          refunds: sql<number>`count(*)::int`,
        })
        .from(payments)
        .where(eq(payments.refundOf, id));
      const [settings] = await tx
        .select({ max: propertySettings.refundFrontDeskMaxMinor })
        .from(propertySettings)
        .where(eq(propertySettings.propertyId, propertyId));
      return { payment: payment!, refundedMinor: sums!.refundedMinor, refunds: sums!.refunds, frontDeskMaxMinor: settings?.max ?? 0 };
    },

    /** The provider's payment a card refund gives money back from. */
    async refundedProviderPayment(refundOf: string): Promise<string | null> {
      const [row] = await db.select({ providerPaymentId: payments.providerPaymentId }).from(payments).where(eq(payments.id, refundOf));
      return row?.providerPaymentId ?? null;
    },

    async findById(id: string): Promise<PaymentView | undefined> {
      const [row] = await selectViews(db).where(eq(payments.id, id));
      return row;
    },

    /** The card payments the provider knows by this id (a webhook's object). */
    async findByProviderPaymentId(propertyId: string, providerPaymentId: string): Promise<PaymentView[]> {
      return selectViews(db).where(and(eq(payments.propertyId, propertyId), eq(payments.providerPaymentId, providerPaymentId)));
    },

    async cardSourceOf(payment: Pick<PaymentView, 'holdId' | 'cardSetupId'>): Promise<CardSource | undefined> {
      if (payment.holdId) {
        const [hold] = await db.select({ providerPaymentId: cardHolds.providerPaymentId }).from(cardHolds).where(eq(cardHolds.id, payment.holdId));
        return hold && { type: 'hold', ...hold };
      }
      if (!payment.cardSetupId) return undefined;
      const [card] = await db
        .select({ customerId: cardSetups.customerId, paymentMethodId: cardSetups.paymentMethodId })
        .from(cardSetups)
        .where(eq(cardSetups.id, payment.cardSetupId));
      return card && { type: 'card', ...card };
    },

    /**
     * Records what the payments provider said about a card payment this process claimed, and
     * releases the claim. A decline also fails the payment: it will never be on the folio.
     */
    async recordProviderOutcome(id: string, outcome: ProviderOutcome, tx: Executor = db): Promise<boolean> {
      const updated = await tx
        .update(payments)
        .set({
          providerStatus: outcome.providerStatus,
          // Taken: the claim is kept for the PMS half, which follows at once.
          ...(outcome.providerStatus === 'succeeded' ? {} : { postingSince: null }),
          updatedAt: sql`now()`,
          ...('providerPaymentId' in outcome && outcome.providerPaymentId ? { providerPaymentId: outcome.providerPaymentId } : {}),
          ...('reason' in outcome ? { lastError: outcome.reason } : { lastError: null }),
          ...(outcome.providerStatus === 'failed' ? { status: 'failed' as const } : {}),
        })
        .where(and(eq(payments.id, id), eq(payments.status, 'pending')))
        .returning({ id: payments.id });
      return updated.length === 1;
    },

    async findByRequestKey(propertyId: string, stayId: string, requestKey: string, executor: Executor = db): Promise<PaymentView | undefined> {
      const [row] = await selectViews(executor).where(
        and(eq(payments.propertyId, propertyId), eq(payments.stayId, stayId), eq(payments.requestKey, requestKey)),
      );
      return row;
    },

    /** A stay's payments, newest first. */
    async listForStay(propertyId: string, stayId: string): Promise<PaymentView[]> {
      return selectViews(db)
        .where(and(eq(payments.propertyId, propertyId), eq(payments.stayId, stayId)))
        .orderBy(desc(payments.createdAt), desc(payments.id));
    },
  };
}

export type PaymentsRepository = ReturnType<typeof createPaymentsRepository>;
