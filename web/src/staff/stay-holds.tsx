import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { api, unwrap, type CardHold, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDateTime, formatMoney, parseMoney } from '../lib/format';
import { ErrorAlert, QueryState } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { staffKeys, useStaff } from './staff-context';

const holdBadge: Record<CardHold['status'], string> = {
  placing: 'badge',
  requires_action: 'badge',
  authorized: 'badge ok',
  captured: 'badge ok',
  released: 'badge',
  failed: 'badge bad',
};

/** Charge the card on file an amount, with what it is for; one Idempotency-Key per charge meant, kept across a resend. */
function ChargeCard({ stay, onDone }: { stay: Stay; onDone: () => Promise<unknown> }) {
  const { propertyId } = useStaff();
  const currency = stay.property.currency;
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [shown, setShown] = useState(false);
  const key = useRef<{ body: string; key: string }>(undefined);
  const amountMinor = parseMoney(amount, currency);
  const charge = useMutation({
    mutationFn: (body: { amountMinor: number; currency: string; note: string }) => {
      const text = JSON.stringify(body);
      if (key.current?.body !== text) key.current = { body: text, key: crypto.randomUUID() };
      return unwrap(
        api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/card-charges', {
          params: { path: { propertyId, stayId: stay.id }, header: { 'idempotency-key': key.current.key } },
          body,
        }),
      );
    },
    onSuccess: () => {
      key.current = undefined;
      setAmount('');
      setNote('');
      setShown(false);
    },
    onSettled: onDone,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (amountMinor && note.trim()) charge.mutate({ amountMinor, currency, note: note.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t.holds.chargeTitle}>
      <h4>{t.holds.chargeTitle}</h4>
      {charge.error && <ErrorAlert error={charge.error} />}
      {charge.data && <p role="status">{t.holds.charged(formatMoney(charge.data.amountMinor, charge.data.currency))}</p>}
      <div className="toolbar">
        <TextField label={t.holds.chargeAmount(currency)} name="charge-amount" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} error={shown && !amountMinor ? t.holds.chargeAmountInvalid : undefined} />
        <TextField label={t.holds.chargeNote} name="charge-note" value={note} maxLength={200} onChange={(event) => setNote(event.target.value)} error={shown && !note.trim() ? t.holds.chargeNoteMissing : undefined} />
      </div>
      <Button busy={charge.isPending} busyLabel={t.staff.working}>
        {t.holds.charge}
      </Button>
    </form>
  );
}

/** The stay's card on file and its holds, with Place, Capture (up to the balance) and Release. */
export function StayHolds({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const path = { propertyId, stayId: stay.id };
  const overview = useQuery({
    queryKey: staffKeys.holds(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/holds', { params: { path } })),
  });
  // A capture changes the folio and the payments too: refresh the whole stay.
  const settled = () => queryClient.invalidateQueries({ queryKey: staffKeys.stay(propertyId, stay.id) });
  const place = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/holds', { params: { path }, body: {} })),
    onSettled: settled,
  });
  const act = useMutation({
    mutationFn: async ({ hold, action }: { hold: CardHold; action: 'capture' | 'release' }): Promise<unknown> => {
      const params = { path: { ...path, holdId: hold.id } };
      if (action === 'capture') return unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/holds/{holdId}/capture', { params }));
      return unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/holds/{holdId}/release', { params }));
    },
    onSettled: settled,
  });
  const open = stay.status === 'reserved' || stay.status === 'checked_in';

  return (
    <section aria-labelledby="holds-heading">
      <h3 id="holds-heading">{t.holds.title}</h3>
      {place.error && <ErrorAlert error={place.error} />}
      {act.error && <ErrorAlert error={act.error} />}
      <QueryState query={overview}>
        {({ card, holds }) => (
          <>
            <p>{card ? t.holds.card(card.brand, card.last4) : t.holds.noCard}</p>
            {holds.length === 0 ? (
              <p>{t.holds.none}</p>
            ) : (
              <ul className="lines" aria-label={t.holds.title}>
                {holds.map((hold) => (
                  <li key={hold.id} data-status={hold.status}>
                    <span className="what">
                      {t.holds.hold(hold.version)}
                      <span className={holdBadge[hold.status]}>{t.holds.status[hold.status]}</span>
                      <span className="when">
                        {hold.status === 'authorized' && hold.captureBefore && t.holds.lapses(formatDateTime(hold.captureBefore))}
                        {hold.capturedMinor > 0 && t.holds.captured(formatMoney(hold.capturedMinor, hold.currency))}
                        {hold.lastError && ` · ${hold.lastError}`}
                      </span>
                      {hold.status === 'authorized' && !hold.replacedBy && (
                        <>
                          <Button type="button" className="button secondary" aria-label={t.holds.captureLabel(hold.version)} busy={act.isPending} onClick={() => act.mutate({ hold, action: 'capture' })}>
                            {t.holds.capture}
                          </Button>{' '}
                          <Button type="button" className="button secondary" aria-label={t.holds.releaseLabel(hold.version)} busy={act.isPending} onClick={() => act.mutate({ hold, action: 'release' })}>
                            {t.holds.release}
                          </Button>
                        </>
                      )}
                    </span>
                    <span className="amount">{formatMoney(hold.amountMinor, hold.currency)}</span>
                  </li>
                ))}
              </ul>
            )}
            {open && card && !holds.some((hold) => ['placing', 'requires_action', 'authorized'].includes(hold.status)) && (
              <Button type="button" busy={place.isPending} busyLabel={t.staff.working} onClick={() => place.mutate()}>
                {t.holds.place}
              </Button>
            )}
            {card && <ChargeCard stay={stay} onDone={settled} />}
          </>
        )}
      </QueryState>
    </section>
  );
}
