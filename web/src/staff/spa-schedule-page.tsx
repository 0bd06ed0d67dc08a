import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { t } from '../i18n';
import { formatTime } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { ErrorAlert, LiveIndicator, QueryState } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

type Entry = components['schemas']['SpaDaySchedule']['therapists'][number]['bookings'][number];
type Action = 'arrived' | 'no-show' | 'cancel';

const ACTIONS: { action: Action; label: string }[] = [
  { action: 'arrived', label: t.spaDesk.arrived },
  { action: 'no-show', label: t.spaDesk.noShow },
  { action: 'cancel', label: t.spaDesk.cancel },
];

/**
 * The spa's day for the spa team and managers: bookings per therapist, ours and the spa system's
 * own, with arrived / no-show / cancel on ours; it follows the spa's live events.
 */
export function SpaSchedulePage() {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  // Empty: the API's today, in the hotel's time zone (the page then shows which day that is).
  const [date, setDate] = useState('');
  const schedule = useQuery({
    queryKey: staffKeys.spaSchedule(propertyId, date),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/spa/schedule', { params: { path: { propertyId }, query: date ? { date } : {} } })),
  });
  const live = useLiveEvents({
    enabled: true,
    key: `spa:${propertyId}`,
    ...staffStream(propertyId),
    onEvent: (type) => {
      if (type === 'resync' || type.startsWith('spa.')) void queryClient.invalidateQueries({ queryKey: staffKeys.spaSchedules(propertyId) });
    },
  });

  return (
    <Page title={t.spaDesk.title} topbar={<StaffTopbar />}>
      <h1>{t.spaDesk.title}</h1>
      <p>{t.spaDesk.intro}</p>
      <TextField label={t.spaDesk.day} type="date" name="spa-day" value={date || schedule.data?.date || ''} onChange={(event) => setDate(event.target.value)} />
      <LiveIndicator connected={live} />
      <QueryState query={schedule}>
        {(data) =>
          data.therapists.length === 0 ? (
            <section className="card">
              <p>{t.spaDesk.noBookings}</p>
            </section>
          ) : (
            data.therapists.map((group) => {
              const name = group.therapist?.name ?? t.spaDesk.unassigned;
              return (
                <section className="card" key={group.therapist?.id ?? ''} aria-label={name}>
                  <h2>{name}</h2>
                  <div className="table-wrap">
                    <table className="cards">
                      <thead>
                        <tr>
                          <th scope="col">{t.spaDesk.time}</th>
                          <th scope="col">{t.spaDesk.treatment}</th>
                          <th scope="col">{t.spaDesk.guest}</th>
                          <th scope="col">{t.spaDesk.status}</th>
                          <th scope="col">{t.spaDesk.actions}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {group.bookings.map((entry) => (
                          <ScheduleRow key={entry.bookingId ?? entry.providerBookingId ?? entry.startsAt} entry={entry} timeZone={data.timeZone} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                </section>
              );
            })
          )
        }
      </QueryState>
    </Page>
  );
}

function ScheduleRow({ entry, timeZone }: { entry: Entry; timeZone: string }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const bookingId = entry.bookingId;
  const act = useMutation({
    mutationFn: (action: Action) =>
      unwrap(api.POST(`/api/v1/staff/properties/{propertyId}/spa/bookings/{bookingId}/${action}`, { params: { path: { propertyId, bookingId: bookingId! } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: staffKeys.spaSchedules(propertyId) }),
  });
  const time = `${formatTime(entry.startsAt, timeZone)}–${formatTime(entry.endsAt, timeZone)}`;
  return (
    <tr data-status={entry.status} data-booking-id={bookingId ?? undefined}>
      <td data-label={t.spaDesk.time}>{time}</td>
      <td data-label={t.spaDesk.treatment}>{entry.treatmentName}</td>
      <td data-label={t.spaDesk.guest}>
        {entry.stay ? <Link to={`/staff/stays/${entry.stay.id}`}>{entry.guestName}</Link> : entry.guestName}
        <span className="when">
          {' '}
          {[entry.stay?.room && t.spaDesk.room(entry.stay.room), entry.payment && t.spaDesk.paidBy[entry.payment], !bookingId && t.spaDesk.walkIn].filter(Boolean).join(' · ')}
        </span>
      </td>
      <td data-label={t.spaDesk.status}>
        <span className={`badge ${entry.status === 'arrived' || entry.status === 'completed' ? 'ok' : entry.status === 'no_show' ? 'bad' : ''}`}>{t.spaDesk.statuses[entry.status] ?? entry.status}</span>
      </td>
      <td data-label={t.spaDesk.actions}>
        {bookingId && entry.status === 'booked' && (
          <span className="actions">
            {ACTIONS.map(({ action, label }) => (
              <Button
                key={action}
                type="button"
                className="button secondary"
                aria-label={t.spaDesk.actionLabel(label, entry.guestName, time)}
                busy={act.isPending && act.variables === action}
                busyLabel={t.spaDesk.working}
                disabled={act.isPending}
                onClick={() => act.mutate(action)}
              >
                {label}
              </Button>
            ))}
          </span>
        )}
        {act.error && <ErrorAlert error={act.error} />}
      </td>
    </tr>
  );
}
