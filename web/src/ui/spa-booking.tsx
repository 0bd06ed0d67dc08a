import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, fieldIssueOf, type Stay } from '../api/client';
import type { components, paths } from '../api/schema';
import { datesFrom, formatDate, formatTime, todayIn } from '../lib/format';
import { useAttemptKey } from '../lib/idempotency-key';
import { QueryState } from './feedback';
import { SelectField } from './form';

export type Treatment = components['schemas']['SpaCatalog']['treatments'][number];
export type Availability = components['schemas']['SpaAvailability'];
export type SpaBooking = components['schemas']['SpaBooking'];
/** The guest's and the desk's bookings take the same body. */
export type BookBody = paths['/api/v1/stay/spa/bookings']['post']['requestBody']['content']['application/json'];

/** The words of the day, therapist and time fields, from the guest's or the staff catalogue. */
export interface SlotLabels {
  day: string;
  therapist: string;
  anyTherapist: string;
  time: string;
  chooseTime: string;
  noTimes: string;
}

/** A start time as it is picked: one per time, or one per therapist and time where they choose. */
const slotValue = (slot: Availability['slots'][number], byTherapist: boolean) => (byTherapist && slot.therapist ? `${slot.startsAt}|${slot.therapist.id}` : slot.startsAt);

/** The days of the stay still to come, in the hotel's time zone. */
function bookableDays(stay: Stay): string[] {
  const today = todayIn(stay.property.timeZone);
  return datesFrom(stay.arrivalDate > today ? stay.arrivalDate : today, stay.departureDate);
}

/** The day as it is now, sent with a 409 when the time was taken. */
export function freshAvailability(error: unknown): Availability | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const details = error.details as { availability?: Availability } | undefined;
  return details?.availability;
}

/**
 * The day, therapist and time of a treatment within the stay, with the day's availability read
 * through `fetchAvailability` (the guest's or the staff route).
 */
export function useSlotChoice({
  stay,
  therapists,
  availabilityKey,
  fetchAvailability,
}: {
  stay: Stay;
  therapists: boolean;
  availabilityKey: (date: string) => QueryKey;
  fetchAvailability: (date: string) => Promise<Availability>;
}) {
  const days = bookableDays(stay);
  const [date, setDate] = useState(days[0] ?? '');
  const [therapistId, setTherapistId] = useState('');
  const [time, setTime] = useState('');
  const availability = useQuery({ queryKey: availabilityKey(date), queryFn: () => fetchAvailability(date), enabled: !!date });
  const all = availability.data?.slots ?? [];
  const byTherapist = therapists && !!therapistId;
  const slots = all.filter((slot) => !therapistId || slot.therapist?.id === therapistId);
  return {
    days,
    date,
    time,
    therapistId,
    therapists,
    availability,
    availabilityKey: availabilityKey(date),
    times: [...new Map(slots.map((slot) => [slotValue(slot, byTherapist), slot])).entries()],
    offered: [...new Map(all.flatMap((slot) => (slot.therapist ? [[slot.therapist.id, slot.therapist.name] as const] : []))).entries()],
    chooseDate: (day: string) => {
      setDate(day);
      setTime('');
    },
    chooseTherapist: (id: string) => {
      setTherapistId(id);
      setTime('');
    },
    setTime,
    /** The chosen start (and therapist, where one was chosen), or nothing before a time is picked. */
    chosen(): Pick<BookBody, 'startsAt' | 'therapistId'> | undefined {
      const [startsAt] = time.split('|');
      if (!startsAt) return undefined;
      return { startsAt, ...(byTherapist && { therapistId }) };
    },
  };
}

export type SlotChoice = ReturnType<typeof useSlotChoice>;

/**
 * The booking form's state past the time (notes, payment) and its submit: a treatment booked once
 * per attempt (one Idempotency-Key, kept when the answer was lost or the spa system did not answer,
 * so a resend books once); a taken time brings the day's fresh times. Only what will work is
 * offered: the room bill where the hotel allows it (the catalog's `roomCharge`), the card when one
 * is on file; with neither, nothing can be sent.
 */
export function useSpaBooking({
  choice,
  treatmentId,
  roomCharge,
  hasCard,
  send,
  refresh,
}: {
  choice: SlotChoice;
  treatmentId: string;
  roomCharge: boolean;
  hasCard: boolean;
  send: (body: BookBody, key: string) => Promise<SpaBooking>;
  refresh: () => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  const attempt = useAttemptKey<BookBody>();
  const [notes, setNotes] = useState('');
  const [payment, setPayment] = useState<BookBody['payment']>('room');
  const methods: BookBody['payment'][] = [...(roomCharge ? (['room'] as const) : []), ...(hasCard ? (['card'] as const) : [])];
  const method: BookBody['payment'] | undefined = methods.includes(payment) ? payment : methods[0];
  const mutation = useMutation({
    mutationFn: (body: BookBody) => send(body, attempt.keyFor(body)),
    onSuccess: () => attempt.forget(),
    onError: (error) => {
      // No answer (or the spa system's): the same attempt is sent again with its key, and books once.
      const mayResend = error instanceof ApiError && [0, 503, 504].includes(error.status);
      if (!mayResend) attempt.forget();
      const fresh = freshAvailability(error);
      if (fresh) {
        queryClient.setQueryData(choice.availabilityKey, fresh);
        choice.setTime('');
      }
    },
    onSettled: refresh,
  });
  return {
    mutation,
    notes,
    setNotes,
    methods,
    method,
    setPayment,
    submit(event: FormEvent) {
      event.preventDefault();
      const chosen = choice.chosen();
      if (chosen && method) mutation.mutate({ treatmentId, ...chosen, payment: method, ...(notes.trim() && { notes: notes.trim() }) });
    },
  };
}

/** The day, therapist (where the spa offers a choice) and time fields. */
export function SlotFields({ choice, labels, timeZone, locale, error }: { choice: SlotChoice; labels: SlotLabels; timeZone: string; locale?: string; error: Error | null }) {
  return (
    <>
      <SelectField label={labels.day} name="spa-day" value={choice.date} onChange={(event) => choice.chooseDate(event.target.value)}>
        {choice.days.map((day) => (
          <option key={day} value={day}>
            {formatDate(day, locale)}
          </option>
        ))}
      </SelectField>
      {choice.therapists && choice.offered.length > 0 && (
        <SelectField label={labels.therapist} name="spa-therapist" value={choice.therapistId} onChange={(event) => choice.chooseTherapist(event.target.value)}>
          <option value="">{labels.anyTherapist}</option>
          {choice.offered.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
      )}
      <QueryState query={choice.availability}>
        {() =>
          choice.times.length === 0 ? (
            <p>{labels.noTimes}</p>
          ) : (
            <SelectField label={labels.time} name="spa-time" value={choice.time} onChange={(event) => choice.setTime(event.target.value)} error={fieldIssueOf(error, 'startsAt')}>
              <option value="">{labels.chooseTime}</option>
              {choice.times.map(([value, slot]) => (
                <option key={value} value={value}>
                  {formatTime(slot.startsAt, timeZone, locale)}
                </option>
              ))}
            </SelectField>
          )
        }
      </QueryState>
    </>
  );
}
