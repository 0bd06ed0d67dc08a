import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, fieldIssueOf, unwrap, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDateTime, formatMoney } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextAreaField } from '../ui/form';
import { freshAvailability, SlotFields, useSlotChoice, useSpaBooking, type BookBody, type Treatment } from '../ui/spa-booking';
import { canBookSpa, staffKeys, useStaff } from './staff-context';

/**
 * Book spa, for a reserved or checked-in stay where the hotel has a spa: a treatment on a day of
 * the stay, charged to the room or the card on file. Nothing for roles that do not book.
 */
export function StaySpa({ stay }: { stay: Stay }) {
  const { propertyId, me } = useStaff();
  const allowed = canBookSpa(me) && (stay.status === 'reserved' || stay.status === 'checked_in');
  const catalog = useQuery({
    queryKey: staffKeys.spaCatalog(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/spa/treatments', { params: { path: { propertyId } } })),
    enabled: allowed,
    retry: false,
  });
  const [treatmentId, setTreatmentId] = useState('');
  if (!allowed || !catalog.data?.enabled) return null;
  const treatment = catalog.data.treatments.find((each) => each.id === treatmentId);
  return (
    <section className="card" aria-labelledby="spa-book-heading">
      <h2 id="spa-book-heading">{t.spaBook.title}</h2>
      <p>{t.spaBook.intro}</p>
      <SelectField label={t.spaBook.treatment} name="spa-treatment" value={treatmentId} onChange={(event) => setTreatmentId(event.target.value)}>
        <option value="">{t.spaBook.chooseTreatment}</option>
        {catalog.data.treatments.map((each) => (
          <option key={each.id} value={each.id}>
            {t.spaBook.treatmentOption(each.name, each.durationMinutes, formatMoney(each.price.amount, each.price.currency))}
          </option>
        ))}
      </SelectField>
      {treatment && <BookForm key={treatment.id} stay={stay} treatment={treatment} therapists={catalog.data.therapists} roomCharge={catalog.data.roomCharge} onAnother={() => setTreatmentId('')} />}
      <StayBookings stay={stay} />
    </section>
  );
}

/** The stay's earlier bookings (made here, by the guest or through the concierge), live with the stay's events. */
function StayBookings({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const bookings = useQuery({
    queryKey: staffKeys.staySpaBookings(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/spa/bookings', { params: { path: { propertyId, stayId: stay.id } } })),
  });
  return (
    <>
      <h3>{t.spaBook.bookings}</h3>
      <QueryState query={bookings}>
        {(data) =>
          data.bookings.length === 0 ? (
            <p>{t.spaBook.noBookings}</p>
          ) : (
            <ul className="lines" aria-label={t.spaBook.bookings}>
              {data.bookings.map((booking) => (
                <li key={booking.id} data-status={booking.status}>
                  <span className="what">
                    {booking.treatmentName}
                    <span className={`badge ${booking.status === 'booked' || booking.status === 'arrived' ? 'ok' : ''}`}>{t.spaDesk.statuses[booking.status] ?? booking.status}</span>
                    {booking.charge === 'failed' && <span className="badge bad">{t.spaBook.chargeRefused}</span>}
                    {booking.charge === 'pending' && <span className="badge">{t.spaBook.chargePending}</span>}
                    <span className="when">
                      {[formatDateTime(booking.startsAt, undefined, stay.property.timeZone), booking.therapist?.name, t.spaBook.paidBy[booking.payment]].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                  <span className="amount">{formatMoney(booking.price.amount, booking.price.currency)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}

function BookForm({ stay, treatment, therapists, roomCharge, onAnother }: { stay: Stay; treatment: Treatment; therapists: boolean; roomCharge: boolean; onAnother: () => void }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const timeZone = stay.property.timeZone;
  const path = { propertyId, stayId: stay.id };
  // The same query as the stay's Card and holds section: its card on file.
  const overview = useQuery({
    queryKey: staffKeys.holds(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/holds', { params: { path } })),
  });
  const card = overview.data?.card;
  const choice = useSlotChoice({
    stay,
    therapists,
    availabilityKey: (date) => staffKeys.spaAvailability(propertyId, treatment.id, date),
    fetchAvailability: (date) =>
      unwrap(api.GET('/api/v1/staff/properties/{propertyId}/spa/availability', { params: { path: { propertyId }, query: { treatmentId: treatment.id, date } } })),
  });
  const form = useSpaBooking({
    choice,
    treatmentId: treatment.id,
    roomCharge,
    hasCard: !!card,
    send: (body, key) => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/spa/bookings', { params: { path, header: { 'idempotency-key': key } }, body })),
    // A room charge is on the folio, a card payment among the payments: both under the stay's key.
    refresh: () => Promise.all([staffKeys.stay(propertyId, stay.id), staffKeys.spaSchedules(propertyId)].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
  const book = form.mutation;

  if (book.data) {
    const booking = book.data;
    return (
      <Alert kind="success">
        <p>{t.spaBook.booked(booking.treatmentName, formatDateTime(booking.startsAt, undefined, timeZone))}</p>
        <p>
          {[booking.therapist?.name, formatMoney(booking.price.amount, booking.price.currency), t.spaBook.paidBy[booking.payment]].filter(Boolean).join(' · ')}
        </p>
        <button type="button" className="button secondary" onClick={onAnother}>
          {t.spaBook.another}
        </button>
      </Alert>
    );
  }

  return (
    <form onSubmit={form.submit} noValidate aria-label={t.spaBook.title}>
      {book.error && <ErrorAlert error={book.error} message={freshAvailability(book.error) ? t.spaBook.taken : undefined} />}
      <SlotFields choice={choice} labels={t.spaBook} timeZone={timeZone} error={book.error} />
      <TextAreaField label={t.spaBook.notes} name="spa-notes" rows={2} maxLength={500} value={form.notes} onChange={(event) => form.setNotes(event.target.value)} />
      {form.method ? (
        <SelectField label={t.spaBook.payment} name="spa-payment" value={form.method} onChange={(event) => form.setPayment(event.target.value as BookBody['payment'])} error={fieldIssueOf(book.error, 'payment')}>
          {form.methods.includes('room') && <option value="room">{t.spaBook.payRoom}</option>}
          {card && <option value="card">{t.spaBook.payCard(t.holds.card(card.brand, card.last4))}</option>}
        </SelectField>
      ) : (
        <p>{t.spaBook.noPayment}</p>
      )}
      <Button busy={book.isPending} busyLabel={t.spaBook.booking} disabled={!choice.time || !form.method}>
        {t.spaBook.confirm(formatMoney(treatment.price.amount, treatment.price.currency))}
      </Button>
    </form>
  );
}
