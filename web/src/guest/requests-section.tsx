import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type GuestRequest } from '../api/client';
import { useGuest } from './i18n';
import { formatDateTime } from '../lib/format';
import { ErrorAlert, LiveIndicator, QueryState } from '../ui/feedback';
import { Button } from '../ui/form';
import { NewRequestForm } from '../ui/new-request-form';
import { guestKeys } from './queries';

/** Ask for something (towels, a taxi, …) and follow the requests live. */
/** `live`: whether the stay's event stream (which refreshes the requests) is open. */
export function RequestsSection({ live }: { live: boolean }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const categories = useQuery({
    queryKey: guestKeys.categories(m.language),
    queryFn: () => unwrap(api.GET('/api/v1/stay/request-categories', { params: { query: { language: m.language } } })),
  });
  const requests = useQuery({ queryKey: guestKeys.requests, queryFn: () => unwrap(api.GET('/api/v1/stay/requests')) });
  // A request names its category as the hotel does in the guest's language, as the form offers it.
  const labels = new Map(categories.data?.categories.map((category) => [category.code, category.name]));

  return (
    <section className="card" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{m.requests.title}</h2>
      <QueryState query={categories}>
        {(data) => (
          <NewRequestForm
            categories={data.categories}
            send={(body) => unwrap(api.POST('/api/v1/stay/requests', { body }))}
            onSent={() => void queryClient.invalidateQueries({ queryKey: guestKeys.requests })}
            labels={{ category: m.requests.category, submit: m.requests.send, sent: m.requests.sent }}
          />
        )}
      </QueryState>
      <h3>{m.requests.yours}</h3>
      <LiveIndicator connected={live} />
      <QueryState query={requests}>
        {(data) =>
          data.requests.length === 0 ? (
            <p>{m.requests.none}</p>
          ) : (
            <ul className="lines requests" aria-label={m.requests.yours} aria-live="polite">
              {data.requests.map((request) => (
                <GuestRequestRow key={request.id} request={request} categoryName={labels.get(request.category.code) ?? request.category.name} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function GuestRequestRow({ request, categoryName }: { request: GuestRequest; categoryName: string }) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/stay/requests/{requestId}/cancel', { params: { path: { requestId: request.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: guestKeys.requests }),
  });
  const open = request.status === 'new' || request.status === 'acknowledged';
  return (
    <li data-request-id={request.id}>
      <span className="what">
        {categoryName}
        {request.items.length > 0 && `: ${request.items.join(', ')}`}
        <span className="when">
          {formatDateTime(request.createdAt, m.locale)}
          {request.note && ` · ${request.note}`}
        </span>
        {cancel.error && <ErrorAlert error={cancel.error} />}
      </span>
      <span className="actions">
        <span className={`badge ${request.status === 'completed' ? 'ok' : ''}`} data-testid="request-status">
          {m.requests.status[request.status] ?? request.status}
        </span>
        {open && (
          <Button type="button" className="button secondary" busy={cancel.isPending} busyLabel={m.requests.cancelling} onClick={() => cancel.mutate()}>
            {m.requests.cancel}
          </Button>
        )}
      </span>
    </li>
  );
}
