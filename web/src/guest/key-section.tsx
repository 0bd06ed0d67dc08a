import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { formatDateTime } from '../lib/format';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { useGuest } from './i18n';
import { guestKeys } from './queries';

/**
 * The stay's mobile key: status, room, until when, the vendor's invitation or wallet link, and
 * sharing with a second guest where the hotel's key provider can. Nothing where the hotel has no
 * mobile keys (or the key service cannot be asked right now: the stay page works without it).
 */
export function KeySection() {
  const { m } = useGuest();
  const key = useQuery({ queryKey: guestKeys.key, queryFn: () => unwrap(api.GET('/api/v1/stay/key')), retry: false });
  if (!key.data?.enabled) return null;
  const current = key.data.key;
  return (
    <section className="card" aria-labelledby="key-heading" data-testid="mobile-key">
      <h2 id="key-heading">{m.key.title}</h2>
      {!current ? (
        <p>{m.key.notYet}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{m.key.room}</dt>
            <dd data-testid="key-room">{current.room}</dd>
            <dt>{m.key.validUntil}</dt>
            <dd>{formatDateTime(current.validUntil, m.locale)}</dd>
          </dl>
          <p data-testid="key-status">
            <strong>{m.key.status[current.status]}</strong>
            {current.sharedWith > 0 && ` · ${m.key.shared(current.sharedWith)}`}
          </p>
          {current.invitationUrl && (
            <p>
              <a className="button" href={current.invitationUrl} target="_blank" rel="noreferrer">
                {m.key.open}
              </a>
            </p>
          )}
          {current.walletUrl && (
            <p>
              <a className="button" href={current.walletUrl} target="_blank" rel="noreferrer">
                {m.key.wallet}
              </a>
            </p>
          )}
          {key.data.canShare && <ShareKeyForm />}
        </>
      )}
    </section>
  );
}

function ShareKeyForm() {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ firstName: '', lastName: '', phone: '' });
  const share = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/stay/key/share', { body: { ...(form.firstName && { firstName: form.firstName }), lastName: form.lastName, phone: form.phone } })),
    onSuccess: (data) => {
      queryClient.setQueryData(guestKeys.key, data);
      setForm({ firstName: '', lastName: '', phone: '' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    share.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="share-heading">
      <h3 id="share-heading">{m.key.shareTitle}</h3>
      <TextField label={m.key.firstName} value={form.firstName} onChange={(event) => setForm({ ...form, firstName: event.target.value })} autoComplete="off" />
      <TextField label={m.key.lastName} value={form.lastName} required onChange={(event) => setForm({ ...form, lastName: event.target.value })} autoComplete="off" />
      <TextField label={m.key.phone} value={form.phone} required type="tel" onChange={(event) => setForm({ ...form, phone: event.target.value })} autoComplete="off" />
      {share.isSuccess && <Alert kind="success">{m.key.sharedDone}</Alert>}
      {share.isError && <ErrorAlert error={share.error} />}
      <Button type="submit" busy={share.isPending} busyLabel={m.key.sharing}>
        {m.key.share}
      </Button>
    </form>
  );
}
