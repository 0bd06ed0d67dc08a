import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Folio, type Payment, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDateTime, formatMoney, minorToInput, parseMoney } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { staffKeys, useStaff } from './staff-context';

const METHODS = ['cash', 'card_terminal', 'bank_transfer'] as const;

/**
 * A fresh Idempotency-Key. Not crypto.randomUUID: that exists only in secure contexts, and a
 * hotel may serve the console over plain http on its own network.
 */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const statusBadge: Record<Payment['status'], string> = { posted: 'badge ok', pending: 'badge', failed: 'badge bad' };

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
                <li key={payment.id} data-status={payment.status}>
                  <span className="what">
                    {t.payments.methods[payment.method]}
                    {payment.reference && ` · ${payment.reference}`}
                    <span className={statusBadge[payment.status]}>{t.payments.status[payment.status]}</span>
                    <span className="when">
                      {formatDateTime(payment.createdAt)}
                      {payment.recordedBy && ` · ${payment.recordedBy.name}`}
                      {payment.status !== 'posted' && payment.lastError && ` · ${payment.lastError}`}
                    </span>
                  </span>
                  <span className="amount">{formatMoney(payment.amountMinor, payment.currency)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {open && <RecordPaymentForm stay={stay} balanceMinor={folio?.balanceMinor ?? 0} />}
    </section>
  );
}

function RecordPaymentForm({ stay, balanceMinor }: { stay: Stay; balanceMinor: number }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const currency = stay.property.currency;
  const [amount, setAmount] = useState(balanceMinor > 0 ? minorToInput(balanceMinor, currency) : '');
  const [method, setMethod] = useState<(typeof METHODS)[number]>('cash');
  const [reference, setReference] = useState('');
  // One key per payment meant: kept while the same form is sent again after a network failure (so a
  // payment that did reach the server is not recorded twice), renewed when the form changes or an
  // answer came back.
  const [key, setKey] = useState(newKey);
  const [amountError, setAmountError] = useState<string>();
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setKey(newKey());
  };

  const record = useMutation({
    mutationFn: (amountMinor: number) =>
      unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/payments', {
          params: { path: { propertyId, stayId: stay.id }, header: { 'idempotency-key': key } },
          body: { amountMinor, currency, method, ...(reference.trim() && { reference: reference.trim() }) },
        }),
      ),
    onSuccess: () => {
      setKey(newKey());
      setAmount('');
      setReference('');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status !== 0) setKey(newKey());
    },
    // The folio (and check-out) change with every payment, whatever its outcome.
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.stay(propertyId, stay.id) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseMoney(amount, currency);
    setAmountError(amountMinor ? undefined : t.payments.amountInvalid);
    if (amountMinor) record.mutate(amountMinor);
  };
  const issues = record.error instanceof ApiError ? record.error.fieldIssues : [];
  const issue = (field: string) => issues.find((candidate) => candidate.field === field)?.message;
  const amountIssue = amountError ?? issue('amountMinor') ?? issue('currency');
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
        value={amount}
        onChange={(event) => edit(setAmount)(event.target.value)}
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
