import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, fieldIssueOf, unwrap, type Folio, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDate, formatMoney } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button } from '../ui/form';
import { Page } from '../ui/layout';
import { FolioLines, StayFacts } from '../ui/stay-facts';
import { staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';
import { RoomChoice } from './room-choice';
import { StayChanges } from './stay-changes';
import { StayNotifications } from './stay-notifications';
import { StayKey } from './stay-key';
import { StayPayments } from './stay-payments';
import { StayRequests } from './stay-requests';
import { StayCheckIn } from './stay-check-in';
import { StayChat } from './stay-chat';
import { StaySpa } from './stay-spa';

export function StayDetailPage() {
  const { propertyId } = useStaff();
  const stayId = useParams().stayId ?? '';
  const detail = useQuery({
    queryKey: staffKeys.stay(propertyId, stayId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}', { params: { path: { propertyId, stayId } } })),
  });
  const name = detail.data ? [detail.data.stay.guest.firstName, detail.data.stay.guest.lastName].filter(Boolean).join(' ') : '';
  const queryClient = useQueryClient();
  // The stay's own stream: a payment the worker posts later or one taken at another desk, and a
  // request of this guest changed by any department (or the guest), show here without a reload.
  useLiveEvents({
    enabled: true,
    key: `${propertyId}:${stayId}`,
    ...staffStream(propertyId, stayId),
    onEvent: (type) => {
      // This stay's events only: checked in or out at another desk (or by the guest), paid, its hold,
      // check-in, key or spa bookings changed: the stay (its check-in, key and spa bookings are under its query key).
      if (
        type === 'resync' ||
        type.startsWith('payment.') ||
        type.startsWith('stay.') ||
        type.startsWith('key.') ||
        type.startsWith('spa.') ||
        type === 'check_in.updated' ||
        type === 'hold.updated'
      ) {
        void queryClient.invalidateQueries({ queryKey: staffKeys.stay(propertyId, stayId) });
      }
      // A request of this guest changed (here, in a queue or by the guest).
      if (type.startsWith('request.')) void queryClient.invalidateQueries({ queryKey: staffKeys.stayRequests(propertyId, stayId) });
      // The guest wrote or was answered: the chat's status, mood and unread count.
      if (type === 'resync' || type.startsWith('concierge.')) void queryClient.invalidateQueries({ queryKey: staffKeys.stayChat(propertyId, stayId) });
    },
  });

  return (
    <Page title={name ? t.staff.stayTitle(name) : t.staff.staysTitle} topbar={<StaffTopbar />}>
      <p>
        <Link to="/staff">← {t.staff.back}</Link>
      </p>
      <QueryState query={detail}>
        {({ stay, folio, folioError }) => (
          <>
            <section className="card" aria-labelledby="stay-heading">
              <h1 id="stay-heading">{t.staff.stayTitle(name)}</h1>
              <p>
                {stay.confirmationNumber} · {stay.property.name}
              </p>
              <StayFacts stay={stay} />
              <p>
                {t.staff.contact}: {[stay.guest.email, stay.guest.phone].filter(Boolean).join(' · ') || '—'}
              </p>
              <StayChat stayId={stay.id} />
            </section>
            <StayCheckIn stay={stay} />
            <StayActions stay={stay} folio={folio} name={name} />
            {stay.status === 'checked_in' && <StayChanges stay={stay} />}
            <section className="card" aria-labelledby="folio-heading">
              <h2 id="folio-heading">{t.staff.folio}</h2>
              {folio ? (
                <FolioLines folio={folio} />
              ) : (
                <Alert kind="warning">
                  <p>{t.staff.folioUnavailable(folioError ?? '')}</p>
                </Alert>
              )}
            </section>
            <StayKey stay={stay} />
            <StayPayments stay={stay} folio={folio} />
            <StayRequests stay={stay} />
            <StaySpa stay={stay} />
            <StayNotifications stayId={stay.id} />
          </>
        )}
      </QueryState>
    </Page>
  );
}

/** Check-in (into a room chosen from a list) for a reserved stay; check-out, after confirming with the balance in view, for a checked-in one. */
function StayActions({ stay, folio, name }: { stay: Stay; folio: Folio | null; name: string }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const [room, setRoom] = useState(stay.room ?? '');
  const [roomMissing, setRoomMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const path = { propertyId, stayId: stay.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: staffKeys.all });

  const checkIn = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in', { params: { path }, body: room.trim() ? { room: room.trim() } : {} })),
    onSuccess: refresh,
  });
  const checkOut = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-out', { params: { path } })),
    onSuccess: refresh,
  });

  if (stay.status !== 'reserved' && stay.status !== 'checked_in') {
    return checkOut.isSuccess ? (
      <Alert kind="success">
        <p>{t.staff.checkedOut}</p>
      </Alert>
    ) : null;
  }

  // Just checked in: say so, with what comes next, and no Check out button where Check in was.
  if (checkIn.isSuccess) {
    return (
      <section className="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t.staff.checkInTitle}</h2>
        <Alert kind="success">
          <p>{t.staff.checkedInTo(name, checkIn.data.room)}</p>
          <p>{t.staff.departureDue(formatDate(stay.departureDate))}</p>
        </Alert>
        <p>
          <Link to="/staff?status=arrivals">{t.staff.nextArrival}</Link>
        </p>
      </section>
    );
  }

  const submitCheckIn = (event: FormEvent) => {
    event.preventDefault();
    // The room is chosen here: a stay the PMS has no room for yet cannot go in without one.
    setRoomMissing(!room.trim() && !stay.room);
    if (room.trim() || stay.room) checkIn.mutate();
  };
  const roomError = roomMissing ? t.staff.roomRequired : fieldIssueOf(checkIn.error, 'room');

  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{stay.status === 'reserved' ? t.staff.checkInTitle : t.staff.checkOut}</h2>
      {stay.status === 'reserved' ? (
        <form onSubmit={submitCheckIn} noValidate>
          {checkIn.error && <ErrorAlert error={checkIn.error} />}
          <RoomChoice
            stay={stay}
            label={t.staff.roomChoice}
            optional
            room={room}
            setRoom={(chosen) => {
              setRoom(chosen);
              setRoomMissing(false);
            }}
            error={roomError}
          />
          <Button busy={checkIn.isPending} busyLabel={t.staff.working}>
            {t.staff.checkIn}
          </Button>
        </form>
      ) : (
        <>
          {checkOut.error && <ErrorAlert error={checkOut.error} />}
          {confirming ? (
            <div role="group" aria-label={t.staff.checkOutConfirm(name)}>
              <p>
                <strong>{t.staff.checkOutConfirm(name)}</strong>{' '}
                {folio ? t.staff.checkOutBalance(formatMoney(folio.balanceMinor, folio.currency)) : t.staff.checkOutBalanceUnknown}
              </p>
              {folio && folio.balanceMinor > 0 && (
                <Alert kind="warning">
                  <p>{t.staff.checkOutOpenBalance}</p>
                </Alert>
              )}
              <p className="actions">
                <Button type="button" busy={checkOut.isPending} busyLabel={t.staff.working} onClick={() => checkOut.mutate()}>
                  {t.staff.confirmCheckOut}
                </Button>
                <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
                  {t.staff.cancel}
                </button>
              </p>
            </div>
          ) : (
            <Button type="button" onClick={() => setConfirming(true)}>
              {t.staff.checkOut}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
