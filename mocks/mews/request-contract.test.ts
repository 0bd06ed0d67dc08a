import { describe, expect, it } from 'vitest';
import { checkMewsRequest } from './request-contract.js';

/** The adapter tests rely on this check; it must be able to say no. */
const auth = { ClientToken: 'c', AccessToken: 'a', Client: 'Innkeeper 0.1.0' };
const post = (operation: string, body: unknown) => ({
  method: 'POST',
  url: `/api/connector/v1/${operation}`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('checkMewsRequest', () => {
  it('accepts a request with everything the docs require', () => {
    expect(checkMewsRequest(post('productServiceOrders/getAll', { ...auth, ServiceIds: ['s'], Limitation: { Count: 10 } }))).toEqual([]);
  });

  it('names a missing required property, a missing token and too many items', () => {
    expect(checkMewsRequest(post('productServiceOrders/getAll', { ...auth, LinkedReservationIds: ['r'], Limitation: { Count: 1 } }))).toEqual([
      'ServiceIds is required.',
    ]);
    expect(checkMewsRequest(post('reservations/start', { ClientToken: 'c', Client: 'x', ReservationId: 'r' }))).toEqual(['AccessToken is required.']);
    expect(checkMewsRequest(post('identityDocuments/getAll', { ...auth, CustomerIds: Array(101).fill('c'), Limitation: { Count: 1 } }))).toEqual([
      'Invalid CustomerIds.',
    ]);
  });

  it('checks required properties of list items and "at least one filter" rules', () => {
    const item = { Name: 'Tip', UnitCount: 1 };
    expect(checkMewsRequest(post('orders/add', { ...auth, ServiceId: 's', AccountId: 'a', Items: [item] }))).toEqual(['Items UnitAmount is required.']);
    expect(checkMewsRequest(post('payments/getAll', { ...auth, Limitation: { Count: 1 } }))).toEqual(['PaymentIds is required.']);
  });

  it('knows only documented operations sent as POST with a JSON object', () => {
    expect(checkMewsRequest(post('reservations/getAll', { ...auth, Limitation: { Count: 1 } }))).toEqual([
      'reservations/getAll is not in the table of documented operations.',
    ]);
    expect(checkMewsRequest({ method: 'GET', url: '/api/connector/v1/services/getAll', headers: {} })).not.toEqual([]);
    expect(checkMewsRequest({ ...post('services/getAll', {}), body: '[1]' })).toEqual(['the body is not a JSON object']);
  });
});
