/**
 * Mindbody speaks site-local wall-clock date-times without an offset (`2026-11-25T15:00:00`). The
 * mock does its arithmetic on them as minutes counted as if the wall clock were UTC: only the
 * wall clock matters, so a daylight-saving change cannot shift a slot.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Minutes of a local date-time (or a date, at midnight); null for anything else, an offset included. */
export function parseLocal(text: string): number | null {
  const match = LOCAL.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const back = new Date(ms);
  // 2026-02-30 rolls over in Date.UTC; Mindbody would refuse it.
  if (back.getUTCDate() !== Number(day) || back.getUTCMonth() !== Number(month) - 1) return null;
  return Math.floor(ms / 60_000);
}

export const formatLocal = (minutes: number): string => new Date(minutes * 60_000).toISOString().slice(0, 19);

/** Minutes of a time of day, `09:30` or `09:30:00`. */
export const timeOfDay = (text: string): number => {
  const [hours, minutes] = text.split(':').map(Number);
  return hours! * 60 + minutes!;
};

export const startOfDay = (minutes: number): number => minutes - (((minutes % 1440) + 1440) % 1440);

/** The site's wall clock now, in the same minutes. */
export function siteNow(timeZone: string, nowMs: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(nowMs))
      .map((part) => [part.type, part.value]),
  );
  return parseLocal(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`)!;
}
