import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { containsCardNumber } from './card-number.js';

describe('containsCardNumber', () => {
  it('finds card numbers however they are typed', () => {
    expect(containsCardNumber('4242424242424242')).toBe(true);
    expect(containsCardNumber('paid with 4242 4242 4242 4242 today')).toBe(true);
    expect(containsCardNumber('5555-5555-5555-4444')).toBe(true);
    expect(containsCardNumber('Amex 378282246310005')).toBe(true);
  });

  it('leaves receipt numbers, references and digit strings that fail the checksum alone', () => {
    expect(containsCardNumber('RCPT-000123')).toBe(false);
    expect(containsCardNumber('auth 884213')).toBe(false);
    expect(containsCardNumber('4242424242424241')).toBe(false);
    expect(containsCardNumber('PT50 0002 0123 1234 5678 9015 4')).toBe(false);
    // Passes Luhn but no card brand starts with 0, 1, 7, 8 or 9.
    expect(containsCardNumber('0000000000000000')).toBe(false);
  });

  it('never takes an id for a card number', () => {
    expect(containsCardNumber('3f2a9c1e-7b4d-4e8a-a500-424242424247')).toBe(false);
    expect(containsCardNumber('42424242-4242-4242-abcd-abcdefabcdef')).toBe(false);
    expect(containsCardNumber('pi_3Mtw4242424242424242BwLkdI')).toBe(false);
    const flagged = Array.from({ length: 100_000 }, () => randomUUID()).filter(containsCardNumber);
    expect(flagged).toEqual([]);
  });
});
