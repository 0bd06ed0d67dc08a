import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { formatDate } from '../lib/format';
import { QueryState } from '../ui/feedback';
import { TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { KeysAttentionLink } from './keys-attention-page';
import { staffKeys, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';
import { StayCells, StayHeadings } from './stay-cells';

const LISTS = ['arrivals', 'in_house', 'departures'] as const;
type List = (typeof LISTS)[number];

/**
 * Arrivals, in-house guests or departures of a day, each tab with its count, and a search over
 * every date by name, confirmation number or room. List, date and search live in the URL so they
 * survive reloads.
 */
export function StaysPage() {
  const { propertyId } = useStaff();
  const [params, setParams] = useSearchParams();
  const status: List = LISTS.find((list) => list === params.get('status')) ?? 'arrivals';
  const date = params.get('date') ?? '';
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const dateId = useId();

  const stays = useQuery({
    queryKey: staffKeys.stays(propertyId, date, status, q),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/staff/properties/{propertyId}/stays', {
          params: { path: { propertyId }, query: { status, ...(date && { date }), ...(q && { q }) } },
        }),
      ),
    // The tabs keep their counts while another list of the same day loads.
    placeholderData: keepPreviousData,
  });

  const setParam = (changes: Record<string, string>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParam({ q: typed.trim() });
  };
  const clearSearch = () => {
    setTyped('');
    setParam({ q: '' });
  };
  const counts = stays.data && (!date || stays.data.date === date) ? stays.data.counts : undefined;
  const arrivalsDay = !q && status === 'arrivals' ? stays.data?.date : undefined;
  const ticks = useQuery({
    queryKey: staffKeys.checkInArrivals(propertyId, arrivalsDay ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/check-in/arrivals', { params: { path: { propertyId }, query: { date: arrivalsDay! } } })),
    enabled: !!arrivalsDay,
  });
  const ticksOf = (stayId: string) => ticks.data?.stays.find((each) => each.stayId === stayId);

  return (
    <Page title={t.staff.staysTitle} topbar={<StaffTopbar />}>
      <h1>{t.staff.staysTitle}</h1>
      <KeysAttentionLink />
      <form role="search" className="search" onSubmit={search} aria-label={t.staff.search}>
        <TextField label={t.staff.search} hint={t.staff.searchHint} type="search" name="q" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit" className="button">
          {t.staff.searchButton}
        </button>
      </form>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={dateId}>{t.staff.date}</label>
          <input id={dateId} type="date" value={date || stays.data?.date || ''} onChange={(event) => setParam({ date: event.target.value })} />
        </div>
        <div className="tabs" role="group" aria-label={t.staff.listLabel}>
          {LISTS.map((list) => (
            <button key={list} type="button" className="button" aria-pressed={!q && list === status} onClick={() => setParam({ status: list, q: '' })}>
              {t.staff.list[list]}
              {counts && (
                <>
                  {' '}
                  <span className="count">{counts[list]}</span>
                </>
              )}
            </button>
          ))}
        </div>
      </div>
      <section className="card" aria-live="polite">
        <h2>
          {q ? t.staff.searchResults(q) : t.staff.list[status]}
          {!q && stays.data && ` · ${formatDate(stays.data.date)}`}
        </h2>
        {q && (
          <p>
            <button type="button" className="button secondary" onClick={clearSearch}>
              {t.staff.clearSearch}
            </button>
          </p>
        )}
        <QueryState query={{ ...stays, isPending: stays.isPending || stays.isPlaceholderData }}>
          {(data) =>
            data.stays.length === 0 ? (
              <p>{q ? t.staff.searchEmpty : t.staff.noStays}</p>
            ) : (
              <div className="table-wrap">
                <table className="cards">
                  <thead>
                    <tr>
                      <StayHeadings />
                      <th scope="col">{t.staff.room}</th>
                      <th scope="col">{t.staff.status}</th>
                      {arrivalsDay && <th scope="col">{t.deskCheckIn.title}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.stays.map((stay) => {
                      return (
                        <tr key={stay.id}>
                          <StayCells stayId={stay.id} {...stay.guest} {...stay} />
                          <td data-label={t.staff.room}>{stay.room ?? '—'}</td>
                          <td data-label={t.staff.status}>{t.status[stay.status] ?? stay.status}</td>
                          {arrivalsDay && (
                            <td data-label={t.deskCheckIn.title}>
                              <CheckInTicks steps={ticksOf(stay.id)?.steps ?? ticks.data?.steps.map((step) => ({ step, status: 'todo' as const })) ?? []} review={ticksOf(stay.id)?.reviewStatus} />
                            </td>
                          )}
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

/** One tick per check-in step (✓ done, ○ to do, – not needed), the step and its state in the label; ! when the ID waits for review. */
function CheckInTicks({ steps, review }: { steps: Array<{ step: string; status: 'todo' | 'done' | 'skipped' }>; review: string | undefined }) {
  const label = steps.map((step) => t.deskCheckIn.tickTitle(t.checkIn.stepNames[step.step] ?? step.step, t.checkIn.stepStatus[step.status] ?? step.status)).join(', ');
  return (
    <span className="ticks" role="img" aria-label={label} title={label}>
      {steps.map((step) => (step.status === 'done' ? '✓' : step.status === 'skipped' ? '–' : '○')).join('')}
      {review === 'pending' && ` ! ${t.deskCheckIn.review.pending}`}
    </span>
  );
}
