import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { paths, startMock, type RunningMock } from './test-support.js';

describe('OPERA mock fof: room assignment and check-in', () => {
  let running: RunningMock;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    running = await startMock();
    stops.push(() => running.mock.stop());
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
  });

  const assign = (reservationId: string, roomId: string) =>
    running.client.call({
      module: 'fof', method: 'post', template: paths.roomAssignments, params: { reservationId },
      body: { criteria: { hotelId: 'HARBOUR', reservationIdList: [{ id: reservationId, type: 'Reservation' }], roomId, roomNumberLocked: true } },
    });
  const checkIn = (reservationId: string, roomId?: string) =>
    running.client.call({
      module: 'fof', method: 'post', template: paths.checkIns, params: { reservationId },
      body: { reservation: { ...(roomId ? { roomId } : {}), ignoreWarnings: true, stopCheckin: false, printRegistration: false }, fetchReservationInstruction: ['ReservationDetail'], includeNotifications: true },
    });

  const rooms = (query: Record<string, string | string[]>) => running.client.call({ module: 'fof', method: 'get', template: paths.rooms, query });
  const roomIds = (body: { hotelRoomsDetails: { room: Array<{ roomId: string }> } }) => body.hotelRoomsDetails.room.map((room) => room.roomId);

  it("suggests rooms for a reservation: its booked type, free, in service, with their status", async () => {
    const res = await rooms({ reservationId: '511002', hotelFORoomStatus: 'Vacant' });
    expect(res.status).toBe(200);
    // HV1002 booked a DLXK: 204 and 210 are in house, 207 is out of order.
    expect(roomIds(res.body)).toEqual(['201', '202', '203', '205', '206', '208', '209']);
    expect(res.body.hotelRoomsDetails.room[0]).toMatchObject({
      roomId: '201',
      roomType: { roomType: 'DLXK' },
      housekeeping: { roomStatus: { roomStatus: 'Inspected', frontOfficeStatus: 'Vacant' } },
    });
    const ready = await rooms({ reservationId: '511002', hotelRoomStatus: ['Inspected', 'Clean'] });
    expect(roomIds(ready.body)).toEqual(['201', '202', '203', '208', '209']);
    // A room given to one arrival is no longer suggested for another over the same nights.
    expect((await assign('511002', '201')).status).toBe(201);
    expect(roomIds((await rooms({ reservationId: '511003' })).body)).not.toContain('201');
  });

  it('lists the hotel by status and pages, and names a bad filter', async () => {
    const occupied = await rooms({ hotelFORoomStatus: 'Occupied' });
    expect(roomIds(occupied.body)).toEqual(expect.arrayContaining(['204', '210']));
    const page = await rooms({ limit: '2', offset: '1' });
    expect(page.body).toMatchObject({ count: 2, offset: 1, hasMore: true });
    const bad = await rooms({ hotelRoomStatus: 'Sparkling' });
    expect(bad.status).toBe(400);
    expect(bad.body['o:errorPath']).toBe('hotelRoomStatus');
  });

  it('refuses check-in of a DueIn reservation without a room', async () => {
    const res = await checkIn('511002');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ 'o:errorCode': 'FOF00011', 'o:errorPath': 'reservation.roomId' });
  });

  it('assigns a vacant room, then checks in to InHouse', async () => {
    expect((await assign('511002', '201')).status).toBe(201);
    const res = await checkIn('511002');
    expect(res.status).toBe(201);
    const [reservation] = res.body.reservation;
    expect(reservation).toMatchObject({ reservationStatus: 'InHouse', computedReservationStatus: 'InHouse', roomStay: { currentRoomInfo: { roomId: '201' } } });
    const search = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservations, query: { confirmationNumberList: 'HV1002' } });
    expect(search.body.reservations.reservationInfo[0]).toMatchObject({ reservationStatus: 'InHouse', roomStay: { roomId: '201' } });
    const again = await checkIn('511002');
    expect(again.body['o:errorCode']).toBe('FOF00010');
  });

  it('lets check-in choose the room itself', async () => {
    const res = await checkIn('511003', '202');
    expect(res.status).toBe(201);
    expect(res.body.reservation[0].roomStay.currentRoomInfo.roomId).toBe('202');
  });

  it('refuses a dirty room at check-in and leaves the reservation untouched', async () => {
    expect((await assign('511004', '205')).status).toBe(201);
    const res = await checkIn('511004');
    expect(res.body['o:errorCode']).toBe('FOF00012');
    const dirtyChoice = await checkIn('511003', '206');
    expect(dirtyChoice.body['o:errorCode']).toBe('FOF00012');
    expect(running.mock.state.reservations.get('511003')?.roomId).toBeNull();
  });

  it.each([
    ['a room that does not exist', '999', 'FOF00021'],
    ['a room of another type', '101', 'FOF00022'],
    ['an out-of-order room', '207', 'FOF00023'],
    ['a room occupied by an in-house guest', '204', 'FOF00024'],
  ])('refuses to assign %s', async (_, roomId, code) => {
    const res = await assign('511002', roomId);
    expect(res.status).toBe(400);
    expect(res.body['o:errorCode']).toBe(code);
  });

  it('refuses a room already assigned to an overlapping reservation', async () => {
    expect((await assign('511002', '208')).status).toBe(201);
    expect((await assign('511003', '208')).body['o:errorCode']).toBe('FOF00024');
  });

  const move = (reservationId: string, roomId: string, criteria: Record<string, unknown> = {}) =>
    running.client.call({
      module: 'fof', method: 'put', template: paths.roomMoves, params: { reservationId, roomId },
      body: { criteria: { hotelId: 'HARBOUR', reservationIdList: [{ id: reservationId, type: 'Reservation' }], roomId, roomNumberLocked: false, ...criteria } },
    });

  it('moves an in-house guest to a free, clean room of their type and leaves the old room dirty', async () => {
    // HV1007 is in house in 210.
    const res = await move('511007', '202');
    expect(res.status).toBe(200);
    expect(running.mock.state.reservations.get('511007')?.roomId).toBe('202');
    expect(running.mock.state.hotels.get('HARBOUR')?.rooms.get('210')?.housekeeping).toBe('Dirty');
    const read = await running.client.call({ module: 'rsv', method: 'get', template: paths.reservation, params: { reservationId: '511007' } });
    expect(read.body.reservations.reservation[0].roomStay.currentRoomInfo.roomId).toBe('202');
  });

  it.each([
    ['a guest who is not in house', '511002', '202', {}, 'FOF00040'],
    ['a room occupied by another guest', '511007', '204', {}, 'FOF00024'],
    ['a dirty room', '511007', '205', {}, 'FOF00012'],
    ['a body naming another room than the path', '511007', '202', { roomId: '203' }, 'FOF00025'],
  ])('refuses to move %s', async (_, reservationId, roomId, criteria, code) => {
    const res = await move(reservationId, roomId, criteria);
    expect(res.status).toBe(400);
    expect(res.body['o:errorCode']).toBe(code);
  });

  it('refuses check-in unless the reservation is due in today', async () => {
    expect((await checkIn('511008', '209')).body['o:errorCode']).toBe('FOF00010');
    expect((await checkIn('511013', '209')).body['o:errorCode']).toBe('FOF00010');
    expect((await checkIn('511001')).body['o:errorCode']).toBe('FOF00010');
    expect((await assign('511001', '209')).body['o:errorCode']).toBe('FOF00020');
    expect((await checkIn('999999', '209')).status).toBe(404);
  });
});
