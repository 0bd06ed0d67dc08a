import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudbedsDemoItemIds, cloudbedsDemoPaymentType, cloudbedsDemoProperties } from './credentials.js';
import { validateCloudbedsResponse } from './openapi-validator.js';
import { startMock, type CallOptions, type CallResult } from './test-client.js';

const harbour = cloudbedsDemoProperties.harbour;
const alpine = cloudbedsDemoProperties.alpine;
const auth = { 'x-api-key': harbour.apiKey };

let call: (method: string, path: string, options?: CallOptions) => Promise<CallResult>;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startMock();
  call = started.call;
  stop = () => started.mock.stop();
});
afterAll(() => stop());

const api = (method: string, name: string, options: CallOptions = {}) =>
  call(method, `/api/v1.3/${name}`, { ...options, headers: { ...auth, ...options.headers } });
const getReservation = async (reservationID: string) => (await api('GET', 'getReservation', { query: { reservationID } })).body.data;

function expectFailure(result: CallResult, status: number, message: RegExp) {
  expect(result.status).toBe(status);
  expect(result.body).toEqual({ success: false, message: expect.stringMatching(message) });
}

describe('auth', () => {
  it('accepts the property key as x-api-key or Bearer and sets X-Request-ID', async () => {
    const viaHeader = await api('GET', 'getReservation', { query: { reservationID: 'HV1001' } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const viaBearer = await call('GET', '/api/v1.3/getReservation', {
      query: { reservationID: 'HV1001' },
      headers: { authorization: `Bearer ${harbour.apiKey}` },
    });
    expect(viaBearer.body.success).toBe(true);
  });

  it('refuses a missing or unknown key with 401', async () => {
    expectFailure(await call('GET', '/api/v1.3/getReservation', { query: { reservationID: 'HV1001' } }), 401, /missing/i);
    expectFailure(
      await call('GET', '/api/v1.3/getReservation', { query: { reservationID: 'HV1001' }, headers: { 'x-api-key': 'cbat_wrong' } }),
      401,
      /invalid/i,
    );
  });

  it('scopes a key to its property: another property is 403, its reservations are not found', async () => {
    expectFailure(await api('GET', 'getReservation', { query: { reservationID: 'HV1001', propertyID: alpine.propertyID } }), 403, /access/);
    expectFailure(await api('GET', 'getReservation', { query: { reservationID: 'HV1001' }, headers: { 'x-property-id': alpine.propertyID } }), 403, /access/);
    const alpineKey = { 'x-api-key': alpine.apiKey };
    expectFailure(await call('GET', '/api/v1.3/getReservation', { query: { reservationID: 'HV1001' }, headers: alpineKey }), 200, /not found/);
    const own = await call('GET', '/api/v1.3/getReservation', { query: { reservationID: 'AL2002', propertyID: alpine.propertyID }, headers: alpineKey });
    expect(own.body.data.propertyID).toBe(alpine.propertyID);
  });

  it('answers an unknown method with 404 in the v1 shape', async () => {
    expectFailure(await api('GET', 'getNothing'), 404, /Method not found/);
  });
});

describe('getReservation', () => {
  it('returns an in-house stay with balance derived from its postings', async () => {
    const data = await getReservation('HV1001');
    expect(data).toMatchObject({
      reservationID: 'HV1001',
      propertyID: harbour.propertyID,
      status: 'checked_in',
      startDate: '2026-03-09',
      endDate: '2026-03-12',
      guestName: 'Anna Müller',
      total: 493,
      balance: 333,
      balanceDetailed: { subTotal: 480, additionalItems: 13, taxesFees: 0, grandTotal: 493, paid: 160 },
      unassigned: [],
    });
    expect(data.assigned).toHaveLength(1);
    expect(data.assigned[0]).toMatchObject({ roomName: '204', roomTotal: '480.00', adults: '2', children: '0' });
    expect(data.assigned[0].dailyRates).toEqual([
      { date: '2026-03-09', rate: 160 },
      { date: '2026-03-10', rate: 160 },
      { date: '2026-03-11', rate: 160 },
    ]);
    const guests = Object.values(data.guestList) as Array<Record<string, unknown>>;
    expect(guests).toEqual([expect.objectContaining({ isMainGuest: true, guestFirstName: 'Anna', guestLastName: 'Müller', roomName: '204' })]);
    expect(data.dateCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('shows an unassigned arrival and a settled departure', async () => {
    const arrival = await getReservation('HV1003');
    expect(arrival).toMatchObject({ status: 'confirmed', balance: 440, assigned: [] });
    expect(arrival.unassigned[0]).toMatchObject({ roomTypeName: 'Family Room', children: '1' });
    expect(await getReservation('HV1011')).toMatchObject({ status: 'checked_out', balance: 0, total: 480 });
    expect(await getReservation('HV1013')).toMatchObject({ status: 'canceled', total: 0 });
  });

  it('reports a missing parameter with 400', async () => {
    expectFailure(await api('GET', 'getReservation'), 400, /reservationID is required/);
  });

  it('answers an unknown reservation with HTTP 200 and success: false, the only response the v1.3 spec declares', async () => {
    expectFailure(await api('GET', 'getReservation', { query: { reservationID: 'NOPE' } }), 200, /Reservation not found/);
  });
});

describe('getReservations', () => {
  it('filters by last name, case-insensitively, with guest details on request', async () => {
    const result = await api('GET', 'getReservations', { query: { lastName: 'müller', includeGuestsDetails: 'true' } });
    expect(result.body).toMatchObject({ success: true, count: 1, total: 1 });
    expect(result.body.data[0]).toMatchObject({ reservationID: 'HV1001', guestName: 'Anna Müller', balance: 333, adults: '2' });
    expect(Object.values(result.body.data[0].guestList)).toHaveLength(1);
    const quoted = await api('GET', 'getReservations', { query: { lastName: "O'Connor" } });
    expect(quoted.body.data.map((r: { reservationID: string }) => r.reservationID)).toEqual(['HV1004']);
    expect(quoted.body.data[0].guestList).toBeUndefined();
  });

  it('filters by status and check-in dates and pages with count/total', async () => {
    const arrivals = await api('GET', 'getReservations', { query: { status: 'confirmed', checkInFrom: '2026-03-10', checkInTo: '2026-03-10' } });
    expect(arrivals.body.data.map((r: { reservationID: string }) => r.reservationID)).toEqual(['HV1002', 'HV1003', 'HV1004']);
    const page = await api('GET', 'getReservations', { query: { pageSize: '5', pageNumber: '3' } });
    expect(page.body).toMatchObject({ count: 5, total: 15 });
    expectFailure(await api('GET', 'getReservations', { query: { status: 'in_house' } }), 400, /Invalid status/);
  });
});

describe('getGuest / putGuest', () => {
  it('reads a guest by guestID or by reservationID', async () => {
    const byId = await api('GET', 'getGuest', { query: { guestID: '55190002' } });
    expect(byId.body.data).toMatchObject({ firstName: 'Chidi', lastName: 'Okafor', email: 'hv1002@guests.example', documentNumber: '' });
    const byReservation = await api('GET', 'getGuest', { query: { reservationID: 'HV1002' } });
    expect(byReservation.body.data).toEqual(byId.body.data);
    expectFailure(await api('GET', 'getGuest'), 400, /guestID or reservationID/);
    expectFailure(await api('GET', 'getGuest', { query: { guestID: '1' } }), 200, /Guest not found/);
  });

  it('updates contact, address and ID document, visible in getGuest and getReservation', async () => {
    const update = await api('PUT', 'putGuest', {
      form: {
        guestID: '55190002',
        guestEmail: 'chidi@example.test',
        guestCellPhone: '+2348000000000',
        guestAddress1: 'Rua Augusta 1',
        guestCity: 'Lisboa',
        guestZip: '1100-048',
        guestCountry: 'pt',
        guestDocumentType: 'passport',
        guestDocumentNumber: 'A1234567',
        guestDocumentIssueDate: '2021-04-02',
        guestDocumentIssuingCountry: 'NG',
        guestDocumentExpirationDate: '2031-04-01',
      },
    });
    expect(update.body).toEqual({ success: true });
    const guest = (await api('GET', 'getGuest', { query: { guestID: '55190002' } })).body.data;
    expect(guest).toMatchObject({
      email: 'chidi@example.test', cellPhone: '+2348000000000', address: 'Rua Augusta 1', city: 'Lisboa', country: 'PT',
      documentType: 'passport', documentNumber: 'A1234567', documentIssuingCountry: 'NG', documentExpirationDate: '2031-04-01',
    });
    const listed = Object.values((await getReservation('HV1002')).guestList)[0];
    expect(listed).toMatchObject({ guestEmail: 'chidi@example.test', guestAddress: 'Rua Augusta 1', guestDocumentNumber: 'A1234567' });
  });

  it('refuses incomplete documents, empty updates, bad values and JSON bodies', async () => {
    expectFailure(
      await api('PUT', 'putGuest', { form: { guestID: '55190002', guestDocumentType: 'passport', guestDocumentNumber: 'X1' } }),
      400,
      /guestDocumentIssueDate, guestDocumentIssuingCountry|guestDocumentIssuingCountry, guestDocumentIssueDate/,
    );
    const dni = await api('PUT', 'putGuest', {
      form: { guestID: '55190003', guestDocumentType: 'dni', guestDocumentNumber: '12345678Z', guestDocumentIssuingCountry: 'ES' },
    });
    expect(dni.body.success).toBe(true);
    expectFailure(await api('PUT', 'putGuest', { form: { guestID: '55190002' } }), 400, /At least one/);
    expectFailure(await api('PUT', 'putGuest', { form: { guestID: '55190002', guestBirthDate: '1990-02-30' } }), 400, /guestBirthDate/);
    expectFailure(await api('PUT', 'putGuest', { form: { guestID: '55190002', guestCountry: 'Portugal' } }), 400, /guestCountry/);
    expectFailure(await api('PUT', 'putGuest', { json: { guestID: '55190002', guestEmail: 'x@example.test' } }), 400, /guestID is required/);
  });
});

describe('postCustomItem', () => {
  const spa = {
    reservationID: 'HV1006',
    referenceID: 'stay:hv1006:spa:v1',
    items: [
      {
        appItemID: cloudbedsDemoItemIds.spa.appItemID,
        itemName: 'Hot stone massage',
        itemQuantity: 1,
        itemPrice: '95.00',
        itemCategoryName: cloudbedsDemoItemIds.spa.itemCategoryName,
        itemTaxes: [{ taxName: 'VAT 23%', taxValue: '21.85' }],
      },
    ],
  };

  it('posts items with their taxes and raises the balance', async () => {
    const before = await getReservation('HV1006');
    const posted = await api('POST', 'postCustomItem', { form: spa });
    expect(posted.body).toEqual({ success: true, data: { soldProductID: expect.any(String), transactionID: expect.any(String) } });
    const after = await getReservation('HV1006');
    expect(after.balance).toBeCloseTo(before.balance + 116.85, 2);
    expect(after.balanceDetailed.additionalItems).toBeCloseTo(before.balanceDetailed.additionalItems + 95, 2);
    expect(after.balanceDetailed.taxesFees).toBeCloseTo(21.85, 2);
  });

  it('answers a repeated referenceID with the first ids and a notice, posting nothing', async () => {
    const first = await api('POST', 'postCustomItem', { form: { ...spa, referenceID: 'stay:hv1006:spa:v2' } });
    const balance = (await getReservation('HV1006')).balance;
    const repeat = await api('POST', 'postCustomItem', { form: { ...spa, referenceID: 'stay:hv1006:spa:v2' } });
    expect(repeat.body.data).toEqual({ ...first.body.data, notice: expect.stringMatching(/referenceID/) });
    expect((await getReservation('HV1006')).balance).toBe(balance);
  });

  it('records itemPaid as a cash payment of the sale', async () => {
    const before = await getReservation('HV1007');
    await api('POST', 'postCustomItem', {
      form: { reservationID: 'HV1007', itemPaid: 'true', items: [{ appItemID: 'ik-fnb', itemName: 'Coffee', itemQuantity: 2, itemPrice: '3.50' }] },
    });
    const after = await getReservation('HV1007');
    expect(after.balance).toBe(before.balance);
    expect(after.balanceDetailed.paid).toBeCloseTo(before.balanceDetailed.paid + 7, 2);
  });

  it('refuses missing items, bad quantities and canceled reservations', async () => {
    expectFailure(await api('POST', 'postCustomItem', { form: { reservationID: 'HV1006' } }), 400, /items is required/);
    expectFailure(
      await api('POST', 'postCustomItem', { form: { reservationID: 'HV1006', items: [{ appItemID: 'x', itemName: 'X', itemQuantity: 0, itemPrice: '1' }] } }),
      400,
      /itemQuantity/,
    );
    expectFailure(await api('POST', 'postCustomItem', { form: { ...spa, reservationID: 'HV1013', referenceID: 'r-cancel' } }), 400, /canceled/);
    expectFailure(await api('POST', 'postCustomItem', { form: { ...spa, reservationID: 'NOPE' } }), 200, /Reservation not found/);
  });
});

describe('postPayment', () => {
  it('records a payment with the custom method and lowers the balance', async () => {
    const before = await getReservation('HV1012');
    const paid = await api('POST', 'postPayment', {
      form: { reservationID: 'HV1001', type: cloudbedsDemoPaymentType, amount: '50.00', description: 'pi_3Qx1fake' },
    });
    expect(paid.body).toEqual({ success: true, paymentID: expect.any(String), transactionID: expect.any(String) });
    expect((await getReservation('HV1001')).balance).toBe(283);
    expect((await getReservation('HV1012')).balance).toBe(before.balance);
  });

  it('has no idempotency: a retry pays twice', async () => {
    const form = { reservationID: 'HV1002', type: 'cash', amount: '10' };
    const first = await api('POST', 'postPayment', { form });
    const second = await api('POST', 'postPayment', { form });
    expect(second.body.paymentID).not.toBe(first.body.paymentID);
    expect((await getReservation('HV1002')).balanceDetailed.paid).toBe(20);
  });

  it('validates type, card type and amount', async () => {
    expectFailure(await api('POST', 'postPayment', { form: { reservationID: 'HV1001', type: 'bitcoin', amount: '1' } }), 400, /Invalid payment type/);
    expectFailure(await api('POST', 'postPayment', { form: { reservationID: 'HV1001', type: 'credit', amount: '1' } }), 400, /cardType/);
    expectFailure(await api('POST', 'postPayment', { form: { reservationID: 'HV1001', type: 'cash', amount: '-5' } }), 400, /amount/);
    expectFailure(await api('POST', 'postPayment', { form: { reservationID: 'HV1001', type: 'cash' } }), 400, /amount is required/);
    expect((await api('GET', 'getPaymentMethods')).body.data.methods.map((m: { method: string }) => m.method)).toContain('stripe');
  });
});

describe('putReservation / postRoomAssign', () => {
  const setStatus = (reservationID: string, status: string) => api('PUT', 'putReservation', { form: { reservationID, status } });

  it('refuses check-in without a room, then assigns a free room of the right type and checks in', async () => {
    expectFailure(await setStatus('HV1002', 'checked_in'), 400, /unassigned/);
    const free = (await api('GET', 'getRoomsUnassigned', { query: { propertyIDs: harbour.propertyID } })).body.data[0].rooms.map(
      (r: { roomName: string }) => r.roomName,
    );
    expect(free).not.toContain('204');
    expect(free).toContain('101');
    expectFailure(await api('GET', 'getRoomsUnassigned', { query: { propertyIDs: `${harbour.propertyID},${alpine.propertyID}` } }), 403, /access/);

    expectFailure(await api('POST', 'postRoomAssign', { form: { reservationID: 'HV1002', newRoomID: `${harbour.propertyID}-r204` } }), 400, /not available/);
    expectFailure(await api('POST', 'postRoomAssign', { form: { reservationID: 'HV1002', newRoomID: `${harbour.propertyID}-r110` } }), 400, /room type/);
    expectFailure(await api('POST', 'postRoomAssign', { form: { reservationID: 'HV1002', newRoomID: 'nope' } }), 200, /Room not found/);
    const assigned = await api('POST', 'postRoomAssign', { form: { reservationID: 'HV1002', newRoomID: `${harbour.propertyID}-r101` } });
    expect(assigned.body).toEqual({ success: true });

    const checkedIn = await setStatus('HV1002', 'checked_in');
    expect(checkedIn.body.success).toBe(true);
    // putReservation's spec leaves `data` open; it is getReservation's data, so hold it to that schema.
    const asGetReservation = validateCloudbedsResponse('GET', '/api/v1.3/getReservation', 200, { success: true, data: checkedIn.body.data });
    expect(asGetReservation.errors).toEqual([]);
    expect(checkedIn.body.data).toMatchObject({ status: 'checked_in', assigned: [expect.objectContaining({ roomName: '101' })] });
    expectFailure(await setStatus('HV1002', 'checked_in'), 400, /from checked_in to checked_in/);
  });

  it('moves an in-house guest to a free room of the type, naming the room they leave', async () => {
    // HV1007 is in family room 210.
    const form = { reservationID: 'HV1007', newRoomID: `${harbour.propertyID}-r110` };
    expectFailure(await api('POST', 'postRoomAssign', { form }), 400, /oldRoomID/);
    expectFailure(await api('POST', 'postRoomAssign', { form: { ...form, newRoomID: `${harbour.propertyID}-r310`, oldRoomID: `${harbour.propertyID}-r305` } }), 400, /oldRoomID/);
    expect((await api('POST', 'postRoomAssign', { form: { ...form, oldRoomID: `${harbour.propertyID}-r210` } })).body).toEqual({ success: true });
    expect((await getReservation('HV1007')).assigned).toEqual([expect.objectContaining({ roomName: '110' })]);
  });

  it('checks in only between arrival and departure day', async () => {
    await api('POST', 'postRoomAssign', { form: { reservationID: 'HV1008', newRoomID: `${harbour.propertyID}-r102` } });
    expectFailure(await setStatus('HV1008', 'checked_in'), 400, /before its arrival date/);
  });

  it('checks out only from checked_in, open balance allowed', async () => {
    expectFailure(await setStatus('HV1003', 'checked_out'), 400, /from confirmed to checked_out/);
    expect((await getReservation('HV1005')).balance).toBeGreaterThan(0);
    const out = await setStatus('HV1005', 'checked_out');
    expect(out.body.data.status).toBe('checked_out');
    expectFailure(await setStatus('HV1005', 'checked_in'), 400, /from checked_out to checked_in/);
    expectFailure(await setStatus('HV1011', 'checked_out'), 400, /from checked_out/);
  });

  it('sets the estimated arrival time and rejects unknown statuses', async () => {
    const updated = await api('PUT', 'putReservation', { form: { reservationID: 'HV1009', estimatedArrivalTime: '15:30' } });
    expect(updated.body.data.estimatedArrivalTime).toBe('15:30');
    expectFailure(await setStatus('HV1009', 'in_house'), 400, /Invalid status/);
    expectFailure(await api('PUT', 'putReservation', { form: { reservationID: 'HV1009' } }), 400, /Nothing to update/);
  });
});
