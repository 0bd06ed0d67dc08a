import { and, desc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { cardHolds, cardSetups, guests, paymentWebhookEvents, properties, propertySettings } from '../../db/drizzle/schema.js';
import type { CardSetupState, Payment, PaymentEvent } from '../../integrations/payments/payments.port.js';

export type CardSetupRow = typeof cardSetups.$inferSelect;
export type CardHoldRow = typeof cardHolds.$inferSelect;
export type CardHoldStatus = CardHoldRow['status'];

/** What a guest or staff may see of a saved card. */
export interface CardOnFile {
  id: string;
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  savedAt: Date;
}

const HOLD_STATUS: Record<Payment['status'], CardHoldStatus> = {
  authorized: 'authorized',
  requires_action: 'requires_action',
  captured: 'captured',
  released: 'released',
  failed: 'failed',
  processing: 'placing',
};

/** What one call to the provider (or a read of the payment) says about a hold; `reason` when its answer is not known. */
export type HoldOutcome = { payment: Payment } | { failed: string } | { unknown: string };

export function createCardPaymentsRepository(db: Database) {
  return {
    /** A property by id or code (webhook paths name it). */
    async propertyByRef(ref: string): Promise<{ id: string; code: string } | undefined> {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
      const [row] = await db
        .select({ id: properties.id, code: properties.code })
        .from(properties)
        .where(uuid ? eq(properties.id, ref.toLowerCase()) : eq(properties.code, ref.toLowerCase()));
      return row;
    },

    async holdPolicy(propertyId: string): Promise<{ perNightMinor: number; depositMinor: number }> {
      const [row] = await db
        .select({ perNightMinor: propertySettings.holdPerNightMinor, depositMinor: propertySettings.holdDepositMinor })
        .from(propertySettings)
        .where(eq(propertySettings.propertyId, propertyId));
      return row ?? { perNightMinor: 0, depositMinor: 0 };
    },

    /** Whether an active staff member works at the property (a guest may tip them). */
    async customerOf(guestId: string): Promise<string | null> {
      const [row] = await db.select({ customerId: guests.paymentsCustomerId }).from(guests).where(eq(guests.id, guestId));
      return row?.customerId ?? null;
    },

    /** Keeps the guest's provider customer; the first one kept wins (a concurrent request made the same one, by key). */
    async keepCustomer(guestId: string, customerId: string): Promise<string> {
      const [row] = await db
        .update(guests)
        .set({ paymentsCustomerId: sql`coalesce(${guests.paymentsCustomerId}, ${customerId})` })
        .where(eq(guests.id, guestId))
        .returning({ customerId: guests.paymentsCustomerId });
      return row!.customerId!;
    },

    async insertSetup(setup: Pick<CardSetupRow, 'id' | 'propertyId' | 'stayId' | 'customerId'>): Promise<void> {
      await db.insert(cardSetups).values(setup);
    },

    async setupMade(id: string, setupId: string, status: CardSetupRow['status']): Promise<void> {
      await db.update(cardSetups).set({ setupId, status, updatedAt: sql`now()` }).where(eq(cardSetups.id, id));
    },

    async findSetup(propertyId: string, setupId: string): Promise<CardSetupRow | undefined> {
      const [row] = await db.select().from(cardSetups).where(and(eq(cardSetups.propertyId, propertyId), eq(cardSetups.setupId, setupId)));
      return row;
    },

    /**
     * Writes the setup's state as the provider has it. True only for the call that turned it
     * `succeeded` (a webhook and the browser's "done" may race: one of them places the hold).
     */
    async recordSetupState(id: string, state: CardSetupState, tx: Executor = db): Promise<boolean> {
      const succeeded = state.status === 'succeeded' && state.paymentMethodId !== undefined;
      const [row] = await tx
        .update(cardSetups)
        .set({
          status: state.status,
          updatedAt: sql`now()`,
          ...(succeeded
            ? {
                paymentMethodId: state.paymentMethodId,
                cardBrand: state.card?.brand ?? 'card',
                cardLast4: state.card?.last4 ?? null,
                cardExpMonth: state.card?.expMonth ?? null,
                cardExpYear: state.card?.expYear ?? null,
                succeededAt: sql`coalesce(${cardSetups.succeededAt}, now())`,
              }
            : {}),
        })
        .where(and(eq(cardSetups.id, id), or(isNull(cardSetups.succeededAt), sql`${!succeeded}`)))
        .returning({ wasNew: sql<boolean>`${cardSetups.succeededAt} = now()` });
      return Boolean(row?.wasNew);
    },

    /** The stay's card on file: its latest card saved. */
    async cardOnFile(stayId: string): Promise<(CardOnFile & { customerId: string; paymentMethodId: string }) | undefined> {
      const [row] = await db
        .select()
        .from(cardSetups)
        .where(and(eq(cardSetups.stayId, stayId), isNotNull(cardSetups.succeededAt), isNotNull(cardSetups.paymentMethodId)))
        .orderBy(desc(cardSetups.succeededAt))
        .limit(1);
      if (!row) return undefined;
      return {
        id: row.id,
        brand: row.cardBrand ?? 'card',
        last4: row.cardLast4 ?? '',
        expMonth: row.cardExpMonth,
        expYear: row.cardExpYear,
        savedAt: row.succeededAt!,
        customerId: row.customerId,
        paymentMethodId: row.paymentMethodId!,
      };
    },

    /**
     * Writes a new hold as `placing` (claimed by the caller) with the next version and its key,
     * unless the stay has an open hold: then nothing, and undefined. Concurrent calls wait for the
     * first to commit, then find its hold.
     */
    async insertHold(
      hold: Pick<CardHoldRow, 'id' | 'propertyId' | 'stayId' | 'cardSetupId' | 'amountMinor' | 'currency' | 'placedBy'>,
      tx: Executor,
    ): Promise<CardHoldRow | undefined> {
      const version = sql`(SELECT coalesce(max(${cardHolds.version}), 0) + 1 FROM ${cardHolds} WHERE ${cardHolds.stayId} = ${hold.stayId})`;
      const [row] = await tx
        .insert(cardHolds)
        .values({
          ...hold,
          version,
          idempotencyKey: sql`'stay:' || ${hold.stayId}::text || ':hold:v' || ${version}::text`,
          placingSince: sql`now()`,
        })
        .onConflictDoNothing()
        .returning();
      return row;
    },

    async findHold(propertyId: string, holdId: string): Promise<CardHoldRow | undefined> {
      const [row] = await db.select().from(cardHolds).where(and(eq(cardHolds.propertyId, propertyId), eq(cardHolds.id, holdId)));
      return row;
    },

    async holdById(id: string): Promise<CardHoldRow | undefined> {
      const [row] = await db.select().from(cardHolds).where(eq(cardHolds.id, id));
      return row;
    },

    /** The stay's open hold (not one being replaced by a re-authorisation). */
    async openHold(stayId: string): Promise<CardHoldRow | undefined> {
      const [row] = await db
        .select()
        .from(cardHolds)
        .where(and(eq(cardHolds.stayId, stayId), isNull(cardHolds.replacedBy), sql`${cardHolds.status} in ('placing', 'requires_action', 'authorized')`));
      return row;
    },

    async holdsOf(stayId: string): Promise<CardHoldRow[]> {
      return db.select().from(cardHolds).where(eq(cardHolds.stayId, stayId)).orderBy(desc(cardHolds.version));
    },

    /** Authorised holds whose authorisation lapses before `before`, soonest first (those being re-authorised too). */
    async lapsingHolds(before: Date): Promise<CardHoldRow[]> {
      return db
        .select()
        .from(cardHolds)
        .where(and(eq(cardHolds.status, 'authorized'), lt(cardHolds.captureBefore, before)))
        .orderBy(cardHolds.captureBefore);
    },

    /** Names the hold re-authorising this one, unless another run named one first; false then. */
    async markReplaced(id: string, replacedBy: string, tx: Executor): Promise<boolean> {
      const marked = await tx
        .update(cardHolds)
        .set({ replacedBy, updatedAt: sql`now()` })
        .where(and(eq(cardHolds.id, id), eq(cardHolds.status, 'authorized'), isNull(cardHolds.replacedBy)))
        .returning({ id: cardHolds.id });
      return marked.length === 1;
    },

    /** The re-authorisation did not hold: this one is the stay's open hold again. */
    async clearReplaced(id: string): Promise<void> {
      await db.update(cardHolds).set({ replacedBy: null, updatedAt: sql`now()` }).where(eq(cardHolds.id, id));
    },

    /** Holds the provider knows by this id, or (an answer that was lost) placed with this key. */
    async holdsByProvider(propertyId: string, providerPaymentId: string | undefined, idempotencyKey: string | undefined): Promise<CardHoldRow[]> {
      const matches = [
        ...(providerPaymentId ? [eq(cardHolds.providerPaymentId, providerPaymentId)] : []),
        ...(idempotencyKey ? [eq(cardHolds.idempotencyKey, idempotencyKey)] : []),
      ];
      if (matches.length === 0) return [];
      return db.select().from(cardHolds).where(and(eq(cardHolds.propertyId, propertyId), or(...matches)));
    },

    /** Takes a `placing` hold for a call to the provider unless another process took it less than `leaseSeconds` ago. */
    async claimHold(id: string, leaseSeconds: number): Promise<boolean> {
      const claimed = await db
        .update(cardHolds)
        .set({ placingSince: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(cardHolds.id, id),
            eq(cardHolds.status, 'placing'),
            or(isNull(cardHolds.placingSince), lt(cardHolds.placingSince, sql`now() - make_interval(secs => ${leaseSeconds})`)),
          ),
        )
        .returning({ id: cardHolds.id });
      return claimed.length === 1;
    },

    /** Writes what the provider says of the hold now (and releases the claim); undefined when nothing changed. */
    async recordHold(id: string, outcome: HoldOutcome, tx: Executor = db): Promise<CardHoldRow | undefined> {
      const fields =
        'payment' in outcome
          ? {
              status: HOLD_STATUS[outcome.payment.status],
              providerPaymentId: outcome.payment.paymentId,
              // What the provider holds now: more than placed once the hold was raised for a longer stay.
              amountMinor: outcome.payment.amount.amountMinor,
              capturableMinor: outcome.payment.capturableMinor,
              capturedMinor: outcome.payment.capturedMinor,
              captureBefore: outcome.payment.captureBefore ? new Date(outcome.payment.captureBefore) : null,
              lastError: null,
            }
          : 'failed' in outcome
            ? { status: 'failed' as const, capturableMinor: 0, lastError: outcome.failed }
            : { lastError: outcome.unknown };
      const [row] = await tx
        .update(cardHolds)
        .set({ ...fields, placingSince: null, updatedAt: sql`now()` })
        .where(eq(cardHolds.id, id))
        .returning();
      return row;
    },

    /** Stores a webhook event once; undefined when this event was stored before. */
    async insertEvent(propertyId: string, provider: string, event: PaymentEvent, tx: Executor): Promise<number | undefined> {
      const [row] = await tx
        .insert(paymentWebhookEvents)
        .values({ propertyId, provider, eventId: event.eventId, type: event.providerType, event })
        .onConflictDoNothing()
        .returning({ id: paymentWebhookEvents.id });
      return row?.id;
    },

    async findEvent(id: number) {
      const [row] = await db.select().from(paymentWebhookEvents).where(eq(paymentWebhookEvents.id, id));
      return row && { ...row, event: row.event as PaymentEvent };
    },

    async markEventApplied(id: number): Promise<void> {
      await db.update(paymentWebhookEvents).set({ appliedAt: sql`now()` }).where(eq(paymentWebhookEvents.id, id));
    },
  };
}

export type CardPaymentsRepository = ReturnType<typeof createCardPaymentsRepository>;
