import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { paths, startMock, type RunningMock } from './test-support.js';

type Posting = { transactionNo: number; transactionType: string; debitAmount?: { amount: number }; creditAmount?: { amount: number }; reference?: string; folioWindowNo: number };

describe('OPERA mock csh: folio, charges, payments, check-out', () => {
  let running: RunningMock;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    running = await startMock();
    stops.push(() => running.mock.stop());
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });

  const folio = (reservationId: string, query: Record<string, string | string[]> = { fetchInstructions: ['Postings', 'Transactioncodes', 'Payee'] }) =>
    running.client.call({ module: 'csh', method: 'get', template: paths.folios, params: { reservationId }, query });
  const charge = (reservationId: string, charges: unknown, extra: Record<string, unknown> = {}) =>
    running.client.call({
      module: 'csh',
      method: 'post',
      template: paths.charges,
      params: { reservationId },
      body: { criteria: { hotelId: 'HARBOUR', cashierId: 17, postIt: false, reservationId: { id: reservationId, type: 'Reservation', idContext: 'OPERA' }, charges, ...extra } },
    });
  const pay = (reservationId: string, amount: number, paymentMethod = 'WEB', currencyCode = 'EUR') =>
    running.client.call({
      module: 'csh',
      method: 'post',
      template: paths.payments,
      params: { reservationId },
      body: {
        criteria: {
          hotelId: 'HARBOUR',
          cashierId: 17,
          folioWindowNo: 1,
          reservationId: { id: reservationId, type: 'Reservation', idContext: 'OPERA' },
          paymentMethod: { paymentMethod },
          postingAmount: { amount, currencyCode },
          postingReference: 'pi_3Qx1fake',
          applyCCSurcharge: false,
          overrideInsufficientCC: false,
        },
      },
    });
  const checkOut = (reservationId: string, extra: Record<string, unknown> = {}) =>
    running.client.call({
      module: 'csh',
      method: 'post',
      template: paths.checkOuts,
      params: { reservationId },
      body: {
        reservation: { hotelId: 'HARBOUR', reservationIdList: [{ id: reservationId, type: 'Reservation' }], cashierId: 17, eventType: 'CheckOut', stopCheckout: false, autoCheckout: false, checkoutInstr: { roomStatus: 'Dirty', ignoreWarnings: true } },
        verificationOnly: false,
        ...extra,
      },
    });
  const balanceOf = async (reservationId: string) => {
    const res = await folio(reservationId, { fetchInstructions: 'Totalbalance' });
    return res.body.reservationFolioInformation.folioWindows.reduce((sum: number, w: { balance: { amount: number } }) => sum + w.balance.amount, 0);
  };
  const sweep = (postings: Posting[]) => postings.reduce((sum, p) => sum + (p.debitAmount?.amount ?? 0) - (p.creditAmount?.amount ?? 0), 0);

  it('returns the folio of an in-house stay with postings whose debits minus credits are the balance', async () => {
    const res = await folio('511005');
    expect(res.status).toBe(200);
    const [window] = res.body.reservationFolioInformation.folioWindows;
    const postings: Posting[] = window.folios[0].postings;
    expect(postings.map((p) => p.transactionType)).toEqual(['Revenue', 'Revenue', 'Revenue', 'Payment']);
    expect(window.balance).toEqual({ amount: 254.5, currencyCode: 'EUR' });
    expect(sweep(postings)).toBeCloseTo(254.5, 2);
    expect(window.payeeInfo.payeeName).toBe('Dubois, Léa');
    expect(res.body.trxCodesInfo.map((t: { transactionCode: string }) => t.transactionCode).sort()).toEqual(['1000', '2300', '9004']);
  });

  it('gives a reservation that is not checked in an empty window 1', async () => {
    const res = await folio('511002');
    expect(res.body.reservationFolioInformation.folioWindows).toMatchObject([{ folioWindowNo: 1, balance: { amount: 0 }, emptyFolio: true }]);
    expect((await folio('999999')).status).toBe(204);
  });

  it('posts a charge (object or array form) that shows on the folio with our postingReference', async () => {
    const before = await balanceOf('511001');
    const single = await charge('511001', { transactionCode: '4410', postingQuantity: 1, price: { amount: 145.5, currencyCode: 'EUR' }, postingReference: 'gx-chg-5f2c', postingRemark: 'Deep tissue 60' });
    expect(single.status).toBe(201);
    expect(single.headers.get('location')).toBe('/csh/v1/hotels/HARBOUR/reservations/511001/folios');
    expect(single.body.postings[0]).toMatchObject({ transactionCode: '4410', transactionDescription: 'Spa Treatment', postedAmount: { amount: 145.5 }, debitAmount: { amount: 145.5 }, reference: 'gx-chg-5f2c', folioWindowNo: 1 });
    const list = await charge('511001', [{ transactionCode: '5010', postingQuantity: 2, price: { amount: 5, currencyCode: 'EUR' } }]);
    expect(list.body.postings[0].postedAmount.amount).toBe(10);
    expect(await balanceOf('511001')).toBeCloseTo(before + 155.5, 2);
    const after = await folio('511001');
    const refs = after.body.reservationFolioInformation.folioWindows[0].folios[0].postings.map((p: Posting) => p.reference);
    expect(refs).toContain('gx-chg-5f2c');
  });

  it('books a repeated postingReference twice: OPERA has no server-side idempotency', async () => {
    const body = { transactionCode: '2100', price: { amount: 20, currencyCode: 'EUR' }, postingReference: 'stay:1:charge:v1' };
    const first = await charge('511001', body);
    const second = await charge('511001', body);
    expect(second.body.postings[0].transactionNo).not.toBe(first.body.postings[0].transactionNo);
    const postings: Posting[] = (await folio('511001')).body.reservationFolioInformation.folioWindows[0].folios[0].postings;
    expect(postings.filter((p) => p.reference === 'stay:1:charge:v1')).toHaveLength(2);
  });

  it('posts to another folio window when asked and filters the folio by window', async () => {
    await charge('511001', { transactionCode: '2000', price: { amount: 30, currencyCode: 'EUR' }, folioWindowNo: 2 });
    const windows = (await folio('511001', { folioWindowNo: '2', fetchInstructions: 'Postings' })).body.reservationFolioInformation.folioWindows;
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ folioWindowNo: 2, balance: { amount: 30 } });
  });

  it.each([
    ['an unknown transaction code', { transactionCode: '7777', price: { amount: 1, currencyCode: 'EUR' } }, 'criteria.charges[1].transactionCode'],
    ['a payment code as a charge', { transactionCode: '9000', price: { amount: 1, currencyCode: 'EUR' } }, 'criteria.charges[1].transactionCode'],
    ['a foreign currency', { transactionCode: '2000', price: { amount: 1, currencyCode: 'USD' } }, 'criteria.charges[1].price.currencyCode'],
    ['a zero amount', { transactionCode: '2000', price: { amount: 0, currencyCode: 'EUR' } }, 'criteria.charges[1].price.amount'],
    ['three decimals', { transactionCode: '2000', price: { amount: 1.005, currencyCode: 'EUR' } }, 'criteria.charges[1].price.amount'],
  ])('refuses %s with 400 and posts nothing', async (_, body, errorPath) => {
    const before = await balanceOf('511001');
    const res = await charge('511001', [{ transactionCode: '2000', price: { amount: 3, currencyCode: 'EUR' } }, body]);
    expect(res.status).toBe(400);
    expect(res.body['o:errorPath']).toBe(errorPath);
    expect(await balanceOf('511001')).toBe(before);
  });

  it('refuses charges and payments on a reservation that is not in house', async () => {
    const dueIn = await charge('511002', { transactionCode: '2000', price: { amount: 3, currencyCode: 'EUR' } });
    expect(dueIn.status).toBe(400);
    expect(dueIn.body['o:errorCode']).toBe('CSH00030');
    expect((await pay('511011', 10)).status).toBe(400);
    expect((await charge('999999', { transactionCode: '2000', price: { amount: 3 } })).status).toBe(404);
  });

  it('posts a payment as a credit that lowers the balance', async () => {
    const before = await balanceOf('511006');
    const res = await pay('511006', 100);
    expect(res.status).toBe(201);
    expect(res.body.postings[0]).toMatchObject({ transactionType: 'Payment', transactionCode: '9050', creditAmount: { amount: 100, currencyCode: 'EUR' }, reference: 'pi_3Qx1fake' });
    expect(res.body.postings[0].debitAmount).toBeUndefined();
    expect(await balanceOf('511006')).toBeCloseTo(before - 100, 2);
  });

  it('refuses an unknown payment method or a wrong currency', async () => {
    expect((await pay('511006', 10, 'BITCOIN')).body['o:errorPath']).toBe('criteria.paymentMethod.paymentMethod');
    expect((await pay('511006', 10, 'WEB', 'CHF')).status).toBe(400);
  });

  it('refuses check-out with an open balance, then checks out once the balance is zero', async () => {
    const refused = await checkOut('511005');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ 'o:errorCode': 'CSH00042', 'o:errorPath': 'reservation' });

    expect((await pay('511005', await balanceOf('511005'), 'VA')).status).toBe(201);
    const generated = await running.client.call({
      module: 'csh', method: 'post', template: paths.folios, params: { reservationId: '511005' },
      body: { criteria: { reservationId: { id: '511005', type: 'Reservation' }, profileId: { id: '771005', type: 'Profile' }, hotelId: 'HARBOUR', cashierId: 17, folioWindowNo: 1, eventType: 'CheckOut', fiscalFolioInstruction: 'New', allFolioWindow: false, folioQueue: { generateFiscalFolio: false }, correction: false, debitFolio: false } },
    });
    expect(generated.status).toBe(201);
    expect(generated.body.folioWindows[0]).toMatchObject({ folioWindowNo: 1, balance: { amount: 0 } });

    const verified = await checkOut('511005', { verificationOnly: true });
    expect(verified.status).toBe(201);
    const stillIn = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservation, params: { reservationId: '511005' } });
    expect(stillIn.body.reservations.reservation[0].reservationStatus).toBe('InHouse');

    const done = await checkOut('511005');
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ links: [], warnings: [] });
    const after = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservation, params: { reservationId: '511005' } });
    expect(after.body.reservations.reservation[0].reservationStatus).toBe('CheckedOut');
    expect(running.mock.state.hotels.get('HARBOUR')?.rooms.get('305')?.housekeeping).toBe('Dirty');

    expect((await checkOut('511005')).body['o:errorCode']).toBe('CSH00043');
    expect((await charge('511005', { transactionCode: '2000', price: { amount: 3, currencyCode: 'EUR' } })).status).toBe(400);
  });

  it('accepts reservationIdList as an object (Oracle Postman form) and warns on early departure', async () => {
    await pay('511001', await balanceOf('511001'));
    const res = await checkOut('511001', {
      reservation: { hotelId: 'HARBOUR', reservationIdList: { id: '511001', type: 'Reservation' }, cashierId: 17, eventType: 'CheckOut', checkoutInstr: { roomStatus: 'Dirty', ignoreWarnings: true } },
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings[0].code).toBe('EARLY_DEPARTURE');
  });

  it('refuses check-out from a non in-house status and a body naming another reservation', async () => {
    expect((await checkOut('511002')).body['o:errorCode']).toBe('CSH00043');
    const mismatch = await checkOut('511001', { reservation: { reservationIdList: [{ id: '511006', type: 'Reservation' }] } });
    expect(mismatch.body['o:errorPath']).toBe('reservation.reservationIdList');
  });
});
