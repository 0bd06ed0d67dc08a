import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, fieldIssueOf, unwrap, type Stay } from '../api/client';
import type { components, paths } from '../api/schema';
import { datesFrom, formatDate, formatDateTime, formatMoney, formatTime, todayIn } from '../lib/format';
import { useAttemptKey } from '../lib/idempotency-key';
import { Alert, ErrorAlert, errorMessage, QueryState } from '../ui/feedback';
import { Button, SelectField, TextAreaField } from '../ui/form';
import { useGuest, type GuestMessages } from './i18n';
import { guestKeys } from './queries';

type Treatment = components['schemas']['SpaCatalog']['treatments'][number];
type Availability = components['schemas']['SpaAvailability'];
type SpaBooking = components['schemas']['SpaBooking'];
type BookBody = paths['/api/v1/stay/spa/bookings']['post']['requestBody']['content']['application/json'];

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
      {chosen && <BookingForm key={chosen.id} treatment={chosen} stay={stay} therapists={catalog.data.therapists} onDone={() => setChosen(undefined)} />}
      <SpaBookings timeZone={stay.property.timeZone} />
    </section>
  );
}

/** A start time as the guest picks it: one per time, or one per therapist and time where they choose. */
const slotValue = (slot: Availability['slots'][number], byTherapist: boolean) => (byTherapist && slot.therapist ? `${slot.startsAt}|${slot.therapist.id}` : slot.startsAt);

/** The days of the stay still to come, in the hotel's time zone. */
function bookableDays(stay: Stay): string[] {
  const today = todayIn(stay.property.timeZone);
  return datesFrom(stay.arrivalDate > today ? stay.arrivalDate : today, stay.departureDate);
}

/** The day as it is now, sent with a 409 when the time was taken. */
function freshAvailability(error: unknown): Availability | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const details = error.details as { availability?: Availability } | undefined;
  return details?.availability;
}

function BookingForm({ treatment, stay, therapists, onDone }: { treatment: Treatment; stay: Stay; therapists: boolean; onDone: () => void }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const timeZone = stay.property.timeZone;
  const days = bookableDays(stay);
  const [date, setDate] = useState(days[0] ?? '');
  const [therapistId, setTherapistId] = useState('');
  const [time, setTime] = useState('');
  const [notes, setNotes] = useState('');
  const payments = useQuery({ queryKey: guestKeys.payments, queryFn: () => unwrap(api.GET('/api/v1/stay/payments')) });
  const card = payments.data?.card;
  const [payment, setPayment] = useState<BookBody['payment']>('room');
  const availabilityKey = guestKeys.spaAvailability(treatment.id, date);
  const availability = useQuery({
    queryKey: availabilityKey,
    queryFn: () => unwrap(api.GET('/api/v1/stay/spa/availability', { params: { query: { treatmentId: treatment.id, date } } })),
    enabled: !!date,
  });
  const attempt = useAttemptKey<BookBody>();

  const book = useMutation({
    mutationFn: (body: BookBody) => unwrap(api.POST('/api/v1/stay/spa/bookings', { params: { header: { 'idempotency-key': attempt.keyFor(body) } }, body })),
    onSuccess: () => attempt.forget(),
    onError: (error) => {
      // No answer (or the spa system's): the same attempt is sent again with its key, and books once.
      const mayResend = error instanceof ApiError && [0, 503, 504].includes(error.status);
      if (!mayResend) attempt.forget();
      const fresh = freshAvailability(error);
      if (fresh) {
        queryClient.setQueryData(availabilityKey, fresh);
        setTime('');
      }
    },
    onSettled: () =>
      Promise.all([guestKeys.spaBookings, guestKeys.folio, guestKeys.payments].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });

  const slots = (availability.data?.slots ?? []).filter((slot) => !therapistId || slot.therapist?.id === therapistId);
  const byTherapist = therapists && !!therapistId;
  const times = [...new Map(slots.map((slot) => [slotValue(slot, byTherapist), slot])).entries()];
  const offered = [...new Map((availability.data?.slots ?? []).flatMap((slot) => (slot.therapist ? [[slot.therapist.id, slot.therapist.name] as const] : []))).entries()];
  const method = card ? payment : 'room';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [startsAt] = time.split('|');
    if (!startsAt) return;
    book.mutate({ treatmentId: treatment.id, startsAt, payment: method, ...(byTherapist && { therapistId }), ...(notes.trim() && { notes: notes.trim() }) });
  };

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
    <form onSubmit={submit} noValidate aria-labelledby="spa-book-heading">
      <h3 id="spa-book-heading">{m.spa.formTitle(treatment.name)}</h3>
      {book.error && <ErrorAlert error={book.error} message={bookingErrorText(book.error, m)} />}
      <SelectField label={m.spa.day} name="spa-day" value={date} onChange={(event) => { setDate(event.target.value); setTime(''); }}>
        {days.map((day) => (
          <option key={day} value={day}>
            {formatDate(day, m.locale)}
          </option>
        ))}
      </SelectField>
      {therapists && offered.length > 0 && (
        <SelectField label={m.spa.therapist} name="spa-therapist" value={therapistId} onChange={(event) => { setTherapistId(event.target.value); setTime(''); }}>
          <option value="">{m.spa.anyTherapist}</option>
          {offered.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
      )}
      <QueryState query={availability}>
        {() =>
          times.length === 0 ? (
            <p>{m.spa.noTimes}</p>
          ) : (
            <SelectField label={m.spa.time} name="spa-time" value={time} onChange={(event) => setTime(event.target.value)} error={fieldIssueOf(book.error, 'startsAt')}>
              <option value="">{m.spa.chooseTime}</option>
              {times.map(([value, slot]) => (
                <option key={value} value={value}>
                  {formatTime(slot.startsAt, timeZone, m.locale)}
                </option>
              ))}
            </SelectField>
          )
        }
      </QueryState>
      <TextAreaField label={m.spa.notes} name="spa-notes" rows={2} maxLength={500} value={notes} onChange={(event) => setNotes(event.target.value)} />
      {card ? (
        <SelectField label={m.spa.payment} name="spa-payment" value={payment} onChange={(event) => setPayment(event.target.value as BookBody['payment'])} error={fieldIssueOf(book.error, 'payment')}>
          <option value="room">{m.spa.payRoom}</option>
          <option value="card">{m.spa.payCard(m.pay.cardOnFile(m.pay.brands[card.brand] ?? card.brand, card.last4))}</option>
        </SelectField>
      ) : (
        <p>
          {m.spa.payRoom}. <span className="hint">{m.spa.cardFirst}</span>
        </p>
      )}
      <Button busy={book.isPending} busyLabel={m.spa.booking} disabled={!time}>
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
