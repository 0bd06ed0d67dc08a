import { describe, expect, it } from 'vitest';
import { validateCloudbedsRequest, validateCloudbedsResponse } from './openapi-validator.js';

/** The spec check must be able to fail, or the mock tests that rely on it prove nothing. */
const reservation = {
  success: true,
  data: {
    reservationID: 'HV1001',
    status: 'checked_in',
    balance: 333,
    dateCreated: '2026-03-01 10:00:00',
    estimatedArrivalTime: null,
    thirdPartyIdentifier: null,
    startDate: '2026-03-09',
  },
};
const check = (body: unknown, status = 200) => validateCloudbedsResponse('GET', '/api/v1.3/getReservation?reservationID=HV1001', status, body);

describe('validateCloudbedsResponse', () => {
  it('accepts a body in Cloudbeds’ wire format (nullable fields, Y-m-d H:i:s datetimes)', () => {
    expect(check(reservation).errors).toEqual([]);
  });

  it('rejects wrong enums, wrong types, unknown fields and bad dates', () => {
    expect(check({ ...reservation, data: { ...reservation.data, status: 'in_house' } }).valid).toBe(false);
    expect(check({ ...reservation, data: { ...reservation.data, balance: '333.00' } }).valid).toBe(false);
    expect(check({ ...reservation, data: { ...reservation.data, reservationId: 'HV1001' } }).valid).toBe(false);
    expect(check({ ...reservation, data: { ...reservation.data, startDate: '09/03/2026' } }).valid).toBe(false);
    expect(check({ ...reservation, data: { ...reservation.data, reservationID: null } }).valid).toBe(false);
  });

  it('holds v1 errors to { success: false, message } and accounting errors to ApiAccountingError', () => {
    expect(check({ success: false, message: 'Reservation not found' }, 200).valid).toBe(true);
    expect(check({ success: false, error: 'Reservation not found' }, 200).valid).toBe(false);
    expect(check({ success: false, message: 'Reservation not found' }, 404).valid).toBe(true);
    expect(check({ success: false, error: 'Reservation not found' }, 404).valid).toBe(false);
    expect(check({ success: true, message: 'x' }, 400).valid).toBe(false);
    const accountingError = (body: unknown) => validateCloudbedsResponse('GET', '/accounting/v1.0/source-balances/RESERVATION/1', 404, body).valid;
    expect(accountingError({ id: 'x', timestamp: '2026-03-10T10:00:00Z', errorCode: 'BOOKING_NOT_FOUND', errorDetails: 'no' })).toBe(true);
    expect(accountingError({ errorCode: 'NOT_FOUND' })).toBe(false);
  });

  it('keeps RFC 3339 for the Accounting API and knows only Cloudbeds paths', () => {
    const balance = (updatedAt: string) =>
      validateCloudbedsResponse('GET', '/accounting/v1.0/source-balances/RESERVATION/1', 200, { currency: 'EUR', updatedAt }).valid;
    expect(balance('2026-03-10T10:00:00Z')).toBe(true);
    expect(balance('2026-03-10 10:00:00')).toBe(false);
    expect(() => validateCloudbedsResponse('GET', '/api/v1.3/getNothing', 200, {})).toThrow(/No Cloudbeds operation/);
    expect(() => validateCloudbedsResponse('GET', '/elsewhere', 200, {})).toThrow(/not a Cloudbeds API path/);
  });
});

describe('validateCloudbedsRequest', () => {
  const key = { 'x-api-key': 'cbat_x' };
  const get = (url: string, headers: Record<string, string> = key) => validateCloudbedsRequest({ method: 'GET', url, headers });
  const form = (url: string, body: string) =>
    validateCloudbedsRequest({ method: 'POST', url, headers: { ...key, 'content-type': 'application/x-www-form-urlencoded' }, body });

  it('accepts requests with exactly the declared parameters', () => {
    expect(get('/api/v1.3/getReservation?propertyID=1&reservationID=HV1001')).toEqual([]);
    expect(get('/api/v1.3/getRoomsUnassigned?propertyIDs=1')).toEqual([]);
    const item = 'items[0][appItemID]=ik-spa&items[0][itemName]=Spa&items[0][itemQuantity]=1&items[0][itemPrice]=45.50';
    expect(form('/api/v1.3/postCustomItem', `propertyID=1&reservationID=HV1001&itemPaid=false&${item}`)).toEqual([]);
  });

  it('refuses undeclared or missing parameters, missing credentials and unknown operations', () => {
    expect(get('/api/v1.3/getRoomsUnassigned?propertyID=1')).toEqual([
      'query parameter propertyID is not declared for GET /api/v1.3/getRoomsUnassigned',
    ]);
    expect(get('/api/v1.3/getReservation?propertyID=1')).toEqual(['query parameter reservationID is required']);
    expect(get('/api/v1.3/getReservation?reservationID=HV1001', {})).toEqual([expect.stringMatching(/^credentials for none of/)]);
    expect(get('/api/v1.3/getNothing')).toEqual(['/api/v1.3/getNothing is not in cloudbeds-pms']);
    expect(validateCloudbedsRequest({ method: 'DELETE', url: '/api/v1.3/getReservation?reservationID=1', headers: key })).toEqual([
      '/api/v1.3/getReservation takes GET, not DELETE',
    ]);
  });

  it('holds form and JSON bodies to the declared request schema', () => {
    expect(form('/api/v1.3/postPayment', 'reservationID=HV1001&amount=ten')).toEqual([expect.stringMatching(/^body \/amount must be number/)]);
    expect(form('/api/v1.3/postPayment', 'reservationID=HV1001&paymentReference=x')).toEqual([expect.stringMatching(/^body \/ must NOT have additional properties/)]);
    const accounting = (headers: Record<string, string>, body: unknown) =>
      validateCloudbedsRequest({ method: 'POST', url: '/accounting/v1.0/transactions', headers: { authorization: 'Bearer cbat_x', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const filters = { field: 'source_identifier', operator: 'equals', value: 'HV1001' };
    expect(accounting({ 'x-property-id': '1' }, { filters, limit: 1 })).toEqual([]);
    expect(accounting({}, { filters })).toEqual(['header parameter X-Property-ID is required']);
    expect(accounting({ 'x-property-id': '1' }, { limit: 1 })).toEqual([expect.stringMatching(/^body \/ must have required property 'filters'/)]);
  });
});
