import type { FastifyInstance } from 'fastify';
import { badRequest } from '../problems.js';
import {
  checkBodyHotel,
  checkBodyReservationIds,
  isJson,
  optionalString,
  requireObject,
  requireReservation,
  requireString,
} from '../request-input.js';
import { CHECK_IN_READY, type OperaState, type Reservation } from '../state.js';
import { hotelReservation } from '../views.js';

/**
 * Front office module (`/fof/v1`): room assignment and check-in, with the rules of Oracle's
 * check-in workflow: the reservation must be due in today, a room must be assigned, and the room
 * must be vacant and clean (Inspected or Clean).
 */
type ReservationParams = { hotelId: string; reservationId: string };

/** Assigning needs a Reserved reservation and a free, in-service room of the booked type. */
function checkAssignable(state: OperaState, reservation: Reservation, roomId: string, path: string): void {
  const hotel = state.hotelOf(reservation);
  if (reservation.status !== 'Reserved') {
    throw badRequest('FOF00020', `Reservation ${reservation.reservationId} is not in Reserved state.`, path);
  }
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
}

export function registerFofRoutes(app: FastifyInstance, state: OperaState): void {
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
