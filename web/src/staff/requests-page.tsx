import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap, type StaffRequest } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { Alert, ErrorAlert, LiveIndicator, QueryState } from '../ui/feedback';
import { Button } from '../ui/form';
import { Page } from '../ui/layout';
import { staffKeys, staffStream, useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

const OPEN = 'new,acknowledged,in_progress';
type Action = 'acknowledge' | 'start' | 'complete';

/** A short two-tone chime; a browser without Web Audio (or before any click) stays silent. */
function chime() {
  try {
    const audio = new AudioContext();
    [880, 1320].forEach((frequency, index) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + index * 0.18);
      tone.stop(audio.currentTime + index * 0.18 + 0.15);
    });
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No audio output: the visible cue still shows.
  }
}

const isOverdue = (request: StaffRequest, now: number) => request.overdueAt !== null || new Date(request.dueAt).getTime() < now;

/** The live queue of open requests in the departments this role sees. */
export function RequestsPage() {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const queryKey = staffKeys.requests(propertyId);
  const requests = useQuery({
    queryKey,
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/requests', { params: { path: { propertyId }, query: { status: OPEN } } })),
  });
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const known = useRef<Set<string> | null>(null);

  const live = useLiveEvents({
    enabled: true,
    key: propertyId,
    ...staffStream(propertyId),
    onEvent: (type) => {
      if (type === 'request.created') chime();
      void queryClient.invalidateQueries({ queryKey });
    },
  });

  // Requests that were not there before are marked until the next change, and announced.
  useEffect(() => {
    const ids = new Set(requests.data?.requests.map((request) => request.id) ?? []);
    if (!requests.data) return;
    if (known.current) {
      const added = requests.data.requests.filter((request) => !known.current!.has(request.id));
      if (added.length) {
        setFresh(new Set(added.map((request) => request.id)));
        setAnnouncement(t.requests.arrived(added.map((request) => `${request.category.name}, ${t.staff.room} ${request.stay.room ?? '—'}`).join('; ')));
      }
    }
    known.current = ids;
  }, [requests.data]);

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
      <section className="card">
        <QueryState query={requests}>
          {(data) =>
            data.requests.length === 0 ? (
              <p>{t.requests.queueEmpty}</p>
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

function QueueRow({ request, fresh, overdue }: { request: StaffRequest; fresh: boolean; overdue: boolean }) {
  const { propertyId, me } = useStaff();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (body: { action: Action } | { action: 'assign'; assigneeId: string }) =>
      unwrap(api.PATCH('/api/v1/staff/properties/{propertyId}/requests/{requestId}', { params: { path: { propertyId, requestId: request.id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.requests(propertyId) }),
  });
  const actions: Action[] = request.status === 'new' ? ['acknowledge', 'complete'] : request.status === 'acknowledged' ? ['start', 'complete'] : ['complete'];

  return (
    <li className={[fresh && 'fresh', overdue && 'overdue'].filter(Boolean).join(' ') || undefined} data-request-id={request.id}>
      <span className="what">
        <strong>{request.category.name}</strong>
        {request.items.length > 0 && `: ${request.items.join(', ')}`}
        {fresh && <span className="badge ok">{t.requests.fresh}</span>}
        {overdue && <span className="badge bad">{t.requests.overdue}</span>}
        <span className="when">
          {t.staff.room} {request.stay.room ?? '—'} · {request.stay.guestLastName} · {t.requests.due(formatDateTime(request.dueAt))}
          {request.assignee && ` · ${t.requests.assignedTo(request.assignee.name)}`}
        </span>
        {request.note && <span className="when">“{request.note}”</span>}
        {act.error && <ErrorAlert error={act.error} />}
      </span>
      <span className="actions">
        <span className="badge" data-testid="request-status">
          {t.requests.staffStatus[request.status] ?? request.status}
        </span>
        {request.assignee?.id !== me.id && (
          <Button type="button" className="button secondary" disabled={act.isPending} onClick={() => act.mutate({ action: 'assign', assigneeId: me.id })}>
            {t.requests.assignMe}
          </Button>
        )}
        {actions.map((action) => (
          <Button key={action} type="button" disabled={act.isPending} onClick={() => act.mutate({ action })}>
            {t.requests.actions[action]}
          </Button>
        ))}
      </span>
    </li>
  );
}
