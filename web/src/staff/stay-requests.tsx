import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, unwrap, type Stay } from '../api/client';
import { t } from '../i18n';
import { QueryState } from '../ui/feedback';
import { NewRequestForm } from '../ui/new-request-form';
import { RequestSummary } from './request-summary';
import { staffKeys, useStaff } from './staff-context';

/** The guest's requests, open and done, of every department; and (while the stay is open) a new one on their behalf. */
export function StayRequests({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  // Kept current by the stay page's own event stream (every department's requests of this stay).
  const requests = useQuery({
    queryKey: staffKeys.stayRequests(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/requests', { params: { path: { propertyId }, query: { stayId: stay.id } } })),
  });
  // A request that changed may have sent messages: the list below follows the requests.
  const seen = useRef(0);
  useEffect(() => {
    if (seen.current && requests.dataUpdatedAt !== seen.current) void queryClient.invalidateQueries({ queryKey: staffKeys.stayNotifications(propertyId, stay.id) });
    seen.current = requests.dataUpdatedAt;
  }, [requests.dataUpdatedAt, queryClient, propertyId, stay.id]);
  const open = stay.status === 'reserved' || stay.status === 'checked_in';
  const categories = useQuery({
    queryKey: staffKeys.categories(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/request-categories', { params: { path: { propertyId } } })),
    enabled: open,
  });

  return (
    <section className="card" aria-labelledby="stay-requests-heading">
      <h2 id="stay-requests-heading">{t.requests.stayTitle}</h2>
      <QueryState query={requests}>
        {({ requests: list }) =>
          list.length === 0 ? (
            <p>{t.requests.stayNone}</p>
          ) : (
            <ul className="lines requests" aria-label={t.requests.stayTitle}>
              {list.map((request) => (
                <li key={request.id} data-request-id={request.id}>
                  <RequestSummary request={request} showDepartment />
                  <span className="badge" data-testid="request-status">
                    {t.requests.staffStatus[request.status] ?? request.status}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {open && (
        <>
          <h3>{t.requests.newTitle}</h3>
          <p className="muted">{t.requests.newIntro}</p>
          <QueryState query={categories}>
            {(data) => (
              <NewRequestForm
                categories={data.categories}
                send={(body) =>
                  unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/requests', { params: { path: { propertyId, stayId: stay.id } }, body }))
                }
                onSent={() => void queryClient.invalidateQueries({ queryKey: staffKeys.stayRequests(propertyId, stay.id) })}
                labels={{ category: t.requests.categoryForGuest, submit: t.requests.create, sent: t.requests.created }}
              />
            )}
          </QueryState>
        </>
      )}
    </section>
  );
}
