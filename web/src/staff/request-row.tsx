import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type StaffRequest } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { isOpenRequest, RequestSummary } from './request-summary';
import { staffKeys, useStaff } from './staff-context';

type Step = 'acknowledge' | 'start' | 'complete';
type Change = { action: Step } | { action: 'assign'; assigneeId: string } | { action: 'cancel'; reason: string };

const steps: Partial<Record<StaffRequest['status'], Step[]>> = {
  new: ['acknowledge', 'complete'],
  acknowledged: ['start', 'complete'],
  in_progress: ['complete'],
};

/** One request of the queue: the next steps at hand, and assigning, notes and cancelling one click further. */
export function QueueRow({ request, fresh, overdue }: { request: StaffRequest; fresh: boolean; overdue: boolean }) {
  const { propertyId, me } = useStaff();
  const queryClient = useQueryClient();
  const [more, setMore] = useState(false);
  const act = useMutation({
    mutationFn: (body: Change) =>
      unwrap(api.PATCH('/api/v1/staff/properties/{propertyId}/requests/{requestId}', { params: { path: { propertyId, requestId: request.id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.requests(propertyId) }),
  });
  const open = isOpenRequest(request);
  const what = `${request.category.name}, ${t.staff.room} ${request.stay.room ?? '—'}`;

  return (
    <li className={[fresh && 'fresh', overdue && 'overdue'].filter(Boolean).join(' ') || undefined} data-request-id={request.id}>
      <RequestSummary
        request={request}
        badges={
          <>
            {fresh && <span className="badge ok">{t.requests.fresh}</span>}
            {overdue && <span className="badge bad">{t.requests.overdue}</span>}
          </>
        }
      />
      <span className="actions">
        <span className={`badge ${request.status === 'completed' ? 'ok' : ''}`} data-testid="request-status">
          {t.requests.staffStatus[request.status] ?? request.status}
        </span>
        {open && request.assignee?.id !== me.id && (
          <Button type="button" className="button secondary" disabled={act.isPending} onClick={() => act.mutate({ action: 'assign', assigneeId: me.id })}>
            {t.requests.assignMe}
          </Button>
        )}
        {(steps[request.status] ?? []).map((action) => (
          <Button key={action} type="button" disabled={act.isPending} onClick={() => act.mutate({ action })}>
            {t.requests.actions[action]}
          </Button>
        ))}
      </span>
      {act.error && <ErrorAlert error={act.error} />}
      <details onToggle={(event) => setMore(event.currentTarget.open)}>
        <summary>{open ? t.requests.more(what) : t.requests.moreClosed(what)}</summary>
        {more && (
          <div className="panel">
            {open && <AssignForm request={request} busy={act.isPending} onAssign={(assigneeId) => act.mutate({ action: 'assign', assigneeId })} />}
            <Notes request={request} />
            {open && <CancelForm busy={act.isPending} error={act.error} onCancel={(reason) => act.mutate({ action: 'cancel', reason })} />}
          </div>
        )}
      </details>
    </li>
  );
}

/** The colleagues who work the request's queue (GET …/staff?department=), the current assignee chosen. */
function AssignForm({ request, busy, onAssign }: { request: StaffRequest; busy: boolean; onAssign: (assigneeId: string) => void }) {
  const { propertyId, me } = useStaff();
  const assignees = useQuery({
    queryKey: staffKeys.assignees(propertyId, request.department),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/staff', { params: { path: { propertyId }, query: { department: request.department } } })),
  });
  const [chosen, setChosen] = useState(request.assignee?.id ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) onAssign(chosen);
  };

  return (
    <QueryState query={assignees}>
      {({ staff }) => (
        <form onSubmit={submit} noValidate>
          <SelectField label={t.requests.assignTo} name="assignee" value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">{t.requests.choose}</option>
            {staff.map((person) => (
              <option key={person.id} value={person.id}>
                {person.id === me.id ? t.requests.you(person.name) : person.name} · {t.staffUsers.roles[person.role] ?? person.role}
              </option>
            ))}
          </SelectField>
          <Button className="button secondary" disabled={busy || !chosen || chosen === request.assignee?.id}>
            {t.requests.assign}
          </Button>
        </form>
      )}
    </QueryState>
  );
}

/** Internal notes: read with the request's detail, never shown to the guest. */
function Notes({ request }: { request: StaffRequest }) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const detailKey = staffKeys.request(propertyId, request.id);
  const detail = useQuery({
    queryKey: detailKey,
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/requests/{requestId}', { params: { path: { propertyId, requestId: request.id } } })),
  });
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/staff/properties/{propertyId}/requests/{requestId}/notes', { params: { path: { propertyId, requestId: request.id } }, body: { body: body.trim() } })),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: detailKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEmpty(!body.trim());
    if (body.trim()) add.mutate();
  };

  return (
    <div>
      <h3>{t.requests.notes}</h3>
      <QueryState query={detail}>
        {({ notes }) =>
          notes.length === 0 ? (
            <p className="muted">{t.requests.noNotes}</p>
          ) : (
            <ul className="notes" aria-label={t.requests.notes}>
              {notes.map((note) => (
                <li key={note.id}>
                  {note.body}
                  <span className="muted">
                    {' '}
                    · {note.author.name}, {formatDateTime(note.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <form onSubmit={submit} noValidate>
        {add.isSuccess && (
          <Alert kind="success">
            <p>{t.requests.noteAdded}</p>
          </Alert>
        )}
        {add.error && <ErrorAlert error={add.error} />}
        <TextField label={t.requests.noteField} name="note" maxLength={2000} autoComplete="off" value={body} onChange={(event) => setBody(event.target.value)} error={empty ? t.requests.noteEmpty : undefined} />
        <Button className="button secondary" busy={add.isPending} busyLabel={t.saving}>
          {t.requests.addNote}
        </Button>
      </form>
    </div>
  );
}

/** Cancelling asks why: the reason goes to the audit log and stays on the request. */
function CancelForm({ busy, error, onCancel }: { busy: boolean; error: unknown; onCancel: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  const serverIssue = error instanceof ApiError ? error.fieldIssues.find((issue) => issue.field === 'reason')?.message : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEmpty(!reason.trim());
    if (reason.trim()) onCancel(reason.trim());
  };

  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t.requests.cancelReason} name="reason" maxLength={500} autoComplete="off" value={reason} onChange={(event) => setReason(event.target.value)} error={empty ? t.requests.cancelReasonEmpty : serverIssue} />
      <Button className="button secondary" disabled={busy}>
        {t.requests.cancelRequest}
      </Button>
    </form>
  );
}
