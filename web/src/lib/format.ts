/** The staff console's locale; the guest app passes the guest's (GuestMessages.locale). */
const LOCALE = 'en-GB';

const currencyFormat = (currency: string, locale = LOCALE) => new Intl.NumberFormat(locale, { style: 'currency', currency });
const decimalsOf = (format: Intl.NumberFormat) => format.resolvedOptions().maximumFractionDigits ?? 2;

/** Money from integer minor units: the currency's own number of decimals (EUR 2, JPY 0). */
export function formatMoney(amountMinor: number, currency: string, locale = LOCALE): string {
  const format = currencyFormat(currency, locale);
  return format.format(amountMinor / 10 ** decimalsOf(format));
}

/** An amount as typed ("163.5", "163,50", "1635") to integer minor units, or undefined when it is not one. */
export function parseMoney(text: string, currency: string): number | undefined {
  const decimals = decimalsOf(currencyFormat(currency));
  const match = new RegExp(`^(\\d{1,9})(?:[.,](\\d{0,${decimals}}))?$`).exec(text.trim());
  if (!match || (decimals === 0 && /[.,]/.test(text))) return undefined;
  return Number(match[1]) * 10 ** decimals + Number((match[2] ?? '').padEnd(decimals, '0') || 0);
}

/** Minor units as a person types them: 16350 EUR -> "163.50". */
export function minorToInput(amountMinor: number, currency: string): string {
  const decimals = decimalsOf(currencyFormat(currency));
  return (amountMinor / 10 ** decimals).toFixed(decimals);
}

/** A calendar date (YYYY-MM-DD) as written for people; parsed as UTC so no time zone shifts it. */
export function formatDate(isoDate: string, locale = LOCALE): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** A moment as written for people, in the browser's time zone unless one is given (a hotel's). */
export function formatDateTime(iso: string, locale = LOCALE, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The time of day of a moment (14:30) in a time zone: the hotel's, where the appointment is. */
export function formatTime(iso: string, timeZone: string, locale = LOCALE): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** Every calendar date (YYYY-MM-DD) from `first` to `last`, both included. */
export function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day.toISOString().slice(0, 10) <= last; day.setUTCDate(day.getUTCDate() + 1)) dates.push(day.toISOString().slice(0, 10));
  return dates;
}

/** Today's date (YYYY-MM-DD) in a time zone: a hotel's day, wherever the guest's phone is. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** AI costs are kept in micro-USD; a chat costs fractions of a cent, so up to four decimals show. */
export function formatMicroUsd(micro: number, locale = LOCALE): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(micro / 1_000_000);
}

/** A whole number as typed, from 0 to `max`, or undefined when it is not one. */
export function parseWholeNumber(text: string, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}
