import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { currencyExponent, decimalToMinor, minorToDecimal } from './money.js';

const EUR = currencyExponent('EUR');

describe('money conversions', () => {
  it('knows each currency exponent', () => {
    expect(EUR).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('XYZ1')).toBe(2);
  });

  it('turns decimals into minor units without float drift', () => {
    expect(decimalToMinor(254.5, EUR)).toBe(25450);
    expect(decimalToMinor(0.1 + 0.2, EUR)).toBe(30);
    expect(decimalToMinor(1.005, EUR)).toBe(101);
    expect(decimalToMinor(1.005 + 0.005, EUR)).toBe(101);
    expect(decimalToMinor(0.29, EUR)).toBe(29);
    expect(decimalToMinor(19.99, EUR)).toBe(1999);
    expect(decimalToMinor(4.35, EUR)).toBe(435);
    expect(decimalToMinor(19_999.99, EUR)).toBe(1_999_999);
    expect(decimalToMinor(-12.345, EUR)).toBe(-1235);
    expect(decimalToMinor(-0.07, EUR)).toBe(-7);
    expect(decimalToMinor(0, EUR)).toBe(0);
    expect(decimalToMinor(1e-7, EUR)).toBe(0);
    expect(decimalToMinor(1500, currencyExponent('JPY'))).toBe(1500);
    expect(decimalToMinor(1.234, currencyExponent('KWD'))).toBe(1234);
    expect(decimalToMinor(145.5, EUR)).toBe(14_550);
    expect(decimalToMinor(-12.34, EUR)).toBe(-1_234);
    let sum = 0;
    for (let i = 0; i < 10; i += 1) sum += 0.1;
    expect(decimalToMinor(sum, EUR)).toBe(100);
  });

  it('reads decimal strings and refuses what is not a number', () => {
    expect(decimalToMinor('290.00', EUR)).toBe(29_000);
    expect(() => decimalToMinor('', EUR)).toThrow(AppError);
    expect(() => decimalToMinor('abc', EUR)).toThrow(AppError);
    expect(() => decimalToMinor(Number.NaN, EUR)).toThrow(AppError);
  });

  it('round-trips every amount up to a million minor units', () => {
    for (let minor = 0; minor <= 1_000_000; minor += 1) {
      if (decimalToMinor(minorToDecimal(minor, EUR), EUR) !== minor) throw new Error(`${minor} drifted`);
    }
    expect(minorToDecimal(4550, EUR)).toBe(45.5);
    expect(JSON.stringify(minorToDecimal(1999, EUR))).toBe('19.99');
    expect(minorToDecimal(1500, 0)).toBe(1500);
  });
});
