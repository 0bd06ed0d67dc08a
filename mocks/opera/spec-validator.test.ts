import { describe, expect, it } from 'vitest';
import { OPERA_DEMO_APP_KEY } from './credentials.js';
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

describe('OHIP request check', () => {
  const headers = { authorization: 'Bearer t', 'x-app-key': OPERA_DEMO_APP_KEY, 'x-hotelid': 'HARBOUR' };
  const get = (url: string, sent: Record<string, string> = headers) => specs.checkRequest({ method: 'GET', url, headers: sent });
  const post = (url: string, body: unknown) =>
    specs.checkRequest({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const charges = '/csh/v1/hotels/HARBOUR/reservations/511007/charges';
  const charge = { criteria: { hotelId: 'HARBOUR', reservationId: { id: '511007', type: 'Reservation' }, cashierId: 1, charges: [{ transactionCode: '4410', price: { amount: 45.5, currencyCode: 'EUR' } }] } };

  it('accepts requests in the shape the spec declares', () => {
    expect(get('/rsv/v1/hotels/HARBOUR/reservations?confirmationNumberList=HV1001&confirmationNumberList=HV1002&limit=1')).toEqual([]);
    expect(get('/csh/v1/hotels/HARBOUR/reservations/511007/folios?fetchInstructions=Postings&fetchInstructions=Totalbalance')).toEqual([]);
    expect(post(charges, charge)).toEqual([]);
  });

  it('refuses missing headers, undeclared or mistyped query parameters, and unknown paths or methods', () => {
    expect(get('/rsv/v1/hotels/HARBOUR/reservations/511001', { authorization: 'Bearer t', 'x-app-key': OPERA_DEMO_APP_KEY })).toEqual([
      'header parameter x-hotelid is required',
    ]);
    expect(get('/rsv/v1/hotels/HARBOUR/reservations?confirmationNo=HV1001')).toEqual([
      'query parameter confirmationNo is not declared for GET /rsv/v1/hotels/HARBOUR/reservations',
    ]);
    expect(get('/rsv/v1/hotels/HARBOUR/reservations?limit=ten')).toEqual([expect.stringMatching(/^query parameter limit=ten: .*integer/)]);
    expect(get('/csh/v1/hotels/HARBOUR/reservations/1/folios?fetchInstructions=Posting')).toEqual([expect.stringMatching(/allowed values/)]);
    expect(get('/rsv/v1/nowhere')).toEqual(['rsv.json has no path matching /nowhere']);
    expect(specs.checkRequest({ method: 'DELETE', url: charges, headers })).toEqual([expect.stringMatching(/not DELETE/)]);
  });

  it('holds bodies to the declared definition and the token request to its form and Basic credentials', () => {
    expect(post(charges, { criteria: { ...charge.criteria, cashier: 1 } })).toEqual([expect.stringMatching(/^body \/criteria must NOT have additional properties/)]);
    expect(specs.checkRequest({ method: 'POST', url: charges, headers })).toEqual(['the billingCharges body is required']);
    const token = (sent: Record<string, string>, body: string) =>
      specs.checkRequest({ method: 'POST', url: '/oauth/v1/tokens', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-app-key': OPERA_DEMO_APP_KEY, ...sent }, body });
    expect(token({ authorization: 'Basic eDp5' }, 'grant_type=client_credentials&scope=urn%3Aopc')).toEqual([]);
    expect(token({}, 'grant_type=client_credentials')).toEqual(['Basic credentials are required']);
    expect(token({ authorization: 'Basic eDp5' }, 'scope=x&client_id=y')).toEqual([
      'formData parameter grant_type is required',
      'formData parameter client_id is not declared for POST /oauth/v1/tokens',
    ]);
  });
});
