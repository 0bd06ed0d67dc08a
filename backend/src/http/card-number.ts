/**
 * Whole runs of 13 to 19 digits, spaces or dashes allowed between them, as people type card
 * numbers; a longer run (an IBAN's digits) is not a card number, nor is any stretch of it, and
 * neither is a run glued to letters (the digits of a hex id such as `a500-424242424247`).
 */
const DIGIT_RUN = /(?<!\d[ -]?)(?<![A-Za-z])\d(?:[ -]?\d){12,18}(?![ -]?\d)(?![A-Za-z])/g;

/**
 * Our ids are UUIDs, and a UUID whose first groups happen to be all digits reads as a typed card
 * number: about 1 in 1,000 random UUIDs did before ids were let through (a hold that could never
 * be captured, found by the payment model test).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Luhn checksum every payment card number passes (and 9 in 10 other digit strings fail). */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether free text holds what looks like a payment card number: a card brand's first digit (2 to
 * 6: Mastercard, Amex, Visa, Discover and the like), 13 to 19 digits, and a valid Luhn check.
 * Card numbers must not be stored outside the card provider (PCI DSS); a receipt or authorisation
 * number is what a desk should write down.
 */
export function containsCardNumber(text: string): boolean {
  if (UUID.test(text)) return false;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (/^[2-6]/.test(digits) && passesLuhn(digits)) return true;
  }
  return false;
}
