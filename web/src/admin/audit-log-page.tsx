import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Alert, ErrorAlert, Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys, useStaff } from '../staff/staff-context';
import { StaffTopbar } from '../staff/staff-layout';

const FILTERS = ['actor', 'actorType', 'action', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const ACTOR_TYPES = ['staff', 'guest', 'system'] as const;
const PAGE_SIZE = 50;

/** Admin: the property's audit log, filtered by actor, action and days (kept in the URL), a page at a time. */
export function AuditLogPage() {
  const { me, propertyId, properties, selectProperty } = useStaff();
  const isAdmin = me.role === 'admin';
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Record<Filter, string>;
  const actorType = ACTOR_TYPES.find((candidate) => candidate === filters.actorType);
  const query = {
    ...(filters.actor.trim() && { actor: filters.actor.trim() }),
    ...(actorType && { actorType }),
    ...(filters.action.trim() && { action: filters.action.trim() }),
    ...(filters.from && { from: filters.from }),
    ...(filters.to && { to: filters.to }),
  };
  const log = useInfiniteQuery({
    queryKey: staffKeys.auditLog(propertyId, query),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/admin/properties/{propertyId}/audit-log', {
          params: { path: { propertyId }, query: { ...query, limit: PAGE_SIZE, ...(pageParam !== null && { before: pageParam }) } },
        }),
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    // While a filter is typed, the last answer stays on screen instead of a spinner per keystroke.
    placeholderData: keepPreviousData,
    enabled: isAdmin,
  });
  const setFilter = (key: Filter, value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <Page title={t.auditLog.title} topbar={<StaffTopbar />}>
      <h1>{t.auditLog.title}</h1>
      {!isAdmin ? (
        <Alert kind="warning">
          <p>{t.auditLog.adminOnly}</p>
        </Alert>
      ) : (
        <>
          <p>{t.auditLog.intro}</p>
          <form className="toolbar" role="search" onSubmit={(event) => event.preventDefault()}>
            <SelectField label={t.auditLog.property} name="property" value={propertyId} onChange={(event) => selectProperty(event.target.value)}>
              {properties.map((property) => (
                <option key={property.id} value={property.id}>
                  {property.label}
                </option>
              ))}
            </SelectField>
            <TextField label={t.auditLog.actor} hint={t.auditLog.actorHint} name="actor" value={filters.actor} maxLength={100} onChange={(event) => setFilter('actor', event.target.value)} />
            <SelectField label={t.auditLog.actorType} name="actorType" value={actorType ?? ''} onChange={(event) => setFilter('actorType', event.target.value)}>
              <option value="">{t.auditLog.anyActor}</option>
              {ACTOR_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t.auditLog.actorTypes[type]}
                </option>
              ))}
            </SelectField>
            <TextField label={t.auditLog.action} hint={t.auditLog.actionHint} name="action" value={filters.action} maxLength={100} onChange={(event) => setFilter('action', event.target.value)} />
            <TextField label={t.auditLog.from} type="date" name="from" value={filters.from} max={filters.to || undefined} onChange={(event) => setFilter('from', event.target.value)} />
            <TextField label={t.auditLog.to} type="date" name="to" value={filters.to} min={filters.from || undefined} onChange={(event) => setFilter('to', event.target.value)} />
            {FILTERS.some((key) => params.has(key)) && (
              <button type="button" className="button secondary clear-filters" onClick={() => setParams(new URLSearchParams())}>
                {t.auditLog.clearFilters}
              </button>
            )}
          </form>
          <section className="card">
            {log.isPending ? (
              <Loading />
            ) : log.error && !log.data ? (
              <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
            ) : entries.length === 0 ? (
              <p>{t.auditLog.none}</p>
            ) : (
              <div className="table-wrap">
                <table className="cards" aria-label={t.auditLog.title}>
                  <thead>
                    <tr>
                      <th scope="col">{t.auditLog.when}</th>
                      <th scope="col">{t.auditLog.actor}</th>
                      <th scope="col">{t.auditLog.what}</th>
                      <th scope="col">{t.auditLog.subject}</th>
                      <th scope="col">{t.auditLog.details}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id} data-action={entry.action}>
                        <td data-label={t.auditLog.when}>{formatDateTime(entry.at)}</td>
                        <td data-label={t.auditLog.actor}>
                          {entry.actor.type === 'guest' && entry.actor.name ? t.auditLog.guest(entry.actor.name) : (entry.actor.name ?? t.auditLog.actorTypes[entry.actor.type])}
                          {entry.actor.email && <div className="muted">{entry.actor.email}</div>}
                        </td>
                        <td data-label={t.auditLog.what}>
                          <code>{entry.action}</code>
                        </td>
                        <td data-label={t.auditLog.subject}>{entry.subjectType ? `${entry.subjectType} ${entry.subjectId ?? ''}` : '—'}</td>
                        <td data-label={t.auditLog.details}>
                          <code className="details">{Object.keys(entry.details).length ? JSON.stringify(entry.details) : '—'}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {log.error && log.data && <ErrorAlert error={log.error} />}
            {log.hasNextPage ? (
              <button type="button" className="button secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? t.auditLog.loading : t.auditLog.older}
              </button>
            ) : (
              entries.length > 0 && <p className="muted">{t.auditLog.end}</p>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
