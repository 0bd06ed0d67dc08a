import { DateTime } from 'luxon';

/** When people answer chats: `HH:MM` to `HH:MM` in the property's zone (an end before the start runs past midnight). */
export interface BusinessHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Null when a person answers now (or around the clock); else the local time (`HH:MM`) they next will. */
export function personAnswersFrom(hours: BusinessHours | null, timeZone: string, now: Date): string | null {
  if (!hours || hours.start === hours.end) return null;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const open = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  return open ? null : hours.start;
}
