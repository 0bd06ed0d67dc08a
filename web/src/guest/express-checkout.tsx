import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Stay } from '../api/client';
import { useGuest } from './i18n';
import { formatMoney, todayIn } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button } from '../ui/form';
import { FolioLines } from '../ui/stay-facts';
import { PaymentSection } from './payment-section';
import { guestKeys } from './queries';

/** The day before an ISO date. */
const dayBefore = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** As the API decides: a checked-in stay on its departure day or the day before, at the hotel. */
export function expressCheckoutOpen(stay: Stay): boolean {
  const today = todayIn(stay.property.timeZone);
  return stay.status === 'checked_in' && (today === stay.departureDate || today === dayBefore(stay.departureDate));
}

/** The stay page's invitation to check out. */
export function CheckOutInvitation({ onStart }: { onStart: () => void }) {
  const { m } = useGuest();
  return (
    <section className="card" aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">{m.checkout.title}</h2>
      <p>{m.checkout.intro}</p>
      <button type="button" className="button" onClick={onStart}>
        {m.checkout.start}
      </button>
    </section>
  );
}

/** Express checkout in three steps: the bill, paying it (the Payment section's own flow), and the check-out itself. */
export function ExpressCheckout({ stay, onBack }: { stay: Stay; onBack: () => void }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const folio = useQuery({ queryKey: guestKeys.folio, queryFn: () => unwrap(api.GET('/api/v1/stay/folio')) });
  const payments = useQuery({ queryKey: guestKeys.payments, queryFn: () => unwrap(api.GET('/api/v1/stay/payments')) });
  const checkOut = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/stay/check-out')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: guestKeys.stay }),
  });

  if (checkOut.data) return <CheckedOut receiptTo={checkOut.data.receiptTo} />;
  const balanceMinor = folio.data?.balanceMinor;
  // As the API decides: the hold in place pays the balance at check-out (captured, the rest released).
  const hold = payments.data?.holds[0];
  const holdPays = balanceMinor !== undefined && balanceMinor > 0 && hold?.status === 'authorized' && hold.capturableMinor >= balanceMinor;
  const owes = !holdPays && (balanceMinor === undefined || balanceMinor > 0);
  return (
    <>
      <section className="card" aria-labelledby="checkout-review-heading">
        <h1>{m.checkout.title}</h1>
        <h2 id="checkout-review-heading">{m.checkout.reviewTitle}</h2>
        <QueryState query={folio}>{(data) => <FolioLines folio={data} />}</QueryState>
      </section>
      <PaymentSection balanceMinor={folio.data?.balanceMinor} currency={folio.data?.currency ?? stay.property.currency} title={m.checkout.payTitle} />
      <section className="card" aria-labelledby="checkout-confirm-heading">
        <h2 id="checkout-confirm-heading">{m.checkout.confirmTitle}</h2>
        {checkOut.error && <ErrorAlert error={checkOut.error} />}
        <p>
          {holdPays
            ? m.checkout.holdPays(formatMoney(balanceMinor, folio.data!.currency, m.locale), payments.data?.card?.last4 ?? '')
            : owes
              ? m.checkout.payFirst
              : m.checkout.confirmIntro}
        </p>
        <div className="actions">
          <Button type="button" disabled={owes || checkOut.isPending} busy={checkOut.isPending} busyLabel={m.checkout.checkingOut} onClick={() => checkOut.mutate()}>
            {m.checkout.confirm}
          </Button>
          <button type="button" className="button secondary" onClick={onBack} disabled={checkOut.isPending}>
            {m.checkout.back}
          </button>
        </div>
      </section>
    </>
  );
}

function CheckedOut({ receiptTo }: { receiptTo: string | null }) {
  const { m } = useGuest();
  return (
    <section className="card" aria-labelledby="checked-out-heading">
      <h1 id="checked-out-heading">{m.checkout.doneTitle}</h1>
      <Alert kind="success">
        <p>{receiptTo ? m.checkout.receiptOnItsWay(receiptTo) : m.checkout.noEmail}</p>
      </Alert>
      <p>{m.checkout.thanks}</p>
    </section>
  );
}
