import { expect } from 'vitest';

/**
 * ICAO 9303 check digits, written out apart from the mocks' own MRZ builder (shared/id-documents.ts)
 * so the ID mocks' tests check their fixtures by a second reading.
 */
export function icaoCheckDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const value = c === '<' ? 0 : c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 'A'.charCodeAt(0) + 10;
    sum += value * weights[i % 3]!;
  }
  return sum % 10;
}

/** Which check digits of a TD3 (passport) MRZ hold: document number, birth, expiry, composite. */
export function td3Checks(mrz: string) {
  const [line1, line2] = mrz.split('\n') as [string, string];
  expect([line1.length, line2.length]).toEqual([44, 44]);
  const digit = (i: number) => Number(line2[i]);
  return {
    documentNumber: icaoCheckDigit(line2.slice(0, 9)) === digit(9),
    birth: icaoCheckDigit(line2.slice(13, 19)) === digit(19),
    expiry: icaoCheckDigit(line2.slice(21, 27)) === digit(27),
    composite: icaoCheckDigit(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43)) === digit(43),
  };
}
