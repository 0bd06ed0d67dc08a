import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { t } from '../i18n';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, TextAreaField } from '../ui/form';
import { staffKeys } from '../staff/staff-context';

/** "101, 102\n103" -> ["101", "102", "103"]. */
const parseRooms = (text: string) =>
  text
    .split(/[\n,]/)
    .map((room) => room.trim())
    .filter(Boolean);

/** Admin: the hotel's room numbers, which check-in offers when the PMS does not list its rooms. */
export function RoomsCard({ propertyId }: { propertyId: string }) {
  const rooms = useQuery({
    queryKey: staffKeys.propertyRooms(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/admin/properties/{propertyId}/rooms', { params: { path: { propertyId } } })),
  });
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.admin.roomsTitle}</h2>
      <p className="hint">{t.admin.roomsIntro}</p>
      <QueryState query={rooms}>{(data) => <RoomsForm key={propertyId} propertyId={propertyId} saved={data.rooms} />}</QueryState>
    </section>
  );
}

function RoomsForm({ propertyId, saved }: { propertyId: string; saved: string[] }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(saved.join('\n'));
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/admin/properties/{propertyId}/rooms', { params: { path: { propertyId } }, body: { rooms: parseRooms(text) } })),
    onSuccess: (data) => {
      setText(data.rooms.join('\n'));
      queryClient.setQueryData(staffKeys.propertyRooms(propertyId), data);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  // A refused number is named by its place in the list: say which one it is.
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const entered = parseRooms(text);
  const error = issues.map((issue) => `${entered[Number(issue.field.split('.').pop())] ?? ''}: ${issue.message}`).join(' ') || undefined;
  return (
    <form onSubmit={submit} noValidate>
      <TextAreaField label={t.admin.roomsField} name="rooms" rows={6} value={text} onChange={(event) => setText(event.target.value)} error={error} />
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.admin.roomsSaved(save.data.rooms.length)}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.admin.save}
      </Button>
    </form>
  );
}
