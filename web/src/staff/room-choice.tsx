import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Stay } from '../api/client';
import { t } from '../i18n';
import { Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/form';
import { staffKeys, useStaff } from './staff-context';

/**
 * A room for check-in or a room move, chosen from the PMS's vacant rooms (ready ones to pick, those
 * housekeeping still has shown but not choosable) or the hotel's room list; typed only when there
 * is neither (`optional`: the PMS may pick one itself). The guest's own room (`exclude`) is never offered.
 */
export function RoomChoice({ stay, label, optional, room, setRoom, error, exclude }: {
  stay: Stay;
  label: string;
  optional?: boolean;
  room: string;
  setRoom(room: string): void;
  error: string | undefined;
  exclude?: string | null;
}) {
  const { propertyId } = useStaff();
  const rooms = useQuery({
    queryKey: staffKeys.checkInRooms(propertyId, stay.id),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays/{stayId}/rooms', { params: { path: { propertyId, stayId: stay.id } } })),
  });
  // Without a list (or while the PMS cannot be asked), the room is typed as before.
  if (rooms.isPending) return <Loading />;
  if (!rooms.data || rooms.data.rooms.length === 0) {
    return (
      <TextField
        label={optional ? t.staff.roomField : label}
        hint={rooms.data ? t.staff.roomsNone : undefined}
        name="room"
        value={room}
        maxLength={16}
        onChange={(e) => setRoom(e.target.value)}
        error={error}
      />
    );
  }
  const { source } = rooms.data;
  const list = rooms.data.rooms.filter((candidate) => candidate.room !== exclude);
  const notReady = list.filter((candidate) => candidate.ready === false);
  return (
    <SelectField
      label={label}
      hint={source === 'pms' ? t.staff.roomsFromPms : t.staff.roomsFromProperty}
      name="room"
      value={room}
      onChange={(e) => setRoom(e.target.value)}
      error={error}
    >
      <option value="">{t.staff.roomChoose}</option>
      <optgroup label={t.staff.roomsReady}>
        {list
          .filter((candidate) => candidate.ready !== false)
          .map((candidate) => (
            <option key={candidate.room} value={candidate.room}>
              {t.staff.roomOption(candidate.room, candidate.roomType)}
            </option>
          ))}
      </optgroup>
      {notReady.length > 0 && (
        <optgroup label={t.staff.roomsNotReady}>
          {notReady.map((candidate) => (
            <option key={candidate.room} value={candidate.room} disabled>
              {t.staff.roomOption(candidate.room, candidate.roomType)}
            </option>
          ))}
        </optgroup>
      )}
    </SelectField>
  );
}
