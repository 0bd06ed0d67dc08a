import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type GuestRequest } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useLiveEvents } from '../lib/live-events';
import { guestSession } from '../lib/sessions';
import { Alert, ErrorAlert, LiveIndicator, QueryState } from '../ui/feedback';
import { Button, SelectField } from '../ui/form';
import { guestKeys } from './queries';

/** Ask for something (towels, a taxi, …) and follow the requests live. */
export function RequestsSection() {
  const session = guestSession.use();
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: guestKeys.categories, queryFn: () => unwrap(api.GET('/api/v1/stay/request-categories')) });
  const requests = useQuery({ queryKey: guestKeys.requests, queryFn: () => unwrap(api.GET('/api/v1/stay/requests')) });

  const live = useLiveEvents({
    enabled: !!session,
    key: session?.token ?? '',
    ticket: async () =>
      (await unwrap(api.POST('/api/v1/realtime/tickets', { headers: { authorization: `Bearer ${session?.token}` } }))).ticket,
    url: (ticket, lastEventId) =>
      `/api/v1/realtime/stay/events?${new URLSearchParams({ ticket, ...(lastEventId && { lastEventId }) })}`,
    onEvent: () => void queryClient.invalidateQueries({ queryKey: guestKeys.requests }),
  });

  return (
    <section className="card" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t.requests.title}</h2>
      <QueryState query={categories}>{(data) => <NewRequestForm categories={data.categories} />}</QueryState>
      <h3>{t.requests.yours}</h3>
      <LiveIndicator connected={live} />
      <QueryState query={requests}>
        {(data) =>
          data.requests.length === 0 ? (
            <p>{t.requests.none}</p>
          ) : (
            <ul className="lines requests" aria-label={t.requests.yours} aria-live="polite">
              {data.requests.map((request) => (
                <GuestRequestRow key={request.id} request={request} />
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function GuestRequestRow({ request }: { request: GuestRequest }) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/stay/requests/{requestId}/cancel', { params: { path: { requestId: request.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: guestKeys.requests }),
  });
  const open = request.status === 'new' || request.status === 'acknowledged';
  return (
    <li data-request-id={request.id}>
      <span className="what">
        {request.category.name}
        {request.items.length > 0 && `: ${request.items.join(', ')}`}
        <span className="when">
          {formatDateTime(request.createdAt)}
          {request.note && ` · ${request.note}`}
        </span>
        {cancel.error && <ErrorAlert error={cancel.error} />}
      </span>
      <span className="actions">
        <span className={`badge ${request.status === 'completed' ? 'ok' : ''}`} data-testid="request-status">
          {t.requests.status[request.status] ?? request.status}
        </span>
        {open && (
          <Button type="button" className="button secondary" busy={cancel.isPending} busyLabel={t.staff.working} onClick={() => cancel.mutate()}>
            {t.requests.cancel}
          </Button>
        )}
      </span>
    </li>
  );
}

function NewRequestForm({ categories }: { categories: Array<{ code: string; name: string; items: string[] }> }) {
  const queryClient = useQueryClient();
  const noteId = useId();
  const [category, setCategory] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const chosen = categories.find((candidate) => candidate.code === category);

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/stay/requests', {
          body: { category, ...(items.length && { items }), ...(note.trim() && { note: note.trim() }) },
        }),
      ),
    onSuccess: () => {
      setCategory('');
      setItems([]);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: guestKeys.requests });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const issues = create.error instanceof ApiError ? create.error.fieldIssues : [];
  const errorFor = (field: string) => issues.find((issue) => issue.field === field)?.message;

  return (
    <form onSubmit={submit} noValidate>
      {create.isSuccess && (
        <Alert kind="success">
          <p>{t.requests.sent}</p>
        </Alert>
      )}
      {create.error && <ErrorAlert error={create.error} message={issues.length ? t.errors.fixFields : undefined} />}
      <SelectField
        label={t.requests.category}
        name="category"
        value={category}
        onChange={(event) => {
          setCategory(event.target.value);
          setItems([]);
        }}
        error={errorFor('category')}
      >
        <option value="">{t.requests.choose}</option>
        {categories.map((candidate) => (
          <option key={candidate.code} value={candidate.code}>
            {candidate.name}
          </option>
        ))}
      </SelectField>
      {chosen && chosen.items.length > 0 && (
        <fieldset>
          <legend>{t.requests.items}</legend>
          {chosen.items.map((item) => (
            <label className="choice" key={item}>
              <input
                type="checkbox"
                name="items"
                value={item}
                checked={items.includes(item)}
                onChange={(event) => setItems((current) => (event.target.checked ? [...current, item] : current.filter((other) => other !== item)))}
              />
              {item}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={noteId}>{t.requests.note}</label>
        <textarea
          id={noteId}
          name="note"
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={errorFor('note') ? true : undefined}
          aria-describedby={errorFor('note') ? `${noteId}-error` : undefined}
        />
        {errorFor('note') && (
          <span className="error" id={`${noteId}-error`}>
            {errorFor('note')}
          </span>
        )}
      </div>
      <Button busy={create.isPending} busyLabel={t.requests.sending} disabled={!category}>
        {t.requests.send}
      </Button>
    </form>
  );
}
