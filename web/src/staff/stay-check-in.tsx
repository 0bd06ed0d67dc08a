import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Stay, type StaffCheckIn } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { readAsDataUrl } from '../lib/read-file';
import { staffSession } from '../lib/sessions';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { IdFieldsForm, type IdFieldValues } from '../ui/id-fields-form';
import { SignaturePad } from '../ui/signature-pad';
import { staffKeys, useStaff } from './staff-context';

/**
 * A stay's online check-in at the desk: each step's tick, who did it, the ID's flags and review,
 * and a way to finish any step for the guest (scan the ID, sign on a tablet, confirm contact and
 * arrival, the card once a hold is in place). The ID's details show only on request (audit-logged).
 */
export function StayCheckIn({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const path = { propertyId, stayId: stay.id };
  const state = useQuery({
    queryKey: staffKeys.checkIn(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in', { params: { path } })),
  });
  return (
    <section className="card" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading">{t.deskCheckIn.title}</h2>
      <QueryState query={state}>{(data) => <CheckInDesk state={data} stay={stay} />}</QueryState>
    </section>
  );
}

function useDeskStep<T>(send: (input: T) => Promise<unknown>) {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['staff', 'stay', propertyId] }),
  });
}

function CheckInDesk({ state, stay }: { state: StaffCheckIn; stay: Stay }) {
  const { propertyId } = useStaff();
  const path = { propertyId, stayId: stay.id };
  const open = stay.status === 'reserved' || stay.status === 'checked_in';
  const todo = (step: string) => open && state.steps.some((each) => each.step === step && each.status === 'todo');
  const approve = useDeskStep(() => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/review/approve', { params: { path } })));
  const contact = useDeskStep(() => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/contact', { params: { path }, body: {} })));
  const card = useDeskStep(() => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/card', { params: { path } })));
  const arrival = useDeskStep(() => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/arrival', { params: { path }, body: {} })));
  const requests = state.arrival.requests;
  const wishes = requests ? (['earlyCheckIn', 'cot', 'parking'] as const).filter((wish) => requests[wish]).map((wish) => t.deskCheckIn.wishes[wish]) : [];

  return (
    <>
      <p>
        <strong>{state.completedAt ? t.deskCheckIn.done : t.deskCheckIn.notDone}</strong>
      </p>
      <ul className="lines" aria-label={t.deskCheckIn.steps}>
        {state.steps.map((step) => (
          <li key={step.step} data-step={step.step} data-status={step.status}>
            {step.status === 'done' ? '✓' : step.status === 'skipped' ? '–' : '○'} {t.checkIn.stepNames[step.step]} · {t.checkIn.stepStatus[step.status]}
            {step.by && ` (${t.deskCheckIn.by[step.by]}${step.at ? `, ${formatDateTime(step.at)}` : ''})`}
          </li>
        ))}
      </ul>
      {(state.arrival.arrivalTime || wishes.length > 0 || requests?.note) && (
        <p>
          {t.deskCheckIn.arrival(state.arrival.arrivalTime, wishes.join(', '))}
          {requests?.note && ` · “${requests.note}”`}
        </p>
      )}

      <h3>{t.deskCheckIn.id}</h3>
      {state.id.status === 'none' && <p>{t.deskCheckIn.idNone}</p>}
      {state.id.status === 'purged' && <p>{t.deskCheckIn.idPurged}</p>}
      {state.id.provider && <p>{t.deskCheckIn.reader(state.id.provider)}</p>}
      {state.id.flags.length > 0 && (
        <Alert kind="warning">
          {state.id.flags.map((flag) => (
            <p key={flag}>{t.checkIn.flags[flag] ?? flag}</p>
          ))}
        </Alert>
      )}
      {state.id.status !== 'none' && <p data-review={state.id.reviewStatus}>{t.deskCheckIn.review[state.id.reviewStatus]}</p>}
      {approve.error && <ErrorAlert error={approve.error} />}
      {state.id.reviewStatus === 'pending' && (
        <Button type="button" busy={approve.isPending} busyLabel={t.staff.working} onClick={() => approve.mutate(undefined)}>
          {t.deskCheckIn.approve}
        </Button>
      )}
      {(state.id.status === 'read' || state.id.status === 'confirmed') && <IdDetails stay={stay} />}
      {todo('id') && <DeskIdScan stay={stay} />}

      {todo('registration') && <DeskSignature stay={stay} terms={state.registration.terms} />}
      {state.registration.signedAt && (
        <p>
          <button type="button" className="button secondary" onClick={() => void openRegistrationCard(propertyId, stay.id)}>
            {t.deskCheckIn.printCard}
          </button>
        </p>
      )}

      {[contact.error, card.error, arrival.error].filter(Boolean).map((error, i) => (
        <ErrorAlert key={i} error={error} />
      ))}
      <p className="actions">
        {todo('contact') && (
          <Button type="button" className="button secondary" busy={contact.isPending} onClick={() => contact.mutate(undefined)}>
            {t.deskCheckIn.contactDone}
          </Button>
        )}
        {todo('card') && (
          <Button type="button" className="button secondary" busy={card.isPending} onClick={() => card.mutate(undefined)}>
            {t.deskCheckIn.cardDone}
          </Button>
        )}
        {todo('arrival') && (
          <Button type="button" className="button secondary" busy={arrival.isPending} onClick={() => arrival.mutate(undefined)}>
            {t.deskCheckIn.arrivalDone}
          </Button>
        )}
      </p>
    </>
  );
}

/** The registration card PDF, fetched with the staff token (never in a URL) and opened from memory. */
async function openRegistrationCard(propertyId: string, stayId: string) {
  const response = await fetch(`/api/v1/staff/properties/${encodeURIComponent(propertyId)}/stays/${stayId}/check-in/registration-card`, {
    headers: { authorization: `Bearer ${staffSession.get()?.token ?? ''}` },
  });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function IdDetails({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const [shown, setShown] = useState(false);
  const id = useQuery({
    queryKey: [...staffKeys.checkIn(propertyId, stay.id), 'id'],
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id', { params: { path: { propertyId, stayId: stay.id } } })),
    enabled: shown,
    // Each look is a logged view: never read again in the background.
    staleTime: Infinity,
    gcTime: 0,
  });
  if (!shown) {
    return (
      <p>
        <button type="button" className="button secondary" onClick={() => setShown(true)}>
          {t.deskCheckIn.showId}
        </button>
      </p>
    );
  }
  return (
    <QueryState query={id}>
      {(data) => (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t.deskCheckIn.read}</th>
                <th scope="col">{t.deskCheckIn.confirmed}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(t.checkIn.fields).map(([name, label]) => (
                <tr key={name}>
                  <th scope="row">{label}</th>
                  <td>{data.read[name as keyof typeof data.read]?.value ?? '—'}</td>
                  <td>{data.confirmed?.[name as keyof typeof data.confirmed] ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="button secondary" onClick={() => setShown(false)}>
            {t.deskCheckIn.hideId}
          </button>
        </>
      )}
    </QueryState>
  );
}

function DeskIdScan({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const path = { propertyId, stayId: stay.id };
  const [front, setFront] = useState<File | null>(null);
  const read = useMutation({
    mutationFn: async () =>
      unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id', { params: { path }, body: { kind: 'passport', front: await readAsDataUrl(front!) } })),
  });
  const confirm = useDeskStep((fields: IdFieldValues) =>
    unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id/confirm', { params: { path }, body: { fields: fields as never } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (front) read.mutate();
  };
  return (
    <>
      <h4>{t.deskCheckIn.uploadTitle}</h4>
      {read.data ? (
        <IdFieldsForm
          read={read.data.fields}
          flags={read.data.flags}
          labels={{ fields: t.checkIn.fields, flags: t.checkIn.flags, intro: t.deskCheckIn.uploadIntro, confirm: t.checkIn.confirmId, busy: t.staff.working }}
          busy={confirm.isPending}
          error={confirm.error}
          onConfirm={(fields) => confirm.mutate(fields)}
        />
      ) : (
        <form onSubmit={submit} noValidate>
          {read.error && <ErrorAlert error={read.error} />}
          <TextField label={t.checkIn.front} name="front" type="file" accept="image/*,application/pdf" onChange={(event) => setFront(event.target.files?.[0] ?? null)} />
          <Button busy={read.isPending} busyLabel={t.checkIn.reading} disabled={!front}>
            {t.checkIn.read}
          </Button>
        </form>
      )}
    </>
  );
}

function DeskSignature({ stay, terms }: { stay: Stay; terms: string }) {
  const { propertyId } = useStaff();
  const [signature, setSignature] = useState<string | null>(null);
  const sign = useDeskStep((png: string) =>
    unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/registration', { params: { path: { propertyId, stayId: stay.id } }, body: { signature: png, acceptTerms: true } })),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (signature) sign.mutate(signature);
      }}
      noValidate
    >
      <h4>{t.deskCheckIn.signTitle}</h4>
      <p className="terms">{terms}</p>
      <SignaturePad label={t.checkIn.signHere} clearLabel={t.checkIn.clearSignature} onChange={setSignature} />
      {sign.error && <ErrorAlert error={sign.error} />}
      <Button busy={sign.isPending} busyLabel={t.staff.working} disabled={!signature}>
        {t.checkIn.sign}
      </Button>
    </form>
  );
}
