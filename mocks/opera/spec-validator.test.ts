import { describe, expect, it } from 'vitest';
import { specs } from './test-support.js';

// The validator is the referee of every other test here, so it must be shown to say no.
describe('OHIP spec validator', () => {
  const search = '/hotels/{hotelId}/reservations';

  it('accepts a body in the vendor shape', () => {
    const body = { reservations: { reservationInfo: [{ hotelId: 'HARBOUR', reservationStatus: 'InHouse' }], count: 1 }, links: [], warnings: [] };
    expect(specs.checkResponse('rsv', search, 'get', 200, body)).toEqual([]);
  });

  it('rejects values outside an enum and misspelt fields', () => {
    const body = { reservations: { reservationInfo: [{ hotelId: 'HARBOUR', reservationStatus: 'CheckedIn', confirmationNo: '1' }] } };
    const violations = specs.checkResponse('rsv', search, 'get', 200, body);
    expect(violations.some((v) => v.includes('reservationStatus') && v.includes('allowed values'))).toBe(true);
    expect(violations.some((v) => v.includes('confirmationNo'))).toBe(true);
  });

  it('rejects wrong types deep inside and a body where the spec declares none', () => {
    const folio = { reservationFolioInformation: { folioWindows: [{ balance: { amount: '10.00', currencyCode: 'EUR' } }] } };
    expect(specs.checkResponse('csh', '/hotels/{hotelId}/reservations/{reservationId}/folios', 'get', 200, folio)).not.toEqual([]);
    expect(specs.checkResponse('rsv', search, 'get', 204, { reservations: {} })).not.toEqual([]);
  });

  it('checks undeclared-body errors as problem JSON and refuses statuses the spec does not know', () => {
    expect(specs.checkResponse('rsv', search, 'get', 401, { detail: 'no title or type' })).not.toEqual([]);
    expect(() => specs.checkResponse('rsv', search, 'get', 418, {})).toThrow(/declares no 418/);
    expect(() => specs.checkResponse('rsv', '/nope', 'get', 200, {})).toThrow(/has no GET/);
  });

  it('accepts YYYY-MM-DD where the spec caps a date at 8 characters, and still checks the format', () => {
    const posting = (postingDate: string) => ({ postings: [{ transactionNo: 1, postingDate }] });
    const charges = '/hotels/{hotelId}/reservations/{reservationId}/charges';
    expect(specs.checkResponse('csh', charges, 'post', 201, posting('2026-11-21'))).toEqual([]);
    expect(specs.checkResponse('csh', charges, 'post', 201, posting('21/11/2026'))).not.toEqual([]);
  });
});
