import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { formatDate } from '../lib/format';
import { QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

const LISTS = ['arrivals', 'in_house', 'departures'] as const;
type List = (typeof LISTS)[number];

/** Arrivals, in-house guests or departures of a day; the list and date live in the URL so they survive reloads. */
export function StaysPage() {
  const { propertyId } = useStaff();
  const [params, setParams] = useSearchParams();
  const status: List = LISTS.find((list) => list === params.get('status')) ?? 'arrivals';
  const date = params.get('date') ?? '';
  const dateId = useId();

  const stays = useQuery({
    queryKey: staffKeys.stays(propertyId, date, status),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/staff/properties/{propertyId}/stays', {
          params: { path: { propertyId }, query: { status, ...(date && { date }) } },
        }),
      ),
  });

  const setParam = (key: string, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <Page title={t.staff.staysTitle} topbar={<StaffTopbar />}>
      <h1>{t.staff.staysTitle}</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={dateId}>{t.staff.date}</label>
          <input id={dateId} type="date" value={date || stays.data?.date || ''} onChange={(event) => setParam('date', event.target.value)} />
        </div>
        <div className="tabs" role="group" aria-label={t.staff.listLabel}>
          {LISTS.map((list) => (
            <button key={list} type="button" className="button" aria-pressed={list === status} onClick={() => setParam('status', list)}>
              {t.staff.list[list]}
            </button>
          ))}
        </div>
      </div>
      <section className="card" aria-live="polite">
        <h2>
          {t.staff.list[status]}
          {stays.data && ` · ${formatDate(stays.data.date)}`}
        </h2>
        <QueryState query={stays}>
          {(data) =>
            data.stays.length === 0 ? (
              <p>{t.staff.noStays}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t.staff.guest}</th>
                      <th scope="col">{t.staff.confirmation}</th>
                      <th scope="col">{t.staff.dates}</th>
                      <th scope="col">{t.staff.room}</th>
                      <th scope="col">{t.staff.status}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.stays.map((stay) => {
                      const name = [stay.guest.firstName, stay.guest.lastName].filter(Boolean).join(' ');
                      return (
                        <tr key={stay.id}>
                          <td>
                            <Link to={`/staff/stays/${stay.id}`} aria-label={t.staff.open(name)}>
                              {name}
                            </Link>
                          </td>
                          <td>{stay.confirmationNumber}</td>
                          <td>
                            {formatDate(stay.arrivalDate)} – {formatDate(stay.departureDate)}
                          </td>
                          <td>{stay.room ?? '—'}</td>
                          <td>{t.status[stay.status] ?? stay.status}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
    </Page>
  );
}
