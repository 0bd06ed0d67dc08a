import { currencyExponent } from '../../lib/money.js';

/**
 * Stripe's minimum charge per presentment currency, in the currency's major units, as Stripe
 * documents it ("Minimum and maximum charge amounts", docs.stripe.com/currencies, read
 * 2026-11-24). Below it Stripe refuses a PaymentIntent with `amount_too_small`, so we refuse a tip
 * below it before anything is charged. Currencies not listed take 0.50, the most common minimum.
 */
const STRIPE_MINIMUM_MAJOR: Readonly<Record<string, number>> = {
  USD: 0.5,
  AED: 2,
  AUD: 0.5,
  BGN: 1,
  BRL: 0.5,
  CAD: 0.5,
  CHF: 0.5,
  CZK: 15,
  DKK: 2.5,
  EUR: 0.5,
  GBP: 0.3,
  HKD: 4,
  HUF: 175,
  INR: 0.5,
  JPY: 50,
  MXN: 10,
  MYR: 2,
  NOK: 3,
  NZD: 0.5,
  PLN: 2,
  RON: 2,
  SEK: 3,
  SGD: 0.5,
  THB: 10,
};

const DEFAULT_MINIMUM_MAJOR = 0.5;

/**
 * The smallest card charge the payments provider takes in a currency, in its minor units
 * (EUR 50, GBP 30, JPY 50). HUF counts two decimals here because Stripe's API does.
 */
export function minimumChargeMinor(currency: string): number {
  const code = currency.toUpperCase();
  const exponent = code === 'HUF' ? 2 : currencyExponent(code);
  return Math.round((STRIPE_MINIMUM_MAJOR[code] ?? DEFAULT_MINIMUM_MAJOR) * 10 ** exponent);
}
