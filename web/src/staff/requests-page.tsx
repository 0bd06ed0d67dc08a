import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap, type StaffRequest } from '../api/client';
import { t } from '../i18n';
import { chime } from '../lib/chime';
import { useLiveEvents } from '../lib/live-events';
import { Alert, LiveIndicator, QueryState } from '../ui/feedback';
import { SelectField, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { QueueRow } from './request-row';
import { staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

/** Each view and the statuses it asks for; "all" asks for none, which is every status. */
const VIEWS = { open: 'new,acknowledged,in_progress', completed: 'completed', cancelled: 'cancelled', all: '' } as const;
type View = keyof typeof VIEWS;
const FILTERS = ['view', 'department', 'from', 'to'] as const;

const isOverdue = (request: StaffRequest, now: number) =>
  (request.status === 'new' || request.status === 'acknowledged' || request.status === 'in_progress') &&
  (request.overdueAt !== null || new Date(request.dueAt).getTime() < now);

/**
 * The live queue of the departments this role sees: open requests by default; done, cancelled or
 * all of them, one department, and the days they were made on request. Filters live in the URL.
 */
export function RequestsPage() {
  const { propertyId, me } = useStaff();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view: View = (Object.keys(VIEWS) as View[]).find((candidate) => candidate === params.get('view')) ?? 'open';
  const department = me.departments.find((candidate) => candidate === params.get('department'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const filters = { view, department: department ?? '', from, to };
  // Another property or filter shows other requests, which are not new.
  const filterKey = JSON.stringify({ propertyId, ...filters });
  const requests = useQuery({
    queryKey: staffKeys.requestList(propertyId, filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/staff/properties/{propertyId}/requests', {
          params: { path: { propertyId }, query: { ...(VIEWS[view] && { status: VIEWS[view] }), ...(department && { department }), ...(from && { from }), ...(to && { to }) } },
        }),
      ),
  });
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const known = useRef<{ filterKey: string; ids: Set<string> } | null>(null);
  const viewsId = useId();

  const live = useLiveEvents({
    enabled: true,
    key: propertyId,
    ...staffStream(propertyId),
    onEvent: (type) => {
      if (type === 'request.created') chime();
      void queryClient.invalidateQueries({ queryKey: staffKeys.requests(propertyId) });
    },
  });

  // Requests that were not there before are marked until the next change, and announced.
  useEffect(() => {
    if (!requests.data) return;
    const ids = new Set(requests.data.requests.map((request) => request.id));
    if (known.current?.filterKey === filterKey) {
      const added = requests.data.requests.filter((request) => !known.current!.ids.has(request.id));
      if (added.length) {
        setFresh(new Set(added.map((request) => request.id)));
        setAnnouncement(t.requests.arrived(added.map((request) => `${request.category.name}, ${t.staff.room} ${request.stay.room ?? '—'}`).join('; ')));
      }
    } else {
      setFresh(new Set());
    }
    known.current = { filterKey, ids };
  }, [requests.data, filterKey]);

  const setFilter = (key: (typeof FILTERS)[number], value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value && !(key === 'view' && value === 'open')) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const filtered = FILTERS.some((key) => params.has(key));

  const now = Date.now();
  return (
    <Page title={t.requests.queueTitle} topbar={<StaffTopbar />}>
      <h1>{t.requests.queueTitle}</h1>
      <LiveIndicator connected={live} />
      <div aria-live="assertive">
        {announcement && (
          <Alert kind="warning">
            <p>{announcement}</p>
          </Alert>
        )}
      </div>
      <div className="tabs" role="group" aria-labelledby={viewsId}>
        <span id={viewsId} className="visually-hidden">
          {t.requests.viewLabel}
        </span>
        {(Object.keys(VIEWS) as View[]).map((candidate) => (
          <button key={candidate} type="button" className="button" aria-pressed={candidate === view} onClick={() => setFilter('view', candidate)}>
            {t.requests.views[candidate]}
          </button>
        ))}
      </div>
      <div className="toolbar">
        {me.departments.length > 1 && (
          <SelectField label={t.requests.department} name="department" value={department ?? ''} onChange={(event) => setFilter('department', event.target.value)}>
            <option value="">{t.requests.allDepartments}</option>
            {me.departments.map((name) => (
              <option key={name} value={name}>
                {t.requests.departments[name]}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label={t.requests.from} type="date" name="from" value={from} max={to || undefined} onChange={(event) => setFilter('from', event.target.value)} />
        <TextField label={t.requests.to} type="date" name="to" value={to} min={from || undefined} onChange={(event) => setFilter('to', event.target.value)} />
        {filtered && (
          <button type="button" className="button secondary clear-filters" onClick={() => setParams(new URLSearchParams())}>
            {t.requests.clearFilters}
          </button>
        )}
      </div>
      <section className="card">
        <QueryState query={requests}>
          {(data) =>
            data.requests.length === 0 ? (
              <p>{filtered ? t.requests.viewEmpty : t.requests.queueEmpty}</p>
            ) : (
              <ul className="lines requests" aria-label={t.requests.queueTitle}>
                {data.requests.map((request) => (
                  <QueueRow key={request.id} request={request} fresh={fresh.has(request.id)} overdue={isOverdue(request, now)} />
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>
    </Page>
  );
}
