import type { FastifyInstance } from 'fastify';
import { badRequest } from '../problems.js';
import {
  checkBodyHotel,
  checkBodyReservationIds,
  isJson,
  optionalString,
  queryInt,
  queryList,
  requireObject,
  requireReservation,
  requireString,
} from '../request-input.js';
import { CHECK_IN_READY, type HousekeepingStatus, type OperaState, type Reservation, type Room } from '../state.js';
import { hotelReservation } from '../views.js';

/**
 * Front office module (`/fof/v1`): room assignment, check-in and moving an in-house guest, with the
 * rules of Oracle's check-in workflow: the reservation must be due in today, a room must be
 * assigned, and the room must be vacant and clean (Inspected or Clean).
 */
type ReservationParams = { hotelId: string; reservationId: string };

const ROOM_STATUSES: readonly HousekeepingStatus[] = ['Clean', 'Dirty', 'Pickup', 'Inspected', 'OutOfOrder', 'OutOfService'];
const OUT_OF_INVENTORY: ReadonlySet<HousekeepingStatus> = new Set(['OutOfOrder', 'OutOfService']);
const ROOMS_DEFAULT_LIMIT = 20;
const ROOMS_MAX_LIMIT = 200;

/** A `hotelRoomType` entry of getHotelRooms: the room, its type and its housekeeping and front office status. */
function hotelRoom(room: Room, frontOfficeStatus: 'Vacant' | 'Occupied') {
  return {
    roomId: room.roomId,
    roomType: { roomType: room.roomType, houseKeeping: true, pseudo: false, meetingRoom: false },
    housekeeping: { roomStatus: { roomStatus: room.housekeeping, frontOfficeStatus, housekeepingStatus: frontOfficeStatus } },
  };
}

/** Assigning needs a Reserved reservation and a free, in-service room of the booked type. */
function checkAssignable(state: OperaState, reservation: Reservation, roomId: string, path: string): void {
  if (reservation.status !== 'Reserved') {
    throw badRequest('FOF00020', `Reservation ${reservation.reservationId} is not in Reserved state.`, path);
  }
  checkRoomFree(state, reservation, roomId, path);
}

/** A room the reservation can hold: it exists, is of the booked type, in service and nobody else's. */
function checkRoomFree(state: OperaState, reservation: Reservation, roomId: string, path: string): Room {
  const hotel = state.hotelOf(reservation);
  const room = hotel.rooms.get(roomId);
  if (!room) throw badRequest('FOF00021', `Room ${roomId} does not exist in hotel ${hotel.hotelId}.`, path);
  if (room.roomType !== reservation.roomType) {
    throw badRequest('FOF00022', `Room ${roomId} is a ${room.roomType}; the reservation is for ${reservation.roomType}.`, path);
  }
  if (room.housekeeping === 'OutOfOrder' || room.housekeeping === 'OutOfService') {
    throw badRequest('FOF00023', `Room ${roomId} is ${room.housekeeping}.`, path);
  }
  if (state.roomTaken(room, hotel.hotelId, reservation)) {
    throw badRequest('FOF00024', `Room ${roomId} is occupied or assigned to another reservation.`, path);
  }
  return room;
}

export function registerFofRoutes(app: FastifyInstance, state: OperaState): void {
  /**
   * getHotelRooms: the hotel's rooms, filtered by housekeeping status (`hotelRoomStatus`), front
   * office status (`hotelFORoomStatus`) and room type; with `reservationId`, the rooms suggested
   * for assigning to it: its booked type, free over its dates, in service.
   */
  app.get<{ Params: { hotelId: string } }>('/hotels/:hotelId/rooms', async (request, reply) => {
    const { hotelId } = request.params;
    const hotel = state.hotels.get(hotelId);
    if (!hotel) throw badRequest('FOF00030', `Hotel ${hotelId} does not exist.`, 'hotelId');
    const statuses = queryList(request.query, 'hotelRoomStatus');
    const unknown = statuses.find((status) => !ROOM_STATUSES.includes(status as HousekeepingStatus));
    if (unknown) throw badRequest('GEN00012', `hotelRoomStatus ${unknown} is not one of ${ROOM_STATUSES.join(', ')}.`, 'hotelRoomStatus');
    const frontOffice = queryList(request.query, 'hotelFORoomStatus');
    const badFrontOffice = frontOffice.find((status) => status !== 'Vacant' && status !== 'Occupied');
    if (badFrontOffice) throw badRequest('GEN00012', `hotelFORoomStatus ${badFrontOffice} is not Vacant or Occupied.`, 'hotelFORoomStatus');
    const types = queryList(request.query, 'roomType');
    const [reservationId] = queryList(request.query, 'reservationId');
    const reservation = reservationId === undefined ? undefined : requireReservation(state, hotelId, reservationId);
    const limit = Math.min(queryInt(request.query, 'limit', ROOMS_DEFAULT_LIMIT), ROOMS_MAX_LIMIT) || ROOMS_DEFAULT_LIMIT;
    const offset = queryInt(request.query, 'offset', 0);

    const occupied = new Set([...state.reservations.values()].filter((r) => r.hotelId === hotelId && r.status === 'InHouse').map((r) => r.roomId));
    const matches = [...hotel.rooms.values()]
      .map((room) => ({ room, frontOffice: occupied.has(room.roomId) ? ('Occupied' as const) : ('Vacant' as const) }))
      .filter(({ room }) => statuses.length === 0 || statuses.includes(room.housekeeping))
      .filter(({ frontOffice: status }) => frontOffice.length === 0 || frontOffice.includes(status))
      .filter(({ room }) => types.length === 0 || types.includes(room.roomType))
      .filter(({ room }) =>
        !reservation || (room.roomType === reservation.roomType && !OUT_OF_INVENTORY.has(room.housekeeping) && !state.roomTaken(room, hotelId, reservation)),
      )
      .sort((a, b) => a.room.roomId.localeCompare(b.room.roomId, 'en', { numeric: true }));
    const page = matches.slice(offset, offset + limit);
    return reply.send({
      hotelRoomsDetails: { room: page.map(({ room, frontOffice: status }) => hotelRoom(room, status)) },
      count: page.length,
      hasMore: offset + page.length < matches.length,
      totalResults: matches.length,
      limit,
      offset,
      links: [],
    });
  });

  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/roomAssignments', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const criteria = requireObject(isJson(request.body) ? request.body.criteria : undefined, 'criteria');
    checkBodyHotel(criteria.hotelId, hotelId, 'criteria.hotelId');
    checkBodyReservationIds(criteria.reservationIdList, reservationId, 'criteria.reservationIdList');
    const roomId = requireString(criteria.roomId, 'criteria.roomId', 20);
    checkAssignable(state, reservation, roomId, 'criteria.roomId');
    reservation.roomId = roomId;
    return reply.code(201).send({ links: [], warnings: [] });
  });

  /**
   * moveInHouseGuest: an in-house guest to the path's room (which `criteria.roomId`, when sent,
   * must repeat): free, in service, of the booked type, and clean enough to walk into unless
   * `overrideInstructions.dirtyRoom`. The room left gets `oldRoomStatus` (Dirty when not sent).
   */
  app.put<{ Params: ReservationParams & { roomId: string } }>('/hotels/:hotelId/reservations/:reservationId/rooms/:roomId/roomMoves', async (request, reply) => {
    const { hotelId, reservationId, roomId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const criteria = requireObject(isJson(request.body) ? request.body.criteria : undefined, 'criteria');
    checkBodyHotel(criteria.hotelId, hotelId, 'criteria.hotelId');
    checkBodyReservationIds(criteria.reservationIdList, reservationId, 'criteria.reservationIdList');
    const named = optionalString(criteria.roomId, 'criteria.roomId', 20);
    if (named !== undefined && named !== roomId) throw badRequest('FOF00025', `criteria.roomId ${named} is not the room ${roomId} of the path.`, 'criteria.roomId');
    const oldRoomStatus = optionalString(criteria.oldRoomStatus, 'criteria.oldRoomStatus', 20) ?? 'Dirty';
    if (!ROOM_STATUSES.includes(oldRoomStatus as HousekeepingStatus)) {
      throw badRequest('GEN00012', `oldRoomStatus ${oldRoomStatus} is not one of ${ROOM_STATUSES.join(', ')}.`, 'criteria.oldRoomStatus');
    }
    const status = state.computedStatus(reservation);
    if (status !== 'InHouse' && status !== 'DueOut') {
      throw badRequest('FOF00040', `Reservation ${reservationId} is NOT In-House; it is ${status}.`, 'reservationId');
    }
    const room = checkRoomFree(state, reservation, roomId, 'roomId');
    const dirtyAllowed = isJson(criteria.overrideInstructions) && criteria.overrideInstructions.dirtyRoom === true;
    if (!CHECK_IN_READY.has(room.housekeeping) && !dirtyAllowed) {
      throw badRequest('FOF00012', `Room ${roomId} is ${room.housekeeping}; it must be Inspected or Clean.`, 'roomId');
    }
    const left = reservation.roomId === null ? undefined : state.hotelOf(reservation).rooms.get(reservation.roomId);
    if (left) left.housekeeping = oldRoomStatus as HousekeepingStatus;
    reservation.roomId = roomId;
    return reply.send({ links: [], warnings: [] });
  });

  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/checkIns', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const details = requireObject(isJson(request.body) ? request.body.reservation : undefined, 'reservation');
    const requestedRoom = optionalString(details.roomId, 'reservation.roomId', 20);

    const status = state.computedStatus(reservation);
    if (status !== 'DueIn') {
      throw badRequest('FOF00010', `Reservation ${reservationId} is ${status}; only a DueIn reservation can be checked in.`, 'reservation');
    }
    // postCheckIn may pick the room itself ("an option to select an available room").
    const roomId = requestedRoom ?? reservation.roomId;
    if (!roomId) {
      throw badRequest('FOF00011', `Reservation ${reservationId} has no room assigned; assign one before check-in.`, 'reservation.roomId');
    }
    if (roomId !== reservation.roomId) checkAssignable(state, reservation, roomId, 'reservation.roomId');
    const room = state.hotelOf(reservation).rooms.get(roomId);
    if (!room || !CHECK_IN_READY.has(room.housekeeping)) {
      throw badRequest('FOF00012', `Room ${roomId} is ${room?.housekeeping ?? 'unknown'}; it must be Inspected or Clean.`, 'reservation.roomId');
    }
    reservation.roomId = roomId;
    reservation.status = 'InHouse';
    return reply.code(201).send({ reservation: [hotelReservation(state, reservation)], links: [], warnings: [] });
  });
}
