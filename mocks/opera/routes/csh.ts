import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequest } from '../problems.js';
import {
  asList,
  checkBodyHotel,
  checkBodyReservationIds,
  findReservation,
  isJson,
  optionalBoolean,
  optionalInt,
  optionalString,
  queryList,
  requireAmountMinor,
  requireObject,
  requireReservation,
  requireString,
} from '../request-input.js';
import {
  PAYMENT_METHODS,
  TRANSACTION_CODES,
  type HousekeepingStatus,
  type OperaState,
  type Posting,
  type Reservation,
} from '../state.js';
import { folioView, money, postingView, trxCodeInfo, windowNumbers, type FolioInstruction } from '../views.js';

/**
 * Cashiering module (`/csh/v1`): folio read, charges, payments, folio generation and check-out.
 * OPERA has no server-side idempotency: posting the same `postingReference` twice books twice.
 */
type ReservationParams = { hotelId: string; reservationId: string };

/** OPERA supports folio windows 1-8 per reservation. */
const MAX_WINDOW = 8;
const FOLIO_INSTRUCTIONS: ReadonlySet<string> = new Set<FolioInstruction>(['Postings', 'Transactioncodes', 'Payee', 'Reservation']);
const HOUSEKEEPING: ReadonlySet<string> = new Set<HousekeepingStatus>(['Clean', 'Dirty', 'Pickup', 'Inspected', 'OutOfOrder', 'OutOfService']);

/** Postings need an in-house guest: pre-stay and post-stay charging are off in the demo hotels. */
function requirePostable(state: OperaState, reservation: Reservation): void {
  if (reservation.status !== 'InHouse') {
    throw badRequest(
      'CSH00030',
      `Postings are not allowed on reservation ${reservation.reservationId} in status ${state.computedStatus(reservation)}; the guest must be checked in.`,
      'criteria.reservationId',
    );
  }
}

function postingLocation(reply: FastifyReply, hotelId: string, reservationId: string): void {
  reply.header('location', `/csh/v1/hotels/${hotelId}/reservations/${reservationId}/folios`);
}

export function registerCshRoutes(app: FastifyInstance, state: OperaState): void {
  app.get<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/folios', async (request, reply) => {
    const reservation = findReservation(state, request.params.hotelId, request.params.reservationId);
    if (!reservation) return reply.code(204).send();
    const instructions = new Set(
      queryList(request.query, 'fetchInstructions').filter((i): i is FolioInstruction => FOLIO_INSTRUCTIONS.has(i)),
    );
    const requested = queryList(request.query, 'folioWindowNo').map(Number);
    if (requested.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_WINDOW)) {
      throw badRequest('CSH00010', `folioWindowNo must be an integer from 1 to ${MAX_WINDOW}.`, 'folioWindowNo');
    }
    const windows = requested.length > 0 ? [...new Set(requested)].sort((a, b) => a - b) : windowNumbers(reservation);
    return folioView(state, reservation, windows, instructions);
  });

  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/charges', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const hotel = state.hotelOf(reservation);
    const criteria = requireObject(isJson(request.body) ? request.body.criteria : undefined, 'criteria');
    checkBodyHotel(criteria.hotelId, hotelId, 'criteria.hotelId');
    checkBodyReservationIds(criteria.reservationId, reservationId, 'criteria.reservationId');
    const criteriaCashierId = typeof criteria.cashierId === 'number' ? criteria.cashierId : 0;
    const charges = asList(criteria.charges);
    if (charges.length === 0) throw badRequest('CSH00011', 'criteria.charges must hold at least one charge.', 'criteria.charges');
    // Validate every charge before booking any, so a bad second charge leaves nothing half-posted.
    const planned = charges.map((entry, i) => {
      const path = `criteria.charges[${i}]`;
      const charge = requireObject(entry, path);
      const code = requireString(charge.transactionCode, `${path}.transactionCode`, 80);
      const trx = TRANSACTION_CODES[code];
      if (!trx || trx.type !== 'Revenue') {
        throw badRequest('CSH00012', `Transaction code ${code} is not a revenue code of hotel ${hotelId}.`, `${path}.transactionCode`);
      }
      const priceMinor = requireAmountMinor(charge.price, `${path}.price`, hotel.currency);
      const quantity = optionalInt(charge.postingQuantity, `${path}.postingQuantity`, 1, 999) ?? 1;
      return {
        transactionCode: code,
        description: trx.description,
        type: 'Revenue' as const,
        priceMinor,
        quantity,
        amountMinor: priceMinor * quantity,
        windowNo: optionalInt(charge.folioWindowNo, `${path}.folioWindowNo`, 1, MAX_WINDOW) ?? 1,
        reference: optionalString(charge.postingReference, `${path}.postingReference`),
        remark: optionalString(charge.postingRemark, `${path}.postingRemark`),
        cashierId: typeof charge.cashierId === 'number' ? charge.cashierId : criteriaCashierId,
      };
    });
    requirePostable(state, reservation);
    const today = state.businessDate(hotel);
    const posted: Posting[] = planned.map((p) =>
      state.addPosting(reservation, { ...p, transactionDate: today, postingDate: today, postedAt: state.now() }),
    );
    postingLocation(reply, hotelId, reservationId);
    return reply.code(201).send({
      postings: posted.map((p) => postingView(p, hotel.currency)),
      trxCodesInfo: [...new Set(posted.map((p) => p.transactionCode))].map((code) => trxCodeInfo(hotelId, code)),
      links: [],
      warnings: [],
    });
  });

  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/payments', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const hotel = state.hotelOf(reservation);
    const criteria = requireObject(isJson(request.body) ? request.body.criteria : undefined, 'criteria');
    checkBodyHotel(criteria.hotelId, hotelId, 'criteria.hotelId');
    checkBodyReservationIds(criteria.reservationId, reservationId, 'criteria.reservationId');
    const method = requireString(requireObject(criteria.paymentMethod, 'criteria.paymentMethod').paymentMethod, 'criteria.paymentMethod.paymentMethod', 20);
    const transactionCode = PAYMENT_METHODS[method];
    if (!transactionCode) {
      throw badRequest('CSH00013', `Payment method ${method} is not configured for hotel ${hotelId}.`, 'criteria.paymentMethod.paymentMethod');
    }
    const amountMinor = requireAmountMinor(criteria.postingAmount, 'criteria.postingAmount', hotel.currency);
    const windowNo = optionalInt(criteria.folioWindowNo, 'criteria.folioWindowNo', 1, MAX_WINDOW) ?? 1;
    const reference = optionalString(criteria.postingReference, 'criteria.postingReference');
    const remark = optionalString(criteria.postingRemark, 'criteria.postingRemark');
    requirePostable(state, reservation);
    const today = state.businessDate(hotel);
    const posting = state.addPosting(reservation, {
      transactionCode,
      description: TRANSACTION_CODES[transactionCode]?.description ?? method,
      type: 'Payment',
      amountMinor,
      priceMinor: amountMinor,
      quantity: 1,
      windowNo,
      transactionDate: today,
      postingDate: today,
      postedAt: state.now(),
      cashierId: typeof criteria.cashierId === 'number' ? criteria.cashierId : 0,
      ...(reference ? { reference } : {}),
      ...(remark ? { remark } : {}),
    });
    postingLocation(reply, hotelId, reservationId);
    return reply.code(201).send({
      postings: [postingView(posting, hotel.currency)],
      trxCodesInfo: [trxCodeInfo(hotelId, transactionCode)],
      links: [],
      warnings: [],
    });
  });

  // generateFolio: Oracle's check-out workflow issues the final folio before `checkOuts`.
  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/folios', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const hotel = state.hotelOf(reservation);
    const criteria = requireObject(isJson(request.body) ? request.body.criteria : undefined, 'criteria');
    checkBodyHotel(criteria.hotelId, hotelId, 'criteria.hotelId');
    checkBodyReservationIds(criteria.reservationId, reservationId, 'criteria.reservationId');
    if (reservation.status !== 'InHouse' && reservation.status !== 'CheckedOut') {
      throw badRequest('CSH00040', `Reservation ${reservationId} has no folio to generate: it is not checked in.`, 'criteria.reservationId');
    }
    const allWindows = optionalBoolean(criteria.allFolioWindow, 'criteria.allFolioWindow') ?? false;
    const windowNo = optionalInt(criteria.folioWindowNo, 'criteria.folioWindowNo', 1, MAX_WINDOW) ?? 1;
    const windows = allWindows ? windowNumbers(reservation) : [windowNo];
    for (const w of windows) reservation.folioNumbers.set(w, reservation.folioNumbers.get(w) ?? state.nextFolioNo());
    return reply.code(201).send({
      folioWindows: windows.map((w) => ({
        folioWindowNo: w,
        balance: money(state.balanceMinor(reservation, w), hotel.currency),
        folios: [{ folioNo: reservation.folioNumbers.get(w), folioStatus: 'Ok', folioAmount: money(state.balanceMinor(reservation, w), hotel.currency) }],
      })),
      links: [],
      warnings: [],
    });
  });

  app.post<{ Params: ReservationParams }>('/hotels/:hotelId/reservations/:reservationId/checkOuts', async (request, reply) => {
    const { hotelId, reservationId } = request.params;
    const reservation = requireReservation(state, hotelId, reservationId);
    const hotel = state.hotelOf(reservation);
    const body = requireObject(request.body, 'body');
    const details = requireObject(body.reservation, 'reservation');
    checkBodyHotel(details.hotelId, hotelId, 'reservation.hotelId');
    checkBodyReservationIds(details.reservationIdList, reservationId, 'reservation.reservationIdList');
    const verificationOnly = optionalBoolean(body.verificationOnly, 'verificationOnly') ?? false;
    const instructions = isJson(details.checkoutInstr) ? details.checkoutInstr : {};
    const roomStatus = optionalString(instructions.roomStatus, 'reservation.checkoutInstr.roomStatus', 20) ?? 'Dirty';
    if (!HOUSEKEEPING.has(roomStatus)) throw badRequest('CSH00041', `Unknown room status ${roomStatus}.`, 'reservation.checkoutInstr.roomStatus');

    if (reservation.status !== 'InHouse') {
      throw badRequest('CSH00043', `Reservation ${reservationId} cannot be checked out from status ${state.computedStatus(reservation)}.`, 'reservation');
    }
    const balance = state.balanceMinor(reservation);
    if (balance !== 0) {
      throw badRequest('CSH00042', `Folio balance must be zero before check out (balance ${(balance / 100).toFixed(2)} ${hotel.currency}).`, 'reservation');
    }
    const today = state.businessDate(hotel);
    const warnings = reservation.departureDate > today ? [{ code: 'EARLY_DEPARTURE', shortText: `Departure moved from ${reservation.departureDate} to ${today}.` }] : [];
    if (!verificationOnly) {
      reservation.status = 'CheckedOut';
      if (reservation.departureDate > today) reservation.departureDate = today;
      const room = reservation.roomId ? hotel.rooms.get(reservation.roomId) : undefined;
      if (room) room.housekeeping = roomStatus as HousekeepingStatus;
      for (const w of windowNumbers(reservation)) reservation.folioNumbers.set(w, reservation.folioNumbers.get(w) ?? state.nextFolioNo());
    }
    return reply.code(201).send({ links: [], warnings });
  });
}
