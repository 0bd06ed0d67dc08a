import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Payment } from '../api/client';
import type { components, paths } from '../api/schema';
import { useGuest, type GuestMessages } from './i18n';
import { formatDateTime, formatMoney, parseMoney } from '../lib/format';
import { useAttemptKey } from '../lib/idempotency-key';
import { loadStripe, type StripeCardElement, type StripeClient, type StripeError } from '../lib/stripe-js';
import { Alert, ErrorAlert, errorMessage, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { guestKeys } from './queries';

type CardOnFile = components['schemas']['CardOnFile'];
type CardHold = components['schemas']['CardHold'];
type Department = NonNullable<Payment['tipDepartment']>;
type GuestPaymentBody = NonNullable<paths['/api/v1/stay/payments']['post']['requestBody']>['content']['application/json'];
type TipOptions = paths['/api/v1/stay/tip-options']['get']['responses'][200]['content']['application/json'];

const DEPARTMENTS: Department[] = ['front_desk', 'housekeeping', 'concierge', 'maintenance', 'spa'];

/** Stripe.js said no (a declined card, a failed 3-D Secure check): a sentence for the guest, by Stripe's code. */
class CardError extends Error {}

/** Stripe.js could not be loaded or started: the same request may be sent again later. */
class ProviderUnavailable extends Error {}

function cardError(error: StripeError, m: GuestMessages): CardError {
  const code = error.decline_code === 'expired_card' ? 'expired_card' : error.code;
  const sentences: Record<string, string> = {
    card_declined: m.pay.declined,
    expired_card: m.pay.expired,
    incorrect_cvc: m.pay.incorrectCvc,
    incorrect_number: m.pay.incorrectNumber,
    invalid_number: m.pay.incorrectNumber,
    incomplete_number: m.pay.incomplete,
    incomplete_expiry: m.pay.incomplete,
    incomplete_cvc: m.pay.incomplete,
    parameter_missing: m.pay.incomplete,
    payment_intent_authentication_failure: m.pay.authenticationFailed,
    setup_intent_authentication_failure: m.pay.authenticationFailed,
  };
  return new CardError((code && sentences[code]) ?? error.message ?? m.errors.generic);
}

function paymentErrorText(error: unknown, m: GuestMessages): string {
  if (error instanceof CardError) return error.message;
  if (error instanceof ProviderUnavailable) return m.pay.providerUnavailable;
  return errorMessage(error, m);
}

async function stripeFor(jsUrl: string | null, publishableKey: string): Promise<StripeClient> {
  if (!jsUrl) throw new ProviderUnavailable();
  try {
    return await loadStripe(jsUrl, publishableKey);
  } catch {
    throw new ProviderUnavailable();
  }
}

/** The guest's card on file (or saving one), the holds on it, their payments, and paying the balance with a tip. */
export function PaymentSection({
  balanceMinor,
  currency,
  title,
}: {
  balanceMinor: number | undefined;
  currency: string | undefined;
  /** The heading: express checkout numbers it as its second step. */
  title?: string;
}) {
  const { m } = useGuest();
  const overview = useQuery({ queryKey: guestKeys.payments, queryFn: () => unwrap(api.GET('/api/v1/stay/payments')) });
  return (
    <section className="card" aria-labelledby="payment-heading">
      <h2 id="payment-heading">{title ?? m.pay.title}</h2>
      <QueryState query={overview}>
        {({ card, holds, payments, holdAction }) => (
          <>
            {card ? <SavedCard card={card} /> : <SaveCard />}
            {holdAction && <AuthenticateHold action={holdAction} />}
            {holds.length > 0 && <Holds holds={holds} />}
            {payments.length > 0 && <Payments payments={payments} />}
            {card && currency && balanceMinor !== undefined && <PayBalance balanceMinor={balanceMinor} currency={currency} />}
          </>
        )}
      </QueryState>
    </section>
  );
}

type HoldAction = NonNullable<paths['/api/v1/stay/payments']['get']['responses'][200]['content']['application/json']['holdAction']>;

/** The bank asks the guest to confirm the card hold (3-D Secure): Stripe.js shows its step, then the hold is read again. */
function AuthenticateHold({ action }: { action: HoldAction }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: async () => {
      const stripe = await stripeFor(action.jsUrl, action.publishableKey);
      const { error } = await stripe.handleNextAction({ clientSecret: action.clientSecret });
      if (error) throw cardError(error, m);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: guestKeys.payments }),
  });
  return (
    <Alert kind="warning">
      <p>{m.pay.holdNeedsBank}</p>
      {confirm.error && <ErrorAlert error={confirm.error} message={paymentErrorText(confirm.error, m)} />}
      <Button type="button" busy={confirm.isPending} busyLabel={m.pay.paying} onClick={() => confirm.mutate()}>
        {m.pay.confirmHold}
      </Button>
    </Alert>
  );
}

function SavedCard({ card }: { card: CardOnFile }) {
  const { m } = useGuest();
  return (
    <p data-testid="card-on-file">
      <strong>{m.pay.cardOnFile(m.pay.brands[card.brand] ?? card.brand, card.last4)}</strong>
      {card.expMonth && card.expYear && `, ${m.pay.expires(card.expMonth, card.expYear)}`}
    </p>
  );
}

interface CardSession {
  setupId: string;
  clientSecret: string;
  stripe: StripeClient;
}

/** "Save a card": asks the API for a setup, loads Stripe.js from where it says, then shows the card field. */
function SaveCard() {
  const { m } = useGuest();
  const [session, setSession] = useState<CardSession>();
  const start = useMutation({
    mutationFn: async (): Promise<CardSession> => {
      const setup = await unwrap(api.POST('/api/v1/stay/payments/card-setup'));
      return { setupId: setup.setupId, clientSecret: setup.clientSecret, stripe: await stripeFor(setup.jsUrl, setup.publishableKey) };
    },
    onSuccess: setSession,
  });
  if (session) return <CardForm session={session} onCancel={() => setSession(undefined)} />;
  return (
    <>
      <p>{m.pay.noCard}</p>
      {start.error && <ErrorAlert error={start.error} message={paymentErrorText(start.error, m)} />}
      <Button type="button" busy={start.isPending} busyLabel={m.pay.starting} onClick={() => start.mutate()}>
        {m.pay.saveCard}
      </Button>
    </>
  );
}

function CardForm({ session, onCancel }: { session: CardSession; onCancel: () => void }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const host = useRef<HTMLDivElement>(null);
  const card = useRef<StripeCardElement>(undefined);
  useEffect(() => {
    const element = session.stripe.elements().create('card');
    element.mount(host.current!);
    card.current = element;
    return () => element.destroy();
  }, [session]);

  const save = useMutation({
    mutationFn: async () => {
      const { error } = await session.stripe.confirmCardSetup(session.clientSecret, { payment_method: { card: card.current! } });
      if (error) throw cardError(error, m);
      // The API asks Stripe itself whether the card was saved; the browser's word is not taken.
      return unwrap(api.POST('/api/v1/stay/payments/card-setup/complete', { body: { setupId: session.setupId } }));
    },
    // Pending until the overview shows the card, so the field does not linger after it is saved.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: guestKeys.payments }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="card-field-label">
      {save.error && <ErrorAlert error={save.error} message={paymentErrorText(save.error, m)} />}
      <div className="field">
        <span id="card-field-label" className="label">
          {m.pay.cardField}
        </span>
        <span className="hint">{m.pay.cardHint}</span>
        <div ref={host} className="card-field" role="group" aria-labelledby="card-field-label" />
      </div>
      <div className="actions">
        <Button busy={save.isPending} busyLabel={m.saving}>
          {m.pay.confirmSave}
        </Button>
        <button type="button" className="button secondary" onClick={onCancel} disabled={save.isPending}>
          {m.pay.cancel}
        </button>
      </div>
    </form>
  );
}

function Holds({ holds }: { holds: CardHold[] }) {
  const { m } = useGuest();
  return (
    <>
      <h3>{m.pay.holdsTitle}</h3>
      <ul className="lines" aria-label={m.pay.holdsTitle}>
        {holds.map((hold) => (
          <li key={hold.id} data-status={hold.status}>
            <span className="what">
              {m.pay.hold(formatMoney(hold.amountMinor, hold.currency, m.locale))}
              <span className={`badge ${hold.status === 'authorized' ? 'ok' : hold.status === 'failed' ? 'bad' : ''}`}>{m.pay.holdStatus[hold.status] ?? hold.status}</span>
              {hold.status === 'authorized' && hold.captureBefore && <span className="when">{m.pay.holdUntil(formatDateTime(hold.captureBefore, m.locale))}</span>}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** One word for where a payment stands, as the guest cares: the card's answer first, then the bill's. */
function paymentState(payment: Payment, m: GuestMessages): { label: string; tone: '' | 'ok' | 'bad' } {
  const status = m.pay.paymentStatus;
  if (payment.providerStatus === 'failed') return { label: status.declined!, tone: 'bad' };
  if (payment.providerStatus === 'requires_action') return { label: status.requires_action!, tone: '' };
  if (payment.providerStatus === 'requested') return { label: status.requested!, tone: '' };
  if (payment.status === 'failed') return { label: status.refused!, tone: 'bad' };
  return payment.status === 'posted' ? { label: status.paid!, tone: 'ok' } : { label: status.onItsWay!, tone: 'ok' };
}

/** The hotel's tip choices for this stay (cached: the pay form and the payments list share them). */
const useTipOptions = () => useQuery({ queryKey: guestKeys.tipOptions, queryFn: () => unwrap(api.GET('/api/v1/stay/tip-options')) });

/** Whom a tip went to, in words: the department, or the staff member's name when the hotel lists them. */
function tipRecipientName(payment: Payment, options: TipOptions | undefined, m: GuestMessages): string {
  if (payment.tipDepartment) return m.pay.departments[payment.tipDepartment]!;
  return options?.staff.find((person) => person.id === payment.tipStaffId)?.name ?? m.pay.tipStaffUnknown;
}

function Payments({ payments }: { payments: Payment[] }) {
  const { m } = useGuest();
  const options = useTipOptions();
  return (
    <>
      <h3>{m.pay.paymentsTitle}</h3>
      <ul className="lines" aria-label={m.pay.paymentsTitle}>
        {payments.map((payment) => {
          const state = paymentState(payment, m);
          return (
            <li key={payment.id} data-kind={payment.kind} data-status={payment.status}>
              <span className="what">
                {m.pay.kind[payment.kind] ?? payment.kind}
                {payment.kind === 'tip' && ` · ${tipRecipientName(payment, options.data, m)}`}
                <span className={`badge ${state.tone}`}>{state.label}</span>
                <span className="when">
                  {formatDateTime(payment.createdAt, m.locale)} · {m.pay.method[payment.method] ?? payment.method}
                </span>
              </span>
              <span className="amount">{formatMoney(payment.amountMinor, payment.currency, m.locale)}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

type TipMode = 'none' | 'percent' | 'amount';

/** Whom a tip is for: a department by its name, or a staff member as `staff:<id>`. */
type Recipient = string;

/** The hotel's choices for a tip, departments first (in a fixed order), then staff it allows guests to name. */
function recipientsOf(options: TipOptions | undefined, m: GuestMessages): { value: Recipient; label: string }[] {
  if (!options) return [];
  const departments = DEPARTMENTS.filter((name) => options.departments.includes(name)).map((name) => ({ value: name, label: m.pay.departments[name]! }));
  const staff = options.staff.map((person) => ({ value: `staff:${person.id}`, label: m.pay.tipStaff(person.name, m.pay.departments[person.department]!) }));
  return [...departments, ...staff];
}

/**
 * The tip as the API takes it, with its amount for the preview (rounded as the API rounds), or an
 * error sentence for the field (the hotel's smallest tip included: the API refuses less).
 */
function tipOf(
  m: GuestMessages,
  mode: TipMode,
  value: string,
  balanceMinor: number,
  currency: string,
  recipient: Recipient,
  minimumMinor: number,
): { error: string } | { tip: GuestPaymentBody['tip']; tipMinor: number } {
  if (mode === 'none') return { tip: undefined, tipMinor: 0 };
  const to = recipient.startsWith('staff:') ? { staffId: recipient.slice('staff:'.length) } : { department: recipient as Department };
  let tip: { error: string } | { tip: GuestPaymentBody['tip']; tipMinor: number };
  if (mode === 'percent') {
    const percent = Number(value.trim().replace(',', '.'));
    if (!value.trim() || !Number.isFinite(percent) || percent <= 0 || percent > 100) return { error: m.pay.tipPercentInvalid };
    tip = { tip: { percent, ...to }, tipMinor: Math.round((balanceMinor * percent) / 100) };
  } else {
    const amountMinor = parseMoney(value, currency);
    if (!amountMinor) return { error: m.pay.tipAmountInvalid };
    tip = { tip: { amountMinor, ...to }, tipMinor: amountMinor };
  }
  return tip.tipMinor < minimumMinor ? { error: m.pay.tipTooSmall(formatMoney(minimumMinor, currency, m.locale)) } : tip;
}

function PayBalance({ balanceMinor, currency }: { balanceMinor: number; currency: string }) {
  const { m } = useGuest();
  const money = (amountMinor: number) => formatMoney(amountMinor, currency, m.locale);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<TipMode>('none');
  const [value, setValue] = useState('');
  const options = useTipOptions();
  const recipients = recipientsOf(options.data, m);
  const [chosen, setRecipient] = useState<Recipient>();
  const recipient = chosen ?? recipients[0]?.value ?? '';
  const [showTipError, setShowTipError] = useState(false);
  // The same payment sent again (after a network failure, or after 3-D Secure) keeps its key, so
  // nothing is charged twice; another amount or tip gets a new one.
  const attempt = useAttemptKey<GuestPaymentBody>();

  const pay = useMutation({
    mutationFn: async (body: GuestPaymentBody) => {
      const key = attempt.keyFor(body);
      const send = () => unwrap(api.POST('/api/v1/stay/payments', { params: { header: { 'idempotency-key': key } }, body }));
      const answer = await send();
      if (!answer.nextAction) return answer;
      // The bank wants the guest to confirm (3-D Secure): Stripe.js shows its step, then the same request goes on.
      const stripe = await stripeFor(answer.nextAction.jsUrl, answer.nextAction.publishableKey);
      const { error } = await stripe.handleNextAction({ clientSecret: answer.nextAction.clientSecret });
      if (error) throw cardError(error, m);
      return send();
    },
    onSuccess: (answer) => {
      if (!answer.nextAction) attempt.forget();
    },
    onError: (error) => {
      const mayResend = error instanceof ProviderUnavailable || (error instanceof ApiError && error.status === 0);
      if (!mayResend) attempt.forget();
    },
    // The bill and the payments change with every attempt, whatever its outcome.
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: guestKeys.payments }), queryClient.invalidateQueries({ queryKey: guestKeys.folio })]),
  });

  const tip = tipOf(m, recipients.length > 0 ? mode : 'none', value, balanceMinor, currency, recipient, options.data?.minimumMinor ?? 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowTipError(true);
    if ('error' in tip) return;
    pay.mutate({ amountMinor: balanceMinor, currency, ...(tip.tip && { tip: tip.tip }) });
  };
  const done = pay.data;
  const taken = done?.payments.filter((payment) => payment.providerStatus === 'succeeded') ?? [];
  const owed = money(balanceMinor);
  const tipMinor = 'tipMinor' in tip ? tip.tipMinor : 0;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="pay-heading">
      <h3 id="pay-heading">{m.pay.payTitle}</h3>
      {done && done.payments.some((payment) => payment.providerStatus !== 'succeeded') && (
        <Alert kind="warning">
          <p>{m.pay.processing}</p>
        </Alert>
      )}
      {taken.length > 0 && (
        <Alert kind="success">
          {taken.map((payment) => (
            <p key={payment.id}>
              {payment.kind === 'tip'
                ? m.pay.tipPaid(formatMoney(payment.amountMinor, payment.currency, m.locale), tipRecipientName(payment, options.data, m))
                : m.pay.paid(formatMoney(payment.amountMinor, payment.currency, m.locale))}
            </p>
          ))}
        </Alert>
      )}
      {pay.error && <ErrorAlert error={pay.error} message={paymentErrorText(pay.error, m)} />}
      {balanceMinor <= 0 ? (
        <p>{m.pay.nothingDue}</p>
      ) : (
        <>
          <p>
            <strong>{m.pay.balanceDue(owed)}</strong>
          </p>
          {recipients.length > 0 && (
            <SelectField label={m.pay.tip} name="tip-mode" value={mode} onChange={(event) => setMode(event.target.value as TipMode)}>
              <option value="none">{m.pay.tipNone}</option>
              <option value="percent">{m.pay.tipPercent}</option>
              <option value="amount">{m.pay.tipAmount}</option>
            </SelectField>
          )}
          {recipients.length > 0 && mode !== 'none' && (
            <>
              <TextField
                label={mode === 'percent' ? m.pay.tipPercentField : m.pay.tipAmountField(currency)}
                name="tip"
                inputMode="decimal"
                autoComplete="off"
                value={value}
                onChange={(event) => setValue(event.target.value)}
                hint={tipMinor > 0 ? m.pay.tipPreview(money(tipMinor), money(balanceMinor + tipMinor)) : undefined}
                error={showTipError && 'error' in tip ? tip.error : undefined}
              />
              <SelectField label={m.pay.tipFor} name="tip-recipient" value={recipient} onChange={(event) => setRecipient(event.target.value)}>
                {recipients.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </SelectField>
            </>
          )}
          <Button busy={pay.isPending} busyLabel={m.pay.paying}>
            {m.pay.payButton(money(balanceMinor + tipMinor))}
          </Button>
        </>
      )}
    </form>
  );
}
