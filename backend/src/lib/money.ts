import { AppError } from './errors.js';

/**
 * Money crosses our borders as decimals (vendors) and lives inside as integer minor units. These are
 * the only conversions; every adapter uses them.
 */

/** Integer minor units (cents) and an ISO 4217 currency: how every port speaks of money. */
export interface Money {
  amountMinor: number;
  currency: string;
}

const exponents = new Map<string, number>();

/** Digits after the decimal point of a currency (EUR 2, JPY 0, KWD 3); 2 for a code Intl does not know. */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      exponent = 2;
    }
    exponents.set(currency, exponent);
  }
  return exponent;
}

/**
 * A decimal amount (145.5, or "145.50" as some vendors send it) to integer minor units. The decimal
 * point is shifted in the number's shortest decimal text rather than by multiplying, because binary
 * floats drift: 1.005 * 100 is 100.49999999999999, while Number('1.005e2') is 100.5. Halves round
 * away from zero, so the sign is symmetric.
 */
export function decimalToMinor(amount: number | string, exponent: number): number {
  // Number('') is 0: an empty amount must not pass as zero.
  const value = typeof amount === 'string' ? (amount.trim() === '' ? Number.NaN : Number(amount)) : amount;
  if (!Number.isFinite(value)) throw new AppError('integration_unavailable', 'The provider sent an amount that is not a number.');
  const magnitude = Math.abs(value);
  const text = String(magnitude);
  const shifted = text.includes('e') ? magnitude * 10 ** exponent : Number(`${text}e${exponent}`);
  const minor = Math.round(shifted);
  return value < 0 && minor !== 0 ? -minor : minor;
}

/** Integer minor units to a decimal amount (4550, 2 -> 45.5); integer / 10^n prints exactly in JSON. */
export function minorToDecimal(amountMinor: number, exponent: number): number {
  return amountMinor / 10 ** exponent;
}

/** Integer minor units as a language writes the amount with its currency (4550 EUR in German: "45,50 €"). */
export function formatMoney(amountMinor: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(minorToDecimal(amountMinor, currencyExponent(currency)));
}
