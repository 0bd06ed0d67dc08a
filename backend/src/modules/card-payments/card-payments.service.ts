import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { PaymentEvent } from '../../integrations/payments/payments.port.js';
import { enqueueJob } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, fieldError } from '../../lib/errors.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { CardPaymentPart, PaymentsService } from '../payments/payments.service.js';
import type { PaymentView } from '../payments/payments.repository.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { notificationPlanner } from '../notifications/notification-planner.js';
import type { StaysService } from '../stays/stays.service.js';
import type { GuestTip, TipsService } from '../tips/tips.service.js';
import type { CardHoldRow, CardOnFile, CardPaymentsRepository, HoldOutcome } from './card-payments.repository.js';
import { receiptOf } from './receipt.js';

export const APPLY_PAYMENT_EVENT_TASK = 'apply_payment_event';
export const SETTLE_CARD_HOLD_TASK = 'settle_card_hold';
export const RENEW_LAPSING_HOLDS_TASK = 'renew_lapsing_holds';
export const RAISE_CARD_HOLD_TASK = 'raise_card_hold';

/** As for desk payments: a provider call is at most 3 tries of 20 s, so 2 minutes never takes over one still running. */
const HOLD_LEASE_SECONDS = 120;
/** Tries of the worker to learn what became of a hold whose answer was lost (graphile-worker backoff: about 3 hours in all). */
const HOLD_MAX_ATTEMPTS = 10;
const EVENT_MAX_ATTEMPTS = 25;

/** A charge of the card on file: how much, and what it is for (shown with the payment). */
export interface CardChargeInput {
  amountMinor: number;
  currency: string;
  note: string;
}

export interface GuestPaymentInput {
  amountMinor: number;
  currency: string;
  tip?: GuestTip | undefined;
}

/** What the browser must do to finish a payment: authenticate it (3D Secure) with the provider's library. */
export interface NextAction {
  type: 'authenticate';
  paymentId: string;
  clientSecret: string;
  paymentMethodId: string | null;
  publishableKey: string;
  jsUrl: string | null;
}

/** Whole days between two ISO dates: the nights of a stay. */
const nightsOf = (stay: Pick<StayView, 'arrivalDate' | 'departureDate'>) =>
  Math.max(1, Math.round((Date.parse(`${stay.departureDate}T00:00:00Z`) - Date.parse(`${stay.arrivalDate}T00:00:00Z`)) / 86_400_000));

/**
 * Card payments through the property's payments provider: the guest's card on file (a setup the
 * browser completes with the provider; we learn of it from the provider, never the browser), the
 * authorisation holds on it, their capture and release, the guest paying with it, and the
 * provider's webhooks. Money taken becomes a `payments` row, posted to the PMS by the payments
 * service like every other payment.
 */
export function createCardPaymentsService(deps: {
  db: Database;
  cards: CardPaymentsRepository;
  /** Refuses a tip the property's rules do not take, or one too small to charge, before anything is charged. */
  checkTip: TipsService['checkGuestTip'];
  stays: Pick<StaysRepository, 'findById'>;
  folio: StaysService['folio'];
  /** The PMS check-out, once the stay's card hold is settled. */
  checkOut: StaysService['checkOut'];
  /** A stay as the PMS knows it (synced first when it never was), for reading its folio. */
  staffStay: StaysService['staffStay'];
  payments: Pick<PaymentsService, 'recordCard' | 'refreshCard' | 'answer' | 'listForStay'>;
  planner: Pick<typeof notificationPlanner, 'receipt'>;
  integrations: IntegrationManager;
  audit: AuditRepository;
  publish: PublishEvent;
  clock: Clock;
}) {
  const provider = (propertyId: string) => deps.integrations.resolve('payments', propertyId);

  async function stayAt(propertyId: string, stayId: string) {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  async function holdAt(stay: StayView, holdId: string) {
    const hold = await deps.cards.findHold(stay.propertyId, holdId);
    if (!hold || hold.stayId !== stay.id) throw new AppError('not_found', 'No such hold on this stay.');
    return hold;
  }

  /** Writes what the provider says of a hold, with its audit entry and the event pages refetch on. */
  async function recordHold(hold: CardHoldRow, outcome: HoldOutcome, actor: Actor): Promise<CardHoldRow> {
    return deps.db.transaction(async (tx) => {
      const row = (await deps.cards.recordHold(hold.id, outcome, tx))!;
      if (row.status !== hold.status) {
        await deps.audit.record(
          {
            propertyId: hold.propertyId,
            ...auditActor(actor),
            action: `hold.${row.status}`,
            subjectType: 'card_hold',
            subjectId: hold.id,
            details: { stayId: hold.stayId, amountMinor: row.amountMinor, capturedMinor: row.capturedMinor, providerPaymentId: row.providerPaymentId },
          },
          tx,
        );
        await deps.publish(tx, { propertyId: hold.propertyId, stayId: hold.stayId, type: 'hold.updated', subjectId: hold.id });
      }
      return row;
    });
  }

  /** The provider's state of a hold it has named, read again (webhooks come late, twice, out of order). */
  async function refreshHold(hold: CardHoldRow, actor: Actor): Promise<CardHoldRow> {
    if (!hold.providerPaymentId) return hold;
    return recordHold(hold, { payment: await (await provider(hold.propertyId)).getPayment(hold.providerPaymentId) }, actor);
  }

  /**
   * Whether the guest is away when a hold is placed, read from the row so a retry with the same key
   * sends the same request: the first hold of a stay comes from the guest saving their card (at the
   * screen: a bank asking for 3-D Secure gets it at once, from the guest app); one staff placed, and
   * every renewal, are placed without the guest (merchant-initiated), and a bank asking then is
   * answered by the guest app later.
   */
  const placedWithoutGuest = (hold: CardHoldRow) => hold.placedBy !== null || hold.version > 1;

  /**
   * Asks the provider for a hold this process has claimed, with the hold's own key: a repeat after
   * a lost answer gets the first answer, never a second hold.
   */
  async function placeAtProvider(hold: CardHoldRow, actor: Actor): Promise<CardHoldRow> {
    const card = await deps.cards.cardOnFile(hold.stayId);
    let outcome: HoldOutcome;
    try {
      if (!card || card.id !== hold.cardSetupId) throw new AppError('upstream_rejected', 'The card this hold was meant for is no longer on file.');
      const payment = await (await provider(hold.propertyId)).placeHold({
        customerId: card.customerId,
        paymentMethodId: card.paymentMethodId,
        amount: { amountMinor: hold.amountMinor, currency: hold.currency },
        description: 'Hold for incidentals',
        metadata: { stay_id: hold.stayId, hold_id: hold.id },
        offSession: placedWithoutGuest(hold),
        idempotencyKey: hold.idempotencyKey,
      });
      outcome = { payment };
    } catch (error) {
      if (!(error instanceof AppError)) {
        await recordHold(hold, { unknown: 'Unexpected error while asking the payments provider.' }, actor);
        throw error;
      }
      outcome = error.code === 'upstream_rejected' ? { failed: error.message } : { unknown: error.message };
    }
    return recordHold(hold, outcome, actor);
  }

  /** A hold asked for again: one still `placing` that nobody is asking about right now is asked about again, with its key. */
  async function driveHold(hold: CardHoldRow, actor: Actor): Promise<CardHoldRow> {
    if (hold.status !== 'placing' || !(await deps.cards.claimHold(hold.id, HOLD_LEASE_SECONDS))) return hold;
    return placeAtProvider(hold, actor);
  }

  async function release(held: CardHoldRow, actor: Actor): Promise<CardHoldRow> {
    const hold = await refreshHold(held, actor);
    if (hold.status === 'released') return hold;
    if (hold.status !== 'authorized' && hold.status !== 'requires_action') {
      throw new AppError('conflict', `This hold is ${hold.status}; only a hold in place can be released.`);
    }
    const payment = await (await provider(hold.propertyId)).releaseHold(hold.providerPaymentId!, { idempotencyKey: `${hold.idempotencyKey}:release` });
    return recordHold(hold, { payment }, actor);
  }

  async function capture(stay: StayView, held: CardHoldRow, actor: Actor): Promise<{ hold: CardHoldRow; payment: PaymentView | null }> {
    let hold = await refreshHold(held, actor);
    const requestKey = `hold:${hold.id}:capture`;
    if (hold.status !== 'authorized' && hold.status !== 'captured') {
      throw new AppError('conflict', `This hold is ${hold.status}; only a hold in place can be captured.`);
    }
    let amountMinor = hold.capturedMinor;
    if (hold.status === 'authorized') {
      const folio = await deps.folio(stay);
      amountMinor = Math.min(Math.max(folio.balanceMinor, 0), hold.capturableMinor);
      if (amountMinor === 0) return { hold: await release(hold, actor), payment: null };
    }
    const { payments } = await deps.payments.recordCard(
      { propertyId: stay.propertyId, stayId: stay.id },
      [{ kind: 'payment', amountMinor, currency: hold.currency, requestKey, providerIdempotencyKey: `${hold.idempotencyKey}:capture`, holdId: hold.id }],
      actor,
    );
    hold = await refreshHold(hold, actor);
    return { hold, payment: deps.payments.answer(payments[0]!) };
  }

  /**
   * A hold about to lapse, for a stay that goes on (not checked out, not cancelled): a new hold for
   * the same amount is placed with its own key (`stay:<id>:hold:v<n+1>`), and the old one released
   * once the new one is in place. Both are written in one transaction first (the old one naming
   * the new), so a second run, or a crash half-way, never makes a third. A new hold that cannot be
   * placed (declined, or the bank wants the guest) leaves the old one to be captured instead.
   */
  async function renew(stay: StayView, old: CardHoldRow): Promise<string> {
    const system: Actor = { type: 'system' };
    let newer = old.replacedBy ? await deps.cards.holdById(old.replacedBy) : undefined;
    if (!newer) {
      const card = await deps.cards.cardOnFile(stay.id);
      if (!card) return settleLapsing(stay, old);
      newer = await deps.db.transaction(async (tx) => {
        const id = randomUUID();
        if (!(await deps.cards.markReplaced(old.id, id, tx))) return undefined;
        const hold = await deps.cards.insertHold(
          { id, propertyId: stay.propertyId, stayId: stay.id, cardSetupId: card.id, amountMinor: old.amountMinor, currency: old.currency, placedBy: null },
          tx,
        );
        await deps.audit.record(
          { propertyId: stay.propertyId, ...auditActor(system), action: 'hold.reauthorizing', subjectType: 'card_hold', subjectId: old.id, details: { stayId: stay.id, newHoldId: id } },
          tx,
        );
        await enqueueJob(tx, SETTLE_CARD_HOLD_TASK, { holdId: id }, { runAt: new Date(deps.clock.now().getTime() + HOLD_LEASE_SECONDS * 1000), maxAttempts: HOLD_MAX_ATTEMPTS });
        await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'hold.updated', subjectId: id });
        return hold;
      });
      if (!newer) return 'taken by another run';
      newer = await placeAtProvider(newer, system);
    } else newer = await driveHold(newer, system);
    if (newer.status === 'authorized') {
      await release(old, system);
      return 're-authorized';
    }
    if (newer.status === 'placing') return 'being re-authorized';
    if (newer.status === 'requires_action') await release(newer, system);
    await deps.cards.clearReplaced(old.id);
    return settleLapsing(stay, { ...old, replacedBy: null });
  }

  /** A lapsing hold nothing will renew: what the guest owes is captured (the rest released) before the money is gone. */
  async function settleLapsing(stay: StayView, hold: CardHoldRow): Promise<string> {
    const { payment } = await capture(stay, hold, { type: 'system' });
    return payment ? 'captured' : 'released';
  }

  /**
   * Places a hold on the stay's card on file (the property's per-night amount times the nights,
   * plus its deposit, unless an amount is given). The stay's open hold is answered instead when it
   * has one, so concurrent and repeated calls place one hold.
   */
  /** The property's hold for the stay's dates: a per-night amount times the nights, plus the deposit. */
  async function holdAmountFor(stay: StayView): Promise<number> {
    const policy = await deps.cards.holdPolicy(stay.propertyId);
    return policy.perNightMinor * nightsOf(stay) + policy.depositMinor;
  }

  /**
   * The stay's hold in place raised to what its dates now ask for (the stay was extended), where the
   * card allows: Stripe raises a hold only on some cards, and otherwise the desk is told (audit
   * entry and event) to place a new hold or take a deposit. The key names the new total, so a
   * repeat raises nothing twice. Answers what happened.
   */
  async function raiseHold(stay: StayView): Promise<'raised' | 'enough' | 'no_hold' | 'not_raisable'> {
    const [latest] = await deps.cards.holdsOf(stay.id);
    if (latest?.status !== 'authorized') return 'no_hold';
    const wanted = await holdAmountFor(stay);
    if (wanted <= latest.amountMinor) return 'enough';
    const system: Actor = { type: 'system' };
    const port = await provider(stay.propertyId);
    const current = await port.getPayment(latest.providerPaymentId!);
    const details = { stayId: stay.id, amountMinor: latest.amountMinor, wantedMinor: wanted, departureDate: stay.departureDate };
    if (current.status === 'authorized' && !current.incrementalAuthorization) {
      await deps.db.transaction(async (tx) => {
        await deps.audit.record({ propertyId: stay.propertyId, ...auditActor(system), action: 'hold.not_raisable', subjectType: 'card_hold', subjectId: latest.id, details }, tx);
        await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'hold.updated', subjectId: latest.id });
      });
      return 'not_raisable';
    }
    const payment = await port.incrementHold(latest.providerPaymentId!, { newTotalMinor: wanted, idempotencyKey: `${latest.idempotencyKey}:raise:${wanted}` });
    await recordHold(latest, { payment }, system);
    await deps.audit.record({ propertyId: stay.propertyId, ...auditActor(system), action: 'hold.raised', subjectType: 'card_hold', subjectId: latest.id, details });
    return 'raised';
  }

  async function placeHold(stay: StayView, actor: Actor, amountMinor?: number): Promise<{ hold: CardHoldRow; created: boolean }> {
    const card = await deps.cards.cardOnFile(stay.id);
    if (!card) throw new AppError('upstream_rejected', 'There is no card on file for this stay; the guest saves one first.');
    const amount = amountMinor ?? (await holdAmountFor(stay));
    if (amount <= 0) throw fieldError('body.amountMinor', 'This property places no holds (its hold amounts are zero); give an amount.');
    const inserted = await deps.db.transaction(async (tx) => {
      const hold = await deps.cards.insertHold(
        {
          id: randomUUID(),
          propertyId: stay.propertyId,
          stayId: stay.id,
          cardSetupId: card.id,
          amountMinor: amount,
          currency: stay.property.currency,
          placedBy: actor.type === 'staff' ? actor.id : null,
        },
        tx,
      );
      if (!hold) return undefined;
      await deps.audit.record(
        {
          propertyId: stay.propertyId,
          ...auditActor(actor),
          action: 'hold.requested',
          subjectType: 'card_hold',
          subjectId: hold.id,
          details: { stayId: stay.id, amountMinor: amount, currency: hold.currency, idempotencyKey: hold.idempotencyKey },
        },
        tx,
      );
      // Learns what became of the hold if this process never hears the provider's answer.
      await enqueueJob(tx, SETTLE_CARD_HOLD_TASK, { holdId: hold.id }, { runAt: new Date(deps.clock.now().getTime() + HOLD_LEASE_SECONDS * 1000), maxAttempts: HOLD_MAX_ATTEMPTS });
      await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'hold.updated', subjectId: hold.id });
      return hold;
    });
    if (inserted) return { hold: await placeAtProvider(inserted, actor), created: true };
    const open = await deps.cards.openHold(stay.id);
    if (!open) throw new AppError('conflict', 'Another hold was being placed at the same moment; try again.');
    return { hold: await driveHold(open, actor), created: false };
  }

  /**
   * The card setup as the provider has it now; when it has just succeeded, the card is on file
   * and the stay's hold is placed. Safe to run any number of times (browser, webhook, both).
   */
  async function refreshSetup(stay: StayView, setupRowId: string, setupId: string, actor: Actor) {
    const state = await (await provider(stay.propertyId)).getCardSetup(setupId);
    const saved = await deps.db.transaction(async (tx) => {
      const isNew = await deps.cards.recordSetupState(setupRowId, state, tx);
      if (isNew) {
        await deps.audit.record(
          {
            propertyId: stay.propertyId,
            ...auditActor(actor),
            action: 'card.saved',
            subjectType: 'card_setup',
            subjectId: setupRowId,
            details: { stayId: stay.id, brand: state.card?.brand ?? null, last4: state.card?.last4 ?? null },
          },
          tx,
        );
        await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'card.saved', subjectId: setupRowId });
      }
      return isNew;
    });
    if (saved) await placeHold(stay, actor);
    return state.status;
  }

  /** What the browser needs to authenticate a payment or hold waiting for the guest: read from the provider now, with its library's settings. */
  async function authenticateAction(propertyId: string, providerPaymentId: string | null | undefined, cardPaymentMethodId: string): Promise<NextAction | null> {
    if (!providerPaymentId) return null;
    const port = await provider(propertyId);
    const read = await port.getPayment(providerPaymentId);
    if (read.status !== 'requires_action' || !read.clientSecret) return null;
    return {
      type: 'authenticate',
      paymentId: providerPaymentId,
      clientSecret: read.clientSecret,
      paymentMethodId: read.paymentMethodId ?? cardPaymentMethodId,
      publishableKey: port.browser.publishableKey,
      jsUrl: port.browser.jsUrl ?? null,
    };
  }

  async function overview(stay: StayView) {
    const card = await deps.cards.cardOnFile(stay.id);
    const holds = await deps.cards.holdsOf(stay.id);
    return { card: card ? publicCard(card) : null, holds };
  }

  /**
   * Charges the stay's card on file without the guest at the screen (merchant-initiated unless the
   * actor is the guest), once per `requestKey`, with what it is for; posted to the folio like every
   * payment. A decline is a 422 naming why.
   */
  async function chargeCardOnFile(propertyId: string, stayId: string, actor: Actor, input: CardChargeInput, requestKey: string) {
    const stay = await stayAt(propertyId, stayId);
    if (input.currency !== stay.property.currency) throw fieldError('body.currency', `Payments at ${stay.property.name} are in ${stay.property.currency}.`);
    const card = await deps.cards.cardOnFile(stay.id);
    if (!card) throw new AppError('upstream_rejected', 'There is no card on file for this stay; the guest saves one first.');
    const { payments, created } = await deps.payments.recordCard(
      { propertyId, stayId },
      [{ kind: 'payment', amountMinor: input.amountMinor, currency: input.currency, requestKey, cardSetupId: card.id, note: input.note }],
      actor,
    );
    return { payment: deps.payments.answer(payments[0]!), created };
  }

  const service = {
    /**
     * Starts saving a card for the guest's stay: the guest's customer at the provider (made once,
     * by a key derived from the guest) and a new setup, written before the provider is asked.
     * Answers what the browser needs to collect the card with the provider's own field.
     */
    async startCardSetup(stay: StayView) {
      const payments = await provider(stay.propertyId);
      let customerId = await deps.cards.customerOf(stay.guestId);
      if (!customerId) {
        const made = await payments.createCustomer({
          guestId: stay.guestId,
          ...(stay.guest.email ? { email: stay.guest.email } : {}),
          name: [stay.guest.firstName, stay.guest.lastName].filter(Boolean).join(' '),
          idempotencyKey: `guest:${stay.guestId}:customer:v1`,
        });
        customerId = await deps.cards.keepCustomer(stay.guestId, made.customerId);
      }
      const id = randomUUID();
      await deps.cards.insertSetup({ id, propertyId: stay.propertyId, stayId: stay.id, customerId });
      const setup = await payments.startCardSetup({
        customerId,
        metadata: { stay_id: stay.id, card_setup_id: id },
        idempotencyKey: `stay:${stay.id}:card-setup:${id}`,
      });
      await deps.cards.setupMade(id, setup.setupId, setup.status);
      return { setupId: setup.setupId, clientSecret: setup.clientSecret, publishableKey: setup.publishableKey, jsUrl: setup.jsUrl ?? null };
    },

    /** The browser says the card was saved: asks the provider whether it was, and if so keeps the card and places the hold. */
    async completeCardSetup(stay: StayView, setupId: string) {
      const row = await deps.cards.findSetup(stay.propertyId, setupId);
      if (!row || row.stayId !== stay.id) throw new AppError('not_found', 'No such card setup for this stay.');
      const status = await refreshSetup(stay, row.id, setupId, { type: 'guest', stayId: stay.id });
      if (status !== 'succeeded') {
        throw new AppError('upstream_rejected', 'The card has not been saved yet: the payment provider has not confirmed it.', { details: { status } });
      }
      return overview(stay);
    },

    /**
     * The guest's card, holds and payments, and what to do when the bank asks the guest to
     * authenticate the hold (a card that needs 3-D Secure even for a hold placed off-session): a
     * hold waiting for that is read again from the provider first, so once the guest has
     * authenticated it shows in place.
     */
    async guestOverview(stay: StayView) {
      const [latest] = await deps.cards.holdsOf(stay.id);
      if (latest?.status === 'requires_action') await refreshHold(latest, { type: 'guest', stayId: stay.id });
      const { card, holds } = await overview(stay);
      const waiting = holds.find((hold) => hold.status === 'requires_action');
      const cardOnFile = waiting ? await deps.cards.cardOnFile(stay.id) : undefined;
      return {
        card,
        holds,
        payments: await deps.payments.listForStay(stay.propertyId, stay.id),
        holdAction: waiting && cardOnFile ? await authenticateAction(stay.propertyId, waiting.providerPaymentId, cardOnFile.paymentMethodId) : null,
      };
    },

    async staffOverview(propertyId: string, stayId: string) {
      return overview(await stayAt(propertyId, stayId));
    },

    async staffPlaceHold(propertyId: string, stayId: string, actor: StaffPrincipal, amountMinor?: number) {
      return placeHold(await stayAt(propertyId, stayId), { type: 'staff', id: actor.id }, amountMinor);
    },

    /** Cancels an authorised hold (check-out without charges, a hold placed by mistake). Released again answers it as it is. */
    async releaseHold(propertyId: string, stayId: string, holdId: string, actor: StaffPrincipal) {
      const stay = await stayAt(propertyId, stayId);
      return release(await holdAt(stay, holdId), { type: 'staff', id: actor.id });
    },

    /**
     * Captures an authorised hold up to what the guest owes (the folio balance), releasing the rest;
     * nothing owed releases it all. The amount taken is a card payment posted to the folio once,
     * and a repeated capture answers the same payment.
     */
    async captureHold(propertyId: string, stayId: string, holdId: string, actor: StaffPrincipal) {
      const stay = await stayAt(propertyId, stayId);
      return capture(stay, await holdAt(stay, holdId), { type: 'staff', id: actor.id });
    },

    /**
     * The front desk charges the guest's card on file (the guest is away: merchant-initiated), once
     * per `requestKey`, with what it is for; posted to the folio like every payment. A bank asking
     * for 3-D Secure leaves it pending, with the reason on the stay page.
     */
    staffCharge: (propertyId: string, stayId: string, actor: StaffPrincipal, input: CardChargeInput, requestKey: string) =>
      chargeCardOnFile(propertyId, stayId, { type: 'staff', id: actor.id }, input, requestKey),

    chargeCardOnFile,

    /** Whether the stay's hold in place can pay `amountMinor` at check-out (what express checkout accepts instead of a payment). */
    async holdCovers(stayId: string, amountMinor: number): Promise<boolean> {
      const [latest] = await deps.cards.holdsOf(stayId);
      return latest?.status === 'authorized' && latest.capturableMinor >= amountMinor;
    },

    /**
     * Check-out in the one safe order: the stay's open hold captured up to the folio balance (the
     * rest released; nothing owed releases it all), that payment on the folio, then the PMS
     * check-out, with the guest's receipt (the itemised folio as they leave it) planned in the
     * transaction that records it, once per stay. A step that does not finish stops the ones after
     * it with a clear error, and asking again goes on from there (the capture answers the same
     * payment, never a second one).
     */
    async checkOut(propertyId: string, stayId: string, actor: Actor) {
      const stay = await deps.staffStay(propertyId, stayId);
      // The latest hold: an open one, or one captured before whose payment may still be on its way to the folio.
      const [latest] = await deps.cards.holdsOf(stay.id);
      if (latest?.status === 'placing') throw new AppError('conflict', 'A card hold is still being placed on this stay; check out again in a moment.');
      if (latest?.status === 'requires_action') await release(latest, actor);
      if (latest?.status === 'authorized' || latest?.status === 'captured') {
        const { payment } = await capture(stay, latest, actor);
        if (payment && payment.status !== 'posted') {
          throw new AppError('integration_unavailable', 'The hold was captured, but the PMS has not taken the payment yet (it is retried): check out again once it has.', {
            retryAfterSeconds: 30,
          });
        }
      }
      const receipt = receiptOf(await deps.folio(stay), await deps.payments.listForStay(stay.propertyId, stay.id));
      return deps.checkOut(propertyId, stayId, actor, (tx) => deps.planner.receipt(tx, stay, receipt));
    },

    /**
     * The guest pays with the card on file (the balance, or any amount they choose), then an
     * optional tip (an amount, or a percentage of the payment) for a staff member or a department,
     * each once per `requestKey`. A bank asking for 3-D Secure is answered with what the browser
     * needs; the same request again (same key) then goes on from where it stopped.
     */
    async guestPay(stay: StayView, input: GuestPaymentInput, requestKey: string) {
      if (input.currency !== stay.property.currency) throw fieldError('body.currency', `Payments at ${stay.property.name} are in ${stay.property.currency}.`);
      const card = await deps.cards.cardOnFile(stay.id);
      if (!card) throw new AppError('upstream_rejected', 'Save a card first.');
      const tip = input.tip;
      const tipMinor = tip ? (tip.amountMinor ?? Math.round((input.amountMinor * (tip.percent ?? 0)) / 100)) : 0;
      if (tip) await deps.checkTip(stay, tip, tipMinor);
      const parts: CardPaymentPart[] = [{ kind: 'payment', amountMinor: input.amountMinor, currency: input.currency, requestKey, cardSetupId: card.id }];
      if (tip) {
        parts.push({
          kind: 'tip',
          amountMinor: tipMinor,
          currency: input.currency,
          requestKey: `${requestKey}:tip`,
          cardSetupId: card.id,
          ...(tip.staffId ? { tipStaffId: tip.staffId } : {}),
          ...(tip.department ? { tipDepartment: tip.department } : {}),
        });
      }
      const { payments, created } = await deps.payments.recordCard({ propertyId: stay.propertyId, stayId: stay.id }, parts, { type: 'guest', stayId: stay.id });
      for (const payment of payments) deps.payments.answer(payment);
      const waiting = payments.find((payment) => payment.providerStatus === 'requires_action');
      return { payments, created, nextAction: await authenticateAction(stay.propertyId, waiting?.providerPaymentId, card.paymentMethodId) };
    },

    /**
     * A webhook delivery for a property: verified over its raw bytes with that property's secret,
     * stored once by event id with the job that applies it. A repeat changes nothing.
     */
    async receiveWebhook(propertyRef: string, rawBody: Buffer, signature: string | undefined): Promise<{ received: true; duplicate: boolean }> {
      const property = await deps.cards.propertyByRef(propertyRef);
      if (!property) throw new AppError('not_found', 'No such property.');
      const event = await (await provider(property.id)).parseWebhook(rawBody, signature);
      const stored = await deps.db.transaction(async (tx) => {
        const id = await deps.cards.insertEvent(property.id, 'stripe', event, tx);
        if (id !== undefined) await enqueueJob(tx, APPLY_PAYMENT_EVENT_TASK, { eventId: id }, { maxAttempts: EVENT_MAX_ATTEMPTS });
        return id !== undefined;
      });
      return { received: true, duplicate: !stored };
    },

    /**
     * The worker's half of a webhook: reads the objects the event names from the provider as they
     * are now and records that, so duplicates and any order of delivery end in the same state.
     */
    async applyEvent(eventRowId: number): Promise<'applied' | 'unknown'> {
      const row = await deps.cards.findEvent(eventRowId);
      if (!row) return 'unknown';
      const event: PaymentEvent = row.event;
      const system: Actor = { type: 'system' };
      if (event.setupId) {
        const setup = await deps.cards.findSetup(row.propertyId, event.setupId);
        const stay = setup && (await deps.stays.findById(row.propertyId, setup.stayId));
        if (setup && stay) await refreshSetup(stay, setup.id, event.setupId, system);
      }
      if (event.paymentId || event.idempotencyKey) {
        for (const hold of await deps.cards.holdsByProvider(row.propertyId, event.paymentId, event.idempotencyKey)) {
          await refreshHold(event.paymentId && !hold.providerPaymentId ? { ...hold, providerPaymentId: event.paymentId } : hold, system);
        }
      }
      if (event.paymentId) await deps.payments.refreshCard(row.propertyId, event.paymentId);
      await deps.cards.markEventApplied(eventRowId);
      return 'applied';
    },

    /**
     * The periodic job's half: every authorised hold lapsing before `before` is re-authorised when
     * its stay goes on, or captured up to the folio balance when the guest has left. Idempotent: a
     * hold already renewed is no longer lapsing, and one half-way is taken on from where it stopped.
     * One hold's failure does not stop the others; it is reported, and the next run tries again.
     */
    async renewHoldsLapsingBefore(before: Date): Promise<{ holdId: string; outcome: string }[]> {
      const results: { holdId: string; outcome: string }[] = [];
      for (const hold of await deps.cards.lapsingHolds(before)) {
        try {
          const stay = (await deps.stays.findById(hold.propertyId, hold.stayId))!;
          const goesOn = stay.status !== 'checked_out' && stay.status !== 'cancelled';
          results.push({ holdId: hold.id, outcome: goesOn ? await renew(stay, hold) : await settleLapsing(stay, hold) });
        } catch (error) {
          results.push({ holdId: hold.id, outcome: `failed: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      return results;
    },

    /** The worker's half of an extended stay: its hold raised to the new dates (see `raiseHold`). */
    async raiseHoldOf(propertyId: string, stayId: string) {
      const stay = await deps.stays.findById(propertyId, stayId);
      return stay ? raiseHold(stay) : 'no_hold';
    },

    /** The worker's look at a hold whose placing answer never arrived: asked again with its key until it is known. */
    async settleHold(holdId: string): Promise<CardHoldRow['status'] | 'unknown'> {
      const hold = await deps.cards.holdById(holdId);
      if (!hold) return 'unknown';
      const settled = await driveHold(hold, { type: 'system' });
      if (settled.status === 'placing') throw new Error(`Hold ${holdId} is still being placed: ${settled.lastError ?? 'in progress'}`);
      return settled.status;
    },
  };
  return service;
}

/** A card as guests and staff see it: never more than brand, last 4 and expiry. */
function publicCard(card: CardOnFile): CardOnFile {
  return { id: card.id, brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear, savedAt: card.savedAt };
}

export type CardPaymentsService = ReturnType<typeof createCardPaymentsService>;
