const LOCALE = 'en-GB';

/** Money from integer minor units: the currency's own number of decimals (EUR 2, JPY 0). */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** decimals);
}

/** A calendar date (YYYY-MM-DD) as written for people; parsed as UTC so no time zone shifts it. */
export function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat(LOCALE, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
