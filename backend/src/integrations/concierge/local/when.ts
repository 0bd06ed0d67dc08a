import { fold } from './language.js';

const NOON = /\b(noon|midday|mittag|midi|mediodia|meio dia|mezzogiorno)\b/;

/** "13:00" from "until 1pm", "bis 13 Uhr", "jusqu'à 13h", "13.30", "noon"; null when no time is named. */
export function clockTimeIn(text: string): string | null {
  const folded = fold(text);
  const pad = (hour: number, minute: number) => (hour < 24 && minute < 60 ? `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` : null);
  const colon = folded.match(/\b(\d{1,2})[:.h](\d{2})\b/);
  if (colon) return pad(Number(colon[1]), Number(colon[2]));
  const meridiem = folded.match(/\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)/);
  if (meridiem) {
    const hour = Number(meridiem[1]) % 12;
    return pad(meridiem[2]!.startsWith('p') ? hour + 12 : hour, 0);
  }
  const hourWord = folded.match(/\b(\d{1,2})\s*(uhr|h|horas|hrs|ore)\b/) ?? folded.match(/\b(?:until|till|bis|jusqu a|hasta las|ate as|fino alle|at|um|a las|as|alle)\s+(\d{1,2})\b/);
  if (hourWord) return pad(Number(hourWord[1]), 0);
  return NOON.test(folded) ? '12:00' : null;
}

/** The offset of an ISO date-time ("+01:00"; "Z" as "+00:00"). */
const offsetOf = (iso: string) => iso.match(/([+-]\d{2}:\d{2})$/)?.[1] ?? '+00:00';

export const dateOf = (iso: string) => iso.slice(0, 10);

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A wall-clock time on a date at the hotel, as ISO 8601 with the offset of `now` there. */
export const atHotel = (date: string, clock: string, now: string) => `${date}T${clock}:00${offsetOf(now)}`;
