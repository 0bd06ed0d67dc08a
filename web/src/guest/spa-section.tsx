import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldIssueOf, unwrap, type Stay } from '../api/client';
import { formatDateTime, formatMoney } from '../lib/format';
import { Alert, ErrorAlert, errorMessage, QueryState } from '../ui/feedback';
import { Button, SelectField, TextAreaField } from '../ui/form';
import { freshAvailability, SlotFields, useSlotChoice, useSpaBooking, type BookBody, type SpaBooking, type Treatment } from '../ui/spa-booking';
import { useGuest, type GuestMessages } from './i18n';
import { guestKeys } from './queries';

/**
 * The hotel's spa: its treatments, booking one for a day of the stay (charged to the room or the
 * card on file), and the stay's bookings with cancelling. Nothing where the hotel has no spa.
 */
export function SpaSection({ stay }: { stay: Stay }) {
  const { m } = useGuest();
  const catalog = useQuery({ queryKey: guestKeys.spaCatalog(m.language), queryFn: () => unwrap(api.GET('/api/v1/stay/spa/treatments')), retry: false });
  const [chosen, setChosen] = useState<Treatment>();
  if (!catalog.data?.enabled) return null;
  return (
    <section className="card" aria-labelledby="spa-heading" data-testid="spa">
      <h2 id="spa-heading">{m.spa.title}</h2>
      <ul className="lines" aria-label={m.spa.treatments}>
        {catalog.data.treatments.map((treatment) => (
          <li key={treatment.id}>
            <span className="what">
              <strong>{treatment.name}</strong>
              <span className="when">{m.spa.minutes(treatment.durationMinutes)}</span>
              {treatment.description && <span className="when">{treatment.description}</span>}
            </span>
            <span className="actions">
              <span className="amount">{formatMoney(treatment.price.amount, treatment.price.currency, m.locale)}</span>
              <button type="button" className="button secondary" aria-label={m.spa.choose(treatment.name)} aria-pressed={chosen?.id === treatment.id} onClick={() => setChosen(treatment)}>
                {m.spa.book}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {chosen && <BookingForm key={chosen.id} treatment={chosen} stay={stay} therapists={catalog.data.therapists} roomCharge={catalog.data.roomCharge} onDone={() => setChosen(undefined)} />}
      <SpaBookings timeZone={stay.property.timeZone} />
    </section>
  );
}

function BookingForm({ treatment, stay, therapists, roomCharge, onDone }: { treatment: Treatment; stay: Stay; therapists: boolean; roomCharge: boolean; onDone: () => void }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const timeZone = stay.property.timeZone;
  const payments = useQuery({ queryKey: guestKeys.payments, queryFn: () => unwrap(api.GET('/api/v1/stay/payments')) });
  const card = payments.data?.card;
  const payCard = card && m.spa.payCard(m.pay.cardOnFile(m.pay.brands[card.brand] ?? card.brand, card.last4));
  const choice = useSlotChoice({
    stay,
    therapists,
    availabilityKey: (date) => guestKeys.spaAvailability(treatment.id, date),
    fetchAvailability: (date) => unwrap(api.GET('/api/v1/stay/spa/availability', { params: { query: { treatmentId: treatment.id, date } } })),
  });
  const form = useSpaBooking({
    choice,
    treatmentId: treatment.id,
    roomCharge,
    hasCard: !!card,
    send: (body, key) => unwrap(api.POST('/api/v1/stay/spa/bookings', { params: { header: { 'idempotency-key': key } }, body })),
    refresh: () => Promise.all([guestKeys.spaBookings, guestKeys.folio, guestKeys.payments].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
  const book = form.mutation;

  if (book.data) {
    return (
      <Alert kind="success">
        <p>{m.spa.booked(book.data.treatmentName, formatDateTime(book.data.startsAt, m.locale, timeZone))}</p>
        <button type="button" className="button secondary" onClick={onDone}>
          {m.spa.close}
        </button>
      </Alert>
    );
  }

  return (
    <form onSubmit={form.submit} noValidate aria-labelledby="spa-book-heading">
      <h3 id="spa-book-heading">{m.spa.formTitle(treatment.name)}</h3>
      {book.error && <ErrorAlert error={book.error} message={bookingErrorText(book.error, m)} />}
      <SlotFields choice={choice} labels={m.spa} timeZone={timeZone} locale={m.locale} error={book.error} />
      <TextAreaField label={m.spa.notes} name="spa-notes" rows={2} maxLength={500} value={form.notes} onChange={(event) => form.setNotes(event.target.value)} />
      {form.methods.length > 1 ? (
        <SelectField label={m.spa.payment} name="spa-payment" value={form.method} onChange={(event) => form.setPayment(event.target.value as BookBody['payment'])} error={fieldIssueOf(book.error, 'payment')}>
          <option value="room">{m.spa.payRoom}</option>
          <option value="card">{payCard}</option>
        </SelectField>
      ) : form.method === 'card' ? (
        <p>{payCard}</p>
      ) : form.method === 'room' ? (
        <p>
          {m.spa.payRoom}. <span className="hint">{m.spa.cardFirst}</span>
        </p>
      ) : (
        <p>{m.spa.roomNotAllowed}</p>
      )}
      <Button busy={book.isPending} busyLabel={m.spa.booking} disabled={!choice.time || !form.method}>
        {m.spa.confirm(formatMoney(treatment.price.amount, treatment.price.currency, m.locale))}
      </Button>
    </form>
  );
}

function bookingErrorText(error: unknown, m: GuestMessages): string {
  if (freshAvailability(error)) return m.spa.taken;
  return errorMessage(error, m);
}

function SpaBookings({ timeZone }: { timeZone: string }) {
  const { m } = useGuest();
  const bookings = useQuery({ queryKey: guestKeys.spaBookings, queryFn: () => unwrap(api.GET('/api/v1/stay/spa/bookings')) });
  return (
    <>
      <h3>{m.spa.yours}</h3>
      <QueryState query={bookings}>
        {(data) =>
          data.bookings.length === 0 ? (
            <p>{m.spa.none}</p>
          ) : (
            <ul className="lines" aria-label={m.spa.yours}>
              {data.bookings.map((booking) => (
                <SpaBookingRow key={booking.id} booking={booking} timeZone={timeZone} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}

function SpaBookingRow({ booking, timeZone }: { booking: SpaBooking; timeZone: string }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const money = (amountMinor: number) => formatMoney(amountMinor, booking.price.currency, m.locale);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/stay/spa/bookings/{bookingId}/cancel', { params: { path: { bookingId: booking.id } } })),
    onSettled: () => Promise.all([guestKeys.spaBookings, guestKeys.folio].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
  const late = Date.now() > new Date(booking.freeCancellationUntil).getTime();
  const fee = late ? booking.lateCancelFeeMinor : 0;
  return (
    <li data-status={booking.status}>
      <span className="what">
        {booking.treatmentName}
        {booking.therapist && ` · ${m.spa.with(booking.therapist.name)}`}
        <span className={`badge ${booking.status === 'booked' || booking.status === 'arrived' ? 'ok' : booking.status === 'failed' ? 'bad' : ''}`}>{m.spa.status[booking.status] ?? booking.status}</span>
        <span className="when">
          {formatDateTime(booking.startsAt, m.locale, timeZone)} · {m.spa.paidBy[booking.payment]}
        </span>
        {booking.failureReason && <span className="when">{booking.failureReason}</span>}
        {booking.feeMinor > 0 && <span className="when">{m.spa.feeKept(money(booking.feeMinor))}</span>}
        {booking.status === 'booked' && (
          <span className="when">{fee > 0 ? m.spa.lateFee(money(fee)) : late ? m.spa.freeNow : m.spa.freeUntil(formatDateTime(booking.freeCancellationUntil, m.locale, timeZone))}</span>
        )}
        {cancel.error && <ErrorAlert error={cancel.error} />}
      </span>
      <span className="actions">
        <span className="amount">{money(booking.price.amount)}</span>
        {booking.status === 'booked' && (
          <Button type="button" className="button secondary" busy={cancel.isPending} busyLabel={m.spa.cancelling} onClick={() => cancel.mutate()}>
            {fee > 0 ? m.spa.cancelWithFee(money(fee)) : m.spa.cancel}
          </Button>
        )}
      </span>
    </li>
  );
}
