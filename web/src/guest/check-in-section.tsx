import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type GuestCheckIn, type Stay } from '../api/client';
import { readAsDataUrl } from '../lib/read-file';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { IdFieldsForm, type IdFieldValues } from '../ui/id-fields-form';
import { SignaturePad } from '../ui/signature-pad';
import { useGuest } from './i18n';
import { guestKeys } from './queries';

type DocumentKind = 'passport' | 'id_card' | 'driving_licence';

/**
 * Online check-in on the guest's stay page: the hotel's steps in its order, one at a time, each
 * saved by the API as it is finished (so another device picks up where this one stopped), then
 * "done" and, once the room is assigned, the room.
 */
export function CheckInSection({ stay }: { stay: Stay }) {
  const { m } = useGuest();
  const checkIn = useQuery({
    queryKey: guestKeys.checkIn(m.language),
    queryFn: () => unwrap(api.GET('/api/v1/stay/check-in', { params: { query: { language: m.language } } })),
  });
  if (stay.status !== 'reserved' && !(stay.status === 'checked_in' && checkIn.data?.completedAt)) return null;
  return (
    <section className="card" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading">{m.checkIn.title}</h2>
      <QueryState query={checkIn}>{(state) => <CheckInSteps state={state} stay={stay} />}</QueryState>
    </section>
  );
}

function CheckInSteps({ state, stay }: { state: GuestCheckIn; stay: Stay }) {
  const { m } = useGuest();
  const done = state.steps.filter((step) => step.status !== 'todo').length;
  if (state.next === 'done') {
    return (
      <Alert kind="success">
        <p>
          <strong>{m.checkIn.doneTitle}</strong>
        </p>
        <p>{state.room ? m.checkIn.roomReady(state.room) : m.checkIn.doneBody}</p>
      </Alert>
    );
  }
  return (
    <>
      <p>{m.checkIn.intro}</p>
      <p>{m.checkIn.progress(done, state.steps.length)}</p>
      <ol className="steps" aria-label={m.checkIn.title}>
        {state.steps.map((step) => (
          <li key={step.step} data-status={step.status} aria-current={step.step === state.next ? 'step' : undefined}>
            {m.checkIn.stepNames[step.step]} · {m.checkIn.stepStatus[step.status]}
          </li>
        ))}
      </ol>
      <h3>{m.checkIn.stepNames[state.next]}</h3>
      {state.next === 'contact' && <ContactStep stay={stay} />}
      {state.next === 'id' && <IdStep state={state} />}
      {state.next === 'registration' && <RegistrationStep state={state} />}
      {state.next === 'card' && <CardStep />}
      {state.next === 'arrival' && <ArrivalStep />}
    </>
  );
}

/** A step's mutation: its answer is the new progress, put straight into the cache. */
function useStep<T>(send: (input: T) => Promise<GuestCheckIn>) {
  const { m } = useGuest();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (state) => {
      queryClient.setQueryData(guestKeys.checkIn(m.language), state);
      void queryClient.invalidateQueries({ queryKey: guestKeys.stay });
    },
  });
}

/** The contact details on file, to confirm; they are changed in the Contact details section of the page. */
function ContactStep({ stay }: { stay: Stay }) {
  const { m } = useGuest();
  const save = useStep(() => unwrap(api.POST('/api/v1/stay/check-in/contact', { body: {} })));
  return (
    <>
      <p>{m.checkIn.confirmContact}</p>
      <dl className="facts">
        <div>
          <dt>{m.checkIn.email}</dt>
          <dd>{stay.guest.email ?? '—'}</dd>
        </div>
        <div>
          <dt>{m.checkIn.phone}</dt>
          <dd>{stay.guest.phone ?? '—'}</dd>
        </div>
      </dl>
      <p>{m.checkIn.changeContact}</p>
      {save.error && <ErrorAlert error={save.error} />}
      <Button type="button" busy={save.isPending} busyLabel={m.saving} onClick={() => save.mutate(undefined)}>
        {m.checkIn.contactContinue}
      </Button>
    </>
  );
}

/** The ID step: pictures read by the hotel's reader, then the guest confirms or corrects what was read. */
function IdStep({ state }: { state: GuestCheckIn }) {
  const { m } = useGuest();
  const [retaking, setRetaking] = useState(false);
  const confirm = useStep((fields: IdFieldValues) => unwrap(api.POST('/api/v1/stay/check-in/id/confirm', { body: { fields: fields as never } })));
  if (state.id.status === 'read' && state.id.fields && !retaking) {
    return (
      <>
        <IdFieldsForm
          read={state.id.fields}
          flags={state.id.flags}
          labels={{ fields: m.checkIn.fields, flags: m.checkIn.flags, intro: m.checkIn.checkFields, confirm: m.checkIn.confirmId, busy: m.saving }}
          busy={confirm.isPending}
          error={confirm.error}
          onConfirm={(fields) => confirm.mutate(fields)}
        />
        <p>
          <button type="button" className="button secondary" onClick={() => setRetaking(true)}>
            {m.checkIn.retake}
          </button>
        </p>
      </>
    );
  }
  return <IdUpload onRead={() => setRetaking(false)} />;
}

function IdUpload({ onRead }: { onRead(): void }) {
  const { m } = useGuest();
  const [kind, setKind] = useState<DocumentKind>('passport');
  const [front, setFront] = useState<File | null>(null);
  const [back, setBack] = useState<File | null>(null);
  const read = useStep(async () => {
    const body = { kind, front: await readAsDataUrl(front!), ...(back && { back: await readAsDataUrl(back) }) };
    return unwrap(api.POST('/api/v1/stay/check-in/id', { body }));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (front) read.mutate(undefined, { onSuccess: onRead });
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>{m.checkIn.idIntro}</p>
      {read.error && <ErrorAlert error={read.error} />}
      <SelectField label={m.checkIn.documentKind} name="kind" value={kind} onChange={(event) => setKind(event.target.value as DocumentKind)}>
        {(['passport', 'id_card', 'driving_licence'] as const).map((each) => (
          <option key={each} value={each}>
            {m.checkIn.kinds[each]}
          </option>
        ))}
      </SelectField>
      <TextField label={m.checkIn.front} name="front" type="file" accept="image/*,application/pdf" capture="environment" onChange={(event) => setFront(event.target.files?.[0] ?? null)} />
      {kind !== 'passport' && (
        <TextField label={m.checkIn.back} name="back" type="file" accept="image/*,application/pdf" capture="environment" onChange={(event) => setBack(event.target.files?.[0] ?? null)} />
      )}
      <Button busy={read.isPending} busyLabel={m.checkIn.reading} disabled={!front}>
        {m.checkIn.read}
      </Button>
    </form>
  );
}

function RegistrationStep({ state }: { state: GuestCheckIn }) {
  const { m } = useGuest();
  const [signature, setSignature] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [missing, setMissing] = useState(false);
  const sign = useStep((png: string) =>
    unwrap(api.POST('/api/v1/stay/check-in/registration', { body: { signature: png, language: m.language, acceptTerms: true } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!signature || !accepted);
    if (signature && accepted) sign.mutate(signature);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h4>{m.checkIn.termsTitle}</h4>
      <p className="terms" lang={state.registration.termsLanguage}>
        {state.registration.terms}
      </p>
      <label className="check-row">
        <input type="checkbox" name="acceptTerms" checked={accepted} onChange={(event) => setAccepted(event.target.checked)} />
        {m.checkIn.acceptTerms}
      </label>
      <SignaturePad label={m.checkIn.signHere} clearLabel={m.checkIn.clearSignature} onChange={setSignature} />
      {missing && (
        <Alert kind="error">
          <p>{m.checkIn.signMissing}</p>
        </Alert>
      )}
      {sign.error && <ErrorAlert error={sign.error} />}
      <Button busy={sign.isPending} busyLabel={m.saving}>
        {m.checkIn.sign}
      </Button>
    </form>
  );
}

function CardStep() {
  const { m } = useGuest();
  const card = useStep(() => unwrap(api.POST('/api/v1/stay/check-in/card')));
  return (
    <>
      <p>{m.checkIn.cardIntro}</p>
      {card.error && <ErrorAlert error={card.error} />}
      <Button type="button" busy={card.isPending} busyLabel={m.saving} onClick={() => card.mutate(undefined)}>
        {m.checkIn.cardContinue}
      </Button>
    </>
  );
}

function ArrivalStep() {
  const { m } = useGuest();
  const [arrivalTime, setArrivalTime] = useState('');
  const [wishes, setWishes] = useState({ earlyCheckIn: false, cot: false, parking: false });
  const [note, setNote] = useState('');
  const save = useStep(() =>
    unwrap(api.POST('/api/v1/stay/check-in/arrival', { body: { ...wishes, ...(arrivalTime && { arrivalTime }), ...(note.trim() && { note: note.trim() }) } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      {save.error && <ErrorAlert error={save.error} />}
      <TextField label={m.checkIn.arrivalTime} name="arrivalTime" type="time" value={arrivalTime} onChange={(event) => setArrivalTime(event.target.value)} />
      <fieldset>
        <legend>{m.checkIn.requests}</legend>
        {(['earlyCheckIn', 'cot', 'parking'] as const).map((wish) => (
          <label key={wish} className="check-row">
            <input type="checkbox" name={wish} checked={wishes[wish]} onChange={(event) => setWishes((old) => ({ ...old, [wish]: event.target.checked }))} />
            {m.checkIn[wish]}
          </label>
        ))}
      </fieldset>
      <TextField label={m.checkIn.arrivalNote} name="note" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      <Button busy={save.isPending} busyLabel={m.saving}>
        {m.checkIn.finish}
      </Button>
    </form>
  );
}
