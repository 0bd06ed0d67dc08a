import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldIssueOf, unwrap, type Stay } from '../api/client';
import { t } from '../i18n';
import { formatDate } from '../lib/format';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { RoomChoice } from './room-choice';
import { staffKeys, useStaff } from './staff-context';

/**
 * A checked-in guest's room and departure: a move to another room and a late check-out, both
 * through the API (the PMS moves the guest), after which the mobile key follows.
 */
export function StayChanges({ stay }: { stay: Stay }) {
  return (
    <section className="card" aria-labelledby="changes-heading">
      <h2 id="changes-heading">{t.stayChanges.title}</h2>
      <RoomMove stay={stay} />
      <LateCheckOut stay={stay} />
      <p className="hint">{t.stayChanges.extraNight}</p>
    </section>
  );
}

/** A change to the stay that refreshes everything shown of it (the stay, its key, its rooms). */
function useStayChange<T>(send: (input: T) => Promise<Stay>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSuccess: () => void queryClient.invalidateQueries({ queryKey: staffKeys.all }) });
}

function RoomMove({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const [room, setRoom] = useState('');
  const [missing, setMissing] = useState(false);
  const move = useStayChange((to: string) =>
    unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/room-move', { params: { path: { propertyId, stayId: stay.id } }, body: { room: to } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!room.trim());
    if (room.trim()) move.mutate(room.trim(), { onSuccess: () => setRoom('') });
  };
  const error = missing ? t.stayChanges.roomRequired : fieldIssueOf(move.error, 'room');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="move-heading">
      <h3 id="move-heading">{t.stayChanges.moveTitle}</h3>
      {move.isSuccess && !move.isPending && (
        <Alert kind="success">
          <p>{t.stayChanges.moved(move.data.room)}</p>
        </Alert>
      )}
      {move.error && !error && <ErrorAlert error={move.error} />}
      <RoomChoice
        stay={stay}
        label={t.stayChanges.newRoom}
        exclude={stay.room}
        room={room}
        setRoom={(chosen) => {
          setRoom(chosen);
          setMissing(false);
        }}
        error={error}
      />
      <Button busy={move.isPending} busyLabel={t.staff.working}>
        {t.stayChanges.move}
      </Button>
    </form>
  );
}

function LateCheckOut({ stay }: { stay: Stay }) {
  const { propertyId } = useStaff();
  const [time, setTime] = useState('');
  const [missing, setMissing] = useState(false);
  const grant = useStayChange((until: string) =>
    unwrap(api.POST('/api/v1/staff/properties/{propertyId}/stays/{stayId}/late-check-out', { params: { path: { propertyId, stayId: stay.id } }, body: { time: until } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!time);
    if (time) grant.mutate(time);
  };
  const error = missing ? t.stayChanges.lateRequired : fieldIssueOf(grant.error, 'time');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="late-heading">
      <h3 id="late-heading">{t.stayChanges.lateTitle}</h3>
      {grant.isSuccess && !grant.isPending ? (
        <Alert kind="success">
          <p>{t.stayChanges.granted(grant.data.lateCheckOut ?? time)}</p>
        </Alert>
      ) : (
        stay.lateCheckOut && <p>{t.stayChanges.lateNow(stay.lateCheckOut)}</p>
      )}
      {grant.error && !error && <ErrorAlert error={grant.error} />}
      <TextField
        label={t.stayChanges.lateTime}
        hint={t.stayChanges.lateHint(formatDate(stay.departureDate))}
        name="time"
        type="time"
        step={60}
        value={time}
        onChange={(event) => {
          setTime(event.target.value);
          setMissing(false);
        }}
        error={error}
      />
      <Button busy={grant.isPending} busyLabel={t.staff.working}>
        {t.stayChanges.grant}
      </Button>
    </form>
  );
}
