import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from './state.js';
import { paths, startMock, type RunningMock } from './test-support.js';

describe('OPERA mock rsv: reservations', () => {
  let running: RunningMock;
  const search = (query: Record<string, string | string[]>, hotelId = 'HARBOUR') =>
    running.client.call({ module: 'rsv', method: 'get', template: paths.reservations, query, hotelId });
  const detail = (reservationId: string, hotelId = 'HARBOUR') =>
    running.client.call({ module: 'rsv', method: 'get', template: paths.reservation, params: { reservationId }, hotelId, query: { fetchInstructions: 'Reservation' } });

  beforeAll(async () => {
    running = await startMock();
  });
  afterAll(() => running.mock.stop());

  it('finds a reservation by confirmation number and surname', async () => {
    const res = await search({ confirmationNumberList: 'HV1002', surname: 'Okafor' });
    expect(res.status).toBe(200);
    expect(res.body.reservations).toMatchObject({ totalResults: 1, count: 1, hasMore: false });
    const [info] = res.body.reservations.reservationInfo;
    expect(info.reservationIdList).toEqual([
      { id: '511002', type: 'Reservation' },
      { id: 'HV1002', type: 'Confirmation' },
    ]);
    expect(info).toMatchObject({ hotelId: 'HARBOUR', reservationStatus: 'Reserved', computedReservationStatus: 'DueIn' });
    expect(info.reservationGuest).toMatchObject({ id: '771002', type: 'Profile', givenName: 'Chidi', surname: 'Okafor', email: 'hv1002@guests.example' });
    expect(info.roomStay).toMatchObject({ arrivalDate: localDate('Europe/Lisbon', new Date()), adultCount: 1, childCount: 0 });
    expect(info.roomStay.roomId).toBeUndefined();
  });

  it('matches the surname case-insensitively, with non-ASCII letters', async () => {
    const res = await search({ confirmationNumberList: 'hv1001', surname: 'MÜLLER' });
    expect(res.status).toBe(200);
    expect(res.body.reservations.reservationInfo[0].reservationGuest.surname).toBe('Müller');
  });

  it('answers 204 when the surname does not match, the number is unknown, or it belongs to another hotel', async () => {
    expect((await search({ confirmationNumberList: 'HV1002', surname: 'Smith' })).status).toBe(204);
    expect((await search({ confirmationNumberList: 'HV9999' })).status).toBe(204);
    expect((await search({ confirmationNumberList: 'AL2001' })).status).toBe(204);
    expect((await search({ confirmationNumberList: 'AL2001' }, 'ALPINE')).status).toBe(200);
  });

  it('takes confirmationNumberList as a repeated (multi) parameter and pages', async () => {
    const res = await search({ confirmationNumberList: ['HV1001', 'HV1005', 'HV1011'], limit: '2' });
    expect(res.body.reservations).toMatchObject({ totalResults: 3, count: 2, hasMore: true, limit: 2, offset: 0 });
  });

  it('maps the demo states to OPERA statuses and derives the balance from postings', async () => {
    const res = await search({ confirmationNumberList: ['HV1005', 'HV1006', 'HV1011', 'HV1013', 'HV1014', 'HV1015'], fetchInstructions: 'RevenuesAndBalances' });
    const byConf = Object.fromEntries(
      res.body.reservations.reservationInfo.map((i: { reservationIdList: Array<{ id: string }> }) => [i.reservationIdList[1]?.id, i]),
    );
    expect(byConf.HV1005).toMatchObject({ reservationStatus: 'InHouse', computedReservationStatus: 'DueOut', roomStay: { roomId: '305' } });
    expect(byConf.HV1006).toMatchObject({ reservationStatus: 'InHouse', computedReservationStatus: 'InHouse' });
    expect(byConf.HV1011.reservationStatus).toBe('CheckedOut');
    expect(byConf.HV1013.reservationStatus).toBe('Cancelled');
    expect(byConf.HV1014.reservationStatus).toBe('NoShow');
    expect(byConf.HV1015.computedReservationStatus).toBe('Reserved');
    // HV1005: two nights of JRSU at 240.00, minibar 14.50, one night paid by card.
    expect(byConf.HV1005.roomStay.balance).toEqual({ amount: 254.5, currencyCode: 'EUR' });
    expect(byConf.HV1005.revenuesAndBalances.totalPayment).toEqual({ amount: 240, currencyCode: 'EUR' });
    expect(byConf.HV1011.roomStay.balance.amount).toBe(0);
  });

  it('returns the reservation detail by internal id', async () => {
    const res = await detail('522002', 'ALPINE');
    expect(res.status).toBe(200);
    const [reservation] = res.body.reservations.reservation;
    expect(reservation).toMatchObject({ hotelId: 'ALPINE', reservationStatus: 'InHouse', roomStay: { currentRoomInfo: { roomId: '12' }, guestCounts: { adults: 2 } } });
    expect(reservation.reservationGuests[0].profileInfo.profileIdList[0].id).toBe('772002');
    expect(reservation.reservationGuests[0].profileInfo.profile.customer.personName[0]).toEqual({ givenName: 'Lukas', surname: 'Meier', nameType: 'Primary' });
    expect(reservation.roomStay.expectedTimes.reservationExpectedArrivalTime).toMatch(/T15:00:00\+0[12]:00$/);
    expect(reservation.cashiering.revenuesAndBalances.balance.currencyCode).toBe('CHF');
  });

  it('answers 204 for an unknown id or an id of another hotel', async () => {
    expect((await detail('999999')).status).toBe(204);
    expect((await detail('522002', 'HARBOUR')).status).toBe(204);
  });

  it('refuses a malformed limit with 400 problem JSON naming the parameter', async () => {
    const res = await search({ limit: 'ten' });
    expect(res.status).toBe(400);
    expect(res.body['o:errorPath']).toBe('limit');
  });
});
