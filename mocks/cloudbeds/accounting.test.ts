import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudbedsDemoProperties } from './credentials.js';
import { startMock, type CallOptions, type CallResult } from './test-client.js';

const harbour = cloudbedsDemoProperties.harbour;
const alpine = cloudbedsDemoProperties.alpine;
const headers = { authorization: `Bearer ${harbour.apiKey}`, 'x-property-id': harbour.propertyID };

let call: (method: string, path: string, options?: CallOptions) => Promise<CallResult>;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startMock();
  call = started.call;
  stop = () => started.mock.stop();
});
afterAll(() => stop());

const accounting = (method: string, path: string, options: CallOptions = {}) =>
  call(method, `/accounting/v1.0${path}`, { ...options, headers: { ...headers, ...options.headers } });
const pms = (method: string, name: string, options: CallOptions) =>
  call(method, `/api/v1.3/${name}`, { ...options, headers: { 'x-api-key': harbour.apiKey } });

function expectError(result: CallResult, status: number, errorCode: string) {
  expect(result.status).toBe(status);
  expect(result.body).toMatchObject({ errorCode, errorDetails: expect.any(String), id: expect.any(String) });
}

/** The integer sourceId is not in v1.3; a client finds it by searching on the public reservationID. */
async function sourceIdOf(reservationID: string, pending = false): Promise<number> {
  const found = await accounting('POST', pending ? '/pending-transactions' : '/transactions', {
    json: {
      filters: {
        and: [
          { field: 'source_kind', operator: 'equals', value: 'RESERVATION' },
          { field: 'source_identifier', operator: 'equals', value: reservationID },
        ],
      },
      limit: 1,
    },
  });
  expect(found.body.transactions.length).toBe(1);
  return Number(found.body.transactions[0].sourceId);
}

async function folio(sourceId: number, extra: Record<string, unknown> = {}) {
  return (await accounting('POST', '/folios/transactions', { json: { sourceKind: 'RESERVATION', sourceId, includeTotal: true, ...extra } })).body;
}

describe('auth', () => {
  it('needs a bearer key, an integer X-Property-ID, and access to that property', async () => {
    const body = { sourceKind: 'RESERVATION', sourceId: 1 };
    expectError(await call('POST', '/accounting/v1.0/folios/transactions', { json: body, headers: { 'x-property-id': harbour.propertyID } }), 401, 'ACCESS_DENIED');
    expectError(
      await call('POST', '/accounting/v1.0/folios/transactions', { json: body, headers: { 'x-api-key': harbour.apiKey, 'x-property-id': harbour.propertyID } }),
      401,
      'ACCESS_DENIED',
    );
    expectError(
      await accounting('POST', '/folios/transactions', { json: body, headers: { authorization: 'Bearer cbat_wrong', 'x-api-key': harbour.apiKey } }),
      401,
      'ACCESS_DENIED',
    );
    expectError(await accounting('POST', '/folios/transactions', { json: body, headers: { 'x-property-id': 'harbour' } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/folios/transactions', { json: body, headers: { 'x-property-id': alpine.propertyID } }), 403, 'ACCESS_DENIED');
    expectError(await accounting('GET', '/nothing-here'), 404, 'ENTITY_NOT_FOUND');
  });
});

describe('transaction search', () => {
  it('finds a reservation’s sourceId from its public id, posted or pending', async () => {
    const hv1001 = await sourceIdOf('HV1001');
    const hv1002 = await sourceIdOf('HV1002', true);
    expect(Number.isInteger(hv1001)).toBe(true);
    expect(hv1002).not.toBe(hv1001);
  });

  it('enforces the base-filter rule and known fields', async () => {
    expectError(await accounting('POST', '/transactions', { json: { filters: { field: 'folio_id', operator: 'equals', value: '1' } } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/transactions', { json: { filters: { field: 'colour', operator: 'equals', value: 'red' } } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/transactions', { json: {} }), 400, 'INVALID_REQUEST');
  });
});

describe('folio transactions', () => {
  it('lists room nights, extras and payments with totals; future nights are pending', async () => {
    const result = await folio(await sourceIdOf('HV1001'));
    const lines = result.groups.default.transactions as Array<Record<string, unknown>>;
    expect(lines.map((t) => [t.internalCodeGroup, t.amount, t.serviceDate, t.posted])).toEqual([
      ['PAYMENT', 160, '2026-03-09', true],
      ['CUSTOM_ITEM', 13, '2026-03-09', true],
      ['ROOM_REVENUE_RATE', 160, '2026-03-09', true],
      ['ROOM_REVENUE_RATE', 160, '2026-03-10', false],
      ['ROOM_REVENUE_RATE', 160, '2026-03-11', false],
    ]);
    expect(lines[0]).toMatchObject({
      sourceIdentifier: 'HV1001', currency: 'EUR', transactionType: 'payment',
      paymentDetails: { paymentMethod: 'credit', creditCardType: 'visa', amountPaid: 160 },
    });
    expect(result.totals).toEqual({ count: 5, totalDebit: 493, totalCredit: 160, currency: 'EUR', currencyScale: 2 });
    expect(result.nextPageToken).toBeUndefined();
  });

  it('filters, groups and pages', async () => {
    const sourceId = await sourceIdOf('HV1001');
    const posted = await folio(sourceId, { posted: false });
    expect(posted.totals.count).toBe(2);
    const grouped = await folio(sourceId, { groupBy: 'internal_code_group' });
    expect(Object.keys(grouped.groups).sort()).toEqual(['CUSTOM_ITEM', 'PAYMENT', 'ROOM_REVENUE_RATE']);
    expect(grouped.groups.ROOM_REVENUE_RATE.totals).toEqual({ count: 3, quantity: 3, totalDebit: 480, totalCredit: 0 });

    const first = await folio(sourceId, { limit: 2 });
    expect(first.groups.default.transactions).toHaveLength(2);
    expect(first.totals.count).toBe(5);
    const second = await folio(sourceId, { limit: 2, pageToken: first.nextPageToken });
    const third = await folio(sourceId, { limit: 2, pageToken: second.nextPageToken });
    expect(third.groups.default.transactions).toHaveLength(1);
    expect(third.nextPageToken).toBeUndefined();
  });

  it('validates the request body', async () => {
    expectError(await accounting('POST', '/folios/transactions', { json: { sourceKind: 'RESERVATION' } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/folios/transactions', { json: { sourceKind: 'ROOM', sourceId: 1 } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/folios/transactions', { json: { sourceKind: 'RESERVATION', sourceId: 1, limit: 1101 } }), 400, 'INVALID_REQUEST');
    expectError(await accounting('POST', '/folios/transactions', { json: { sourceKind: 'RESERVATION', sourceId: 1, groupBy: 'colour' } }), 400, 'INVALID_REQUEST');
    const unknown = await folio(999);
    expect(unknown).toEqual({ groups: {}, totals: { count: 0, totalDebit: 0, totalCredit: 0, currency: 'EUR', currencyScale: 2 } });
  });

  it('shows v1.3 postings: the item under its first-used name, the payment, our referenceID sale', async () => {
    const sourceId = await sourceIdOf('HV1007');
    await pms('POST', 'postCustomItem', {
      form: { reservationID: 'HV1007', referenceID: 'tip-1', items: [{ appItemID: 'ik-minibar', itemName: 'Renamed minibar', itemQuantity: 1, itemPrice: '4.00' }] },
    });
    await pms('POST', 'postPayment', { form: { reservationID: 'HV1007', type: 'stripe', amount: '20.00', description: 'pi_test_1' } });
    const lines = (await folio(sourceId)).groups.default.transactions as Array<Record<string, unknown>>;
    expect(lines.find((t) => t.amount === 4)).toMatchObject({ description: 'Minibar', internalCodeGroup: 'CUSTOM_ITEM', posted: true });
    expect(lines.find((t) => t.description === 'pi_test_1')).toMatchObject({ amount: 20, paymentDetails: { paymentMethod: 'stripe' } });
  });
});

describe('source balances', () => {
  it('reports the balance in minor units, matching getReservation', async () => {
    const sourceId = await sourceIdOf('HV1006');
    const balance = (await accounting('GET', `/source-balances/RESERVATION/${sourceId}`)).body;
    const reservation = (await pms('GET', 'getReservation', { query: { reservationID: 'HV1006' } })).body.data;
    expect(balance).toMatchObject({ currency: 'EUR', currencyScale: 2, subtotal: 64000, additionalItems: 4600, amountPaid: 0 });
    expect(balance.balanceDue).toBe(Math.round(reservation.balance * 100));
    expect(balance.grandTotal).toBe(Math.round(reservation.total * 100));
  });

  it('breaks down taxes posted with items', async () => {
    const sourceId = await sourceIdOf('HV1006');
    await pms('POST', 'postCustomItem', {
      form: { reservationID: 'HV1006', items: [{ appItemID: 'ik-spa', itemName: 'Sauna', itemQuantity: 1, itemPrice: '20.00', itemTaxes: [{ taxName: 'VAT', taxValue: '4.60' }] }] },
    });
    const balance = (await accounting('GET', `/source-balances/RESERVATION/${sourceId}`)).body;
    expect(balance.taxBreakdown).toEqual([{ name: 'VAT', amount: 460 }]);
  });

  it('answers 404 for an unknown source and 400 for a malformed one', async () => {
    expectError(await accounting('GET', '/source-balances/RESERVATION/12345'), 404, 'BOOKING_NOT_FOUND');
    expectError(await accounting('GET', '/source-balances/RESERVATION/HV1001'), 400, 'INVALID_REQUEST');
    expectError(await accounting('GET', '/source-balances/ROOM/1'), 400, 'INVALID_REQUEST');
  });
});
