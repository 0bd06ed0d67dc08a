import type { FastifyInstance } from 'fastify';
import { findReservation, queryInt, queryList } from '../request-input.js';
import type { OperaState } from '../state.js';
import { hotelReservation, reservationInfo } from '../views.js';

/** Reservation module (`/rsv/v1`): search (`getHotelReservations`) and detail (`getReservation`). */
type HotelParams = { hotelId: string };
type ReservationParams = HotelParams & { reservationId: string };

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 200;

/** OPERA name search is case-insensitive and matches from the start of the name [I]. */
const nameMatches = (value: string | undefined, wanted: string | undefined) =>
  wanted === undefined || (value ?? '').toLocaleLowerCase().startsWith(wanted.toLocaleLowerCase());

export function registerRsvRoutes(app: FastifyInstance, state: OperaState): void {
  app.get<{ Params: HotelParams }>('/hotels/:hotelId/reservations', async (request, reply) => {
    const { hotelId } = request.params;
    const confirmations = new Set(queryList(request.query, 'confirmationNumberList').map((c) => c.toUpperCase()));
    const reservationIds = new Set(queryList(request.query, 'reservationIdList'));
    const [surname] = queryList(request.query, 'surname');
    const [givenName] = queryList(request.query, 'givenName');
    const withBalances = queryList(request.query, 'fetchInstructions').includes('RevenuesAndBalances');
    const limit = Math.min(queryInt(request.query, 'limit', DEFAULT_LIMIT), MAX_LIMIT) || DEFAULT_LIMIT;
    const offset = queryInt(request.query, 'offset', 0);

    const matches = [...state.reservations.values()]
      .filter((r) => r.hotelId === hotelId)
      .filter((r) => confirmations.size === 0 || confirmations.has(r.confirmationNumber.toUpperCase()))
      .filter((r) => reservationIds.size === 0 || reservationIds.has(r.reservationId))
      .filter((r) => {
        const profile = state.profileOf(r);
        return nameMatches(profile.surname, surname) && nameMatches(profile.givenName, givenName);
      })
      .sort((a, b) => a.arrivalDate.localeCompare(b.arrivalDate) || a.reservationId.localeCompare(b.reservationId));

    // The spec's answer to "nothing matched" is 204 No Content.
    if (matches.length === 0) return reply.code(204).send();
    const page = matches.slice(offset, offset + limit);
    return {
      reservations: {
        reservationInfo: page.map((r) => reservationInfo(state, r, withBalances)),
        totalPages: Math.ceil(matches.length / limit),
        offset,
        limit,
        hasMore: offset + page.length < matches.length,
        totalResults: matches.length,
        count: page.length,
      },
      links: [],
      warnings: [],
    };
  });

  app.get<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId', async (request, reply) => {
    const reservation = findReservation(state, request.params.hotelId, request.params.reservationId);
    if (!reservation) return reply.code(204).send();
    return {
      reservations: { reservation: [hotelReservation(state, reservation)], hasMore: false, totalResults: 1, count: 1 },
      links: [],
      warnings: [],
    };
  });
}
