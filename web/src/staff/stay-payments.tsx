import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Folio, type Payment, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDateTime, formatMoney, minorToInput, parseMoney } from '../lib/format';
import { newKey } from '../lib/idempotency-key';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { staffKeys, useStaff } from './staff-context';
import { StayHolds } from './stay-holds';

const METHODS = ['cash', 'card_terminal', 'bank_transfer'] as const;

const statusBadge: Record<Payment['status'], string> = { posted: 'badge ok', pending: 'badge', failed: 'badge bad' };
const providerBadge: Record<NonNullable<Payment['providerStatus']>, string> = { succeeded: 'badge ok', requested: 'badge', requires_action: 'badge', failed: 'badge bad' };

/** What is left to refund of a payment: its amount less its refunds (all but those the provider declined); nothing for a payment never taken. */
function leftToRefund(payment: Payment, all: Payment[]): number {
  if (payment.kind !== 'payment') return 0;
  const taken = payment.method === 'card' ? payment.providerStatus === 'succeeded' : payment.status !== 'failed';
  if (!taken) return 0;
  const refunded = all.filter((other) => other.refundOf === payment.id && other.providerStatus !== 'failed').reduce((sum, other) => sum + other.amountMinor, 0);
  return payment.amountMinor - refunded;
}

/** How a payment reads: its method, a tip, or a refund of a payment by some method. */
const describePayment = (payment: Payment) =>
  payment.kind === 'refund'
    ? t.payments.refundOf(t.payments.methods[payment.method] ?? payment.method)
    : `${payment.kind === 'tip' ? `${t.payments.tip} · ` : ''}${t.payments.methods[payment.method]}`;

/** One payment with its states (at the provider for cards, at the PMS for all) and, while something is left to refund, its Refund action. */
function PaymentLine({ stay, payment, leftMinor }: { stay: Stay; payment: Payment; leftMinor: number }) {
  const [refunding, setRefunding] = useState(false);
  const amount = formatMoney(payment.amountMinor, payment.currency);
  return (
    <li data-status={payment.status} data-kind={payment.kind}>
      <span className="what">
        {describePayment(payment)}
        {payment.reference && ` · ${payment.reference}`}
        {payment.providerStatus && <span className={providerBadge[payment.providerStatus]}>{t.payments.providerStatus[payment.providerStatus]}</span>}
        <span className={statusBadge[payment.status]}>{t.payments.status[payment.status]}</span>
        <span className="when">
          {formatDateTime(payment.createdAt)}
          {payment.recordedBy && ` · ${payment.recordedBy.name}`}
          {payment.kind === 'refund' && payment.note && ` · ${payment.note}`}
          {payment.status !== 'posted' && payment.lastError && ` · ${payment.lastError}`}
        </span>
        {leftMinor > 0 && !refunding && (
          <button type="button" className="button secondary" aria-label={t.payments.refundLabel(describePayment(payment), amount)} onClick={() => setRefunding(true)}>
            {t.payments.refund}
          </button>
        )}
        {refunding && <RefundForm stay={stay} payment={payment} leftMinor={leftMinor} onClose={() => setRefunding(false)} />}
      </span>
      <span className="amount">
        {payment.kind === 'refund' ? '−' : ''}
        {amount}
      </span>
    </li>
  );
}

/** Refund of part or all of what is left of a payment, with a reason; one Idempotency-Key per refund meant, as for payments. */
function RefundForm({ stay, payment, leftMinor, onClose }: { stay: Stay; payment: Payment; leftMinor: number; onClose: () => void }) {
  const { propertyId } = useStaff();
  const currency = payment.currency;
  const [reason, setReason] = useState('');
  const form = useKeyedMoneyForm({
    stayId: stay.id,
    currency,
    initialAmount: minorToInput(leftMinor, currency),
    send: (amountMinor, key) =>
      unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/payments/{paymentId}/refunds', {
          params: { path: { propertyId, stayId: stay.id, paymentId: payment.id }, header: { 'idempotency-key': key } },
          body: { amountMinor, reason: reason.trim() },
        }),
      ),
  });
  const { mutation: refund, issue, submit } = form;
  const done = refund.data;
  return (
    <form onSubmit={submit} noValidate aria-label={t.payments.refundTitle}>
      {done && done.status === 'posted' && (
        <Alert kind="success">
          <p>{t.payments.refundDone(formatMoney(done.amountMinor, done.currency))}</p>
        </Alert>
      )}
      {done && done.status === 'pending' && (
        <Alert kind="warning">
          <p>{t.payments.refundPending(formatMoney(done.amountMinor, done.currency))}</p>
        </Alert>
      )}
      {done && done.status === 'failed' && (
        <Alert kind="warning">
          <p>{t.payments.refundNotOnFolio(done.lastError ?? '')}</p>
        </Alert>
      )}
      {refund.error && <ErrorAlert error={refund.error} />}
      <TextField
        label={t.payments.refundAmount(currency)}
        hint={t.payments.refundLeft(formatMoney(leftMinor, currency))}
        name="refund-amount"
        inputMode="decimal"
        autoComplete="off"
        value={form.amount}
        onChange={(event) => form.setAmount(event.target.value)}
        error={form.amountError ?? issue('amountMinor')}
      />
      <TextField
        label={t.payments.refundReason}
        hint={t.payments.refundReasonHint}
        name="refund-reason"
        maxLength={500}
        required
        value={reason}
        onChange={(event) => form.edit(setReason)(event.target.value)}
        error={issue('reason')}
      />
      <Button busy={refund.isPending} busyLabel={t.staff.working}>
        {t.payments.refundSubmit}
      </Button>{' '}
      <button type="button" className="button secondary" onClick={onClose}>
        {t.payments.cancel}
      </button>
    </form>
  );
}

/** The stay's payments with their state, and (while the stay is open) the form that records one. */
export function StayPayments({ stay, folio }: { stay: Stay; folio: Folio | null }) {
  const { propertyId } = useStaff();
  const path = { propertyId, stayId: stay.id };
  const payments = useQuery({
    queryKey: staffKeys.payments(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/payments', { params: { path } })),
  });
  const open = stay.status === 'reserved' || stay.status === 'checked_in';

  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">{t.payments.title}</h2>
      <QueryState query={payments}>
        {({ payments: list }) =>
          list.length === 0 ? (
            <p>{t.payments.none}</p>
          ) : (
            <ul className="lines" aria-label={t.payments.title}>
              {list.map((payment) => (
                <PaymentLine key={payment.id} stay={stay} payment={payment} leftMinor={leftToRefund(payment, list)} />
              ))}
            </ul>
          )
        }
      </QueryState>
      {open && <RecordPaymentForm stay={stay} balanceMinor={folio?.balanceMinor ?? 0} />}
      <StayHolds stay={stay} />
    </section>
  );
}

function RecordPaymentForm({ stay, balanceMinor }: { stay: Stay; balanceMinor: number }) {
  const { propertyId } = useStaff();
  const currency = stay.property.currency;
  const [method, setMethod] = useState<(typeof METHODS)[number]>('cash');
  const [reference, setReference] = useState('');
  const form = useKeyedMoneyForm({
    stayId: stay.id,
    currency,
    initialAmount: balanceMinor > 0 ? minorToInput(balanceMinor, currency) : '',
    send: (amountMinor, key) =>
      unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/payments', {
          params: { path: { propertyId, stayId: stay.id }, header: { 'idempotency-key': key } },
          body: { amountMinor, currency, method, ...(reference.trim() && { reference: reference.trim() }) },
        }),
      ),
    onSuccess: () => {
      form.setAmount('');
      setReference('');
    },
  });
  const { mutation: record, issue, submit, edit } = form;
  const amountIssue = form.amountError ?? issue('amountMinor') ?? issue('currency');
  const done = record.data;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-payment-heading">
      <h3 id="record-payment-heading">{t.payments.recordTitle}</h3>
      {done?.status === 'posted' && (
        <Alert kind="success">
          <p>{t.payments.posted(formatMoney(done.amountMinor, done.currency))}</p>
        </Alert>
      )}
      {done?.status === 'pending' && (
        <Alert kind="warning">
          <p>{t.payments.pending(formatMoney(done.amountMinor, done.currency))}</p>
        </Alert>
      )}
      {record.error && <ErrorAlert error={record.error} message={amountIssue || issue('reference') ? t.errors.fixFields : undefined} />}
      <TextField
        label={t.payments.amount(currency)}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={form.amount}
        onChange={(event) => form.setAmount(event.target.value)}
        error={amountIssue}
      />
      <SelectField label={t.payments.method} name="method" value={method} onChange={(event) => edit((value) => setMethod(value as typeof method))(event.target.value)}>
        {METHODS.map((value) => (
          <option key={value} value={value}>
            {t.payments.methods[value]}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t.payments.reference}
        hint={t.payments.referenceHint}
        name="reference"
        maxLength={64}
        autoComplete="off"
        value={reference}
        onChange={(event) => edit(setReference)(event.target.value)}
        error={issue('reference')}
      />
      <Button busy={record.isPending} busyLabel={t.staff.working}>
        {t.payments.record}
      </Button>
    </form>
  );
}

/**
 * A money form's request (a payment, a refund) and its Idempotency-Key: one key per request meant,
 * kept while the same form is sent again after a network failure (so one that did reach the server
 * is not recorded twice), renewed when the form changes or an answer came back. The folio (and
 * check-out) change with every answer, whatever its outcome: the stay is refetched.
 */
function useKeyedMoneyForm(options: {
  stayId: string;
  currency: string;
  initialAmount: string;
  send: (amountMinor: number, key: string) => Promise<Payment>;
  onSuccess?: () => void;
}) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const [amount, setAmountValue] = useState(options.initialAmount);
  const [key, setKey] = useState(newKey);
  const [amountError, setAmountError] = useState<string>();
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setKey(newKey());
  };
  const mutation = useMutation({
    mutationFn: (amountMinor: number) => options.send(amountMinor, key),
    onSuccess: () => {
      setKey(newKey());
      options.onSuccess?.();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status !== 0) setKey(newKey());
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.stay(propertyId, options.stayId) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseMoney(amount, options.currency);
    setAmountError(amountMinor ? undefined : t.payments.amountInvalid);
    if (amountMinor) mutation.mutate(amountMinor);
  };
  const issues = mutation.error instanceof ApiError ? mutation.error.fieldIssues : [];
  const issue = (field: string) => issues.find((candidate) => candidate.field === field)?.message;
  return { amount, setAmount: edit(setAmountValue), amountError, edit, mutation, submit, issue };
}
