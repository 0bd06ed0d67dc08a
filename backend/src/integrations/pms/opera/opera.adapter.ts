import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { currencyExponent, minorToDecimal } from '../../../lib/money.js';
import { normalizeName } from '../../../lib/names.js';
import type { HttpRequest, HttpResponse } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { readyFirst, refuseRefund, type Folio, type PmsPort, type PostingResult, type Reservation } from '../pms.port.js';
import { createOperaTokenSource } from './opera.auth.js';
import {
  chargeRequest,
  confirmationOf,
  folioFromWire,
  paymentRequest,
  problemReason,
  profileFromWire,
  profileUpdateRequest,
  reservationFromDetail,
  reservationFromInfo,
} from './opera.mapper.js';
import type { OperaConfig } from './opera.provider.js';
import {
  checkInResponse,
  hotelRoomsResponse,
  folioResponse,
  postingResponse,
  problem,
  profileResponse,
  reservationDetailResponse,
  reservationSearchResponse,
  type CheckInRequest,
  type CheckOutRequest,
  type GenerateFolioRequest,
  type MoveInHouseGuestRequest,
  type RoomAssignmentRequest,
} from './opera.wire.js';

/**
 * The PMS port on Oracle OPERA Cloud through OHIP (rsv, csh, crm and fof modules).
 *
 * OPERA has no server-side idempotency: posting the same charge twice books it twice. Every
 * posting therefore carries our idempotency key as `postingReference`, and before posting we read
 * the folio for it. When a post fails without an answer (timeout, 5xx, dropped connection), it may
 * still have been booked, so we read the folio once more before reporting the failure.
 */
type OperaCall = Omit<HttpRequest, 'headers'>;

/** Failures after which we cannot know whether OPERA acted (no answer, 5xx, unreadable answer). */
const isAmbiguous = (error: unknown) =>
  error instanceof AppError && (error.code === 'integration_timeout' || error.code === 'integration_unavailable');

/** The gateway refused the bearer token itself (expired early, revoked): nothing ran. */
const isRefusedToken = (error: unknown) =>
  error instanceof AppError &&
  error.code === 'integration_misconfigured' &&
  (error.options.details as { status?: number } | undefined)?.status === 401;

/** Multi-valued query parameters (`collectionFormat: multi`), which the HTTP client's `query` cannot express. */
function withQuery(path: string, entries: Array<[string, string]>): string {
  return `${path}?${new URLSearchParams(entries).toString()}`;
}

const anyBody = z.unknown();

/** Housekeeping states a guest can be sent up to (Oracle's check-in workflow: Inspected or Clean). */
const READY_ROOM_STATUSES: ReadonlySet<string> = new Set(['Inspected', 'Clean']);
/** More rooms of one type than a hotel offers a single arrival; the desk sees them all on one page. */
const ROOM_SEARCH_LIMIT = 200;

export function createOperaPms(config: OperaConfig, deps: ProviderDeps): PmsPort {
  const http = deps.http({ baseUrl: config.gatewayUrl, provider: 'opera', ratePerSecond: 50, timeoutMs: config.timeoutMs });
  const tokens = createOperaTokenSource(http, config, () => deps.clock.now());
  const hotel = encodeURIComponent(config.hotelId);
  const reservationPath = (module: 'rsv' | 'csh' | 'fof', reservationId: string, rest = '') =>
    `/${module}/v1/hotels/${hotel}/reservations/${encodeURIComponent(reservationId)}${rest}`;
  const postingContext = (reservationId: string) => ({ hotelId: config.hotelId, cashierId: config.cashierId, reservationId });

  async function send(call: OperaCall): Promise<HttpResponse> {
    const attempt = (token: string) =>
      http.request({
        ...call,
        headers: {
          authorization: `Bearer ${token}`,
          'x-app-key': config.appKey,
          'x-hotelid': config.hotelId,
          // Lets Oracle support trace a call we report.
          'x-request-id': randomUUID(),
        },
      });
    const token = await tokens.get();
    try {
      return await attempt(token);
    } catch (error) {
      if (!isRefusedToken(error)) throw error;
      // A refused token is rejected before anything runs, so one retry is safe even for a POST.
      tokens.invalidate(token);
      return attempt(await tokens.get());
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new AppError('integration_unavailable', `OPERA answered (${what}) with a body we cannot read.`, {
        details: { provider: 'opera', issues: parsed.error.issues.slice(0, 5).map((issue) => issue.path.join('.')) },
      });
    }
    return parsed.data;
  }

  /** A vendor refusal: 4xx problem JSON (401/403 never get here: the HTTP client maps them). */
  function refusal(response: HttpResponse, action: string): AppError {
    const body = problem.safeParse(response.body).data;
    const details = { provider: 'opera', status: response.status, errorCode: body?.['o:errorCode'] };
    if (response.status === 404) return new AppError('not_found', `OPERA does not know this reservation or profile (${action}).`, { details });
    if (response.status === 400 || response.status === 409 || response.status === 422) {
      return new AppError('upstream_rejected', `OPERA refused to ${action}: ${problemReason(body)}`, { details });
    }
    return new AppError('integration_misconfigured', `OPERA answered ${response.status} when asked to ${action}; check the gateway URL.`, { details });
  }

  /** A read: null when OPERA has nothing (204, or 404). */
  async function read<T>(schema: z.ZodType<T>, call: OperaCall, what: string): Promise<T | null> {
    const response = await send(call);
    if (response.status === 204 || response.status === 404) return null;
    if (response.status >= 300) throw refusal(response, `read the ${what}`);
    return parse(schema, response.body, what);
  }

  async function write<T>(schema: z.ZodType<T>, call: OperaCall, action: string): Promise<T> {
    const response = await send(call);
    if (response.status >= 300) throw refusal(response, action);
    return parse(schema, response.body, action);
  }

  async function getReservation(reservationId: string): Promise<Reservation> {
    const body = await read(
      reservationDetailResponse,
      { method: 'GET', path: reservationPath('rsv', reservationId), query: { fetchInstructions: 'Reservation' } },
      'reservation',
    );
    const detail = body?.reservations?.reservation?.[0];
    if (!detail) throw new AppError('not_found', 'OPERA has no such reservation.');
    return reservationFromDetail(detail);
  }

  async function getFolio(reservationId: string): Promise<Folio> {
    const body = await read(
      folioResponse,
      { method: 'GET', path: withQuery(reservationPath('csh', reservationId, '/folios'), [['fetchInstructions', 'Postings'], ['fetchInstructions', 'Totalbalance']]) },
      'folio',
    );
    if (!body) throw new AppError('not_found', 'OPERA has no such reservation.');
    return folioFromWire(body, deps.property.currency);
  }

  async function findPosting(reservationId: string, reference: string) {
    return (await getFolio(reservationId)).lines.find((line) => line.reference === reference);
  }

  /** Read-before-post and read-after-ambiguous-failure around one charge or payment. */
  async function postOnce(
    reservationId: string,
    posting: { idempotencyKey: string; amountMinor: number; currency: string },
    call: OperaCall,
    action: string,
  ): Promise<PostingResult> {
    if (!Number.isSafeInteger(posting.amountMinor) || posting.amountMinor <= 0) {
      throw new AppError('validation_failed', 'A posting amount must be a positive whole number of minor units.');
    }
    const folio = await getFolio(reservationId);
    const existing = folio.lines.find((line) => line.reference === posting.idempotencyKey);
    if (existing) return { postingId: existing.id, duplicate: true };
    if (folio.currency !== posting.currency) {
      throw new AppError('validation_failed', `The folio is kept in ${folio.currency}; a ${posting.currency} amount cannot be posted to it.`);
    }
    let body: z.infer<typeof postingResponse>;
    try {
      body = await write(postingResponse, call, action);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const landed = await findPosting(reservationId, posting.idempotencyKey).catch(() => undefined);
      if (landed) return { postingId: landed.id, duplicate: false };
      throw error;
    }
    const postingId = body.postings?.[0]?.transactionNo ?? (await findPosting(reservationId, posting.idempotencyKey))?.id;
    if (!postingId) throw new AppError('integration_unavailable', 'OPERA accepted the posting but does not show it on the folio.');
    return { postingId, duplicate: false };
  }

  /** Runs a state change; if its outcome is unknown, reads the reservation and accepts `done` states. */
  async function changeState(
    reservationId: string,
    run: () => Promise<Reservation>,
    done: (reservation: Reservation) => boolean,
  ): Promise<Reservation> {
    try {
      return await run();
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const after = await getReservation(reservationId).catch(() => undefined);
      if (after && done(after)) return after;
      throw error;
    }
  }

  /** The criteria of a room assignment or move: this reservation into `roomId`, not locked there. */
  const roomCriteria = (reservationId: string, roomId: string): RoomAssignmentRequest['criteria'] => ({
    hotelId: config.hotelId,
    reservationIdList: [{ id: reservationId, type: 'Reservation' }],
    roomId,
    roomNumberLocked: false,
  });

  async function readProfile(profileId: string) {
    if (!profileId) throw new AppError('not_found', 'OPERA lists no guest profile on this reservation.');
    const body = await read(
      profileResponse,
      {
        method: 'GET',
        path: withQuery(`/crm/v1/profiles/${encodeURIComponent(profileId)}`, [
          ['fetchInstructions', 'Profile'],
          ['fetchInstructions', 'Address'],
          ['fetchInstructions', 'Communication'],
        ]),
      },
      'guest profile',
    );
    if (!body) throw new AppError('not_found', 'OPERA has no such guest profile.');
    return body;
  }
  return {
    capabilities: { folioLines: true, checkInRequiresRoom: true, checkOutRequiresZeroBalance: true, refunds: false },

    async healthCheck() {
      // Proves the token, the app key and access to this hotel; 200 or 204 are both fine.
      await read(anyBody, { method: 'GET', path: `/rsv/v1/hotels/${hotel}/reservations`, query: { limit: 1 } }, 'reservation list');
    },

    async findReservation(confirmationNumber, lastName) {
      const confirmation = confirmationNumber.trim().toUpperCase();
      const wanted = normalizeName(lastName);
      if (!confirmation || !wanted) return null;
      // Surname is compared here, not sent as `surname=`: OPERA's name search is a case-insensitive
      // prefix match that does not fold accents ("muller" would not find "Müller").
      const body = await read(
        reservationSearchResponse,
        { method: 'GET', path: `/rsv/v1/hotels/${hotel}/reservations`, query: { confirmationNumberList: confirmation } },
        'reservation search',
      );
      const matches = (body?.reservations?.reservationInfo ?? []).filter(
        (info) =>
          confirmationOf(info)?.toUpperCase() === confirmation && normalizeName(info.reservationGuest?.surname ?? '') === wanted,
      );
      if (matches.length > 1) {
        throw new AppError('ambiguous_lookup', 'More than one reservation matches this confirmation number and name; ask at the front desk.');
      }
      return matches[0] ? reservationFromInfo(matches[0]) : null;
    },

    getReservation,
    getFolio,

    async getGuestProfile(reservationId) {
      const { guest } = await getReservation(reservationId);
      const body = await readProfile(guest.profileId);
      return profileFromWire(guest.profileId, body);
    },

    async updateGuestProfile(reservationId, patch) {
      const { guest } = await getReservation(reservationId);
      const current = await readProfile(guest.profileId);
      const request = profileUpdateRequest(guest.profileId, current, patch);
      const updated = await write(
        profileResponse,
        { method: 'PUT', path: `/crm/v1/profiles/${encodeURIComponent(guest.profileId)}`, json: request },
        "update the guest's profile",
      );
      return profileFromWire(guest.profileId, updated);
    },

    async checkIn(reservationId, room) {
      const current = await getReservation(reservationId);
      const roomId = room ?? current.room;
      if (!roomId) throw new AppError('upstream_rejected', 'OPERA needs a room assigned before check-in, and none is.');
      if (roomId !== current.room) {
        const assignment: RoomAssignmentRequest = { criteria: roomCriteria(reservationId, roomId) };
        await write(anyBody, { method: 'POST', path: reservationPath('fof', reservationId, '/roomAssignments'), json: assignment }, `assign room ${roomId}`);
      }
      const request: CheckInRequest = {
        reservation: { roomId, ignoreWarnings: true, stopCheckin: false, printRegistration: false },
        fetchReservationInstruction: ['ReservationDetail'],
        includeNotifications: true,
      };
      return changeState(
        reservationId,
        async () => {
          const body = await write(checkInResponse, { method: 'POST', path: reservationPath('fof', reservationId, '/checkIns'), json: request }, 'check the guest in');
          const detail = body.reservation?.[0];
          return detail ? reservationFromDetail(detail) : getReservation(reservationId);
        },
        (after) => after.status === 'checked_in' && after.room === roomId,
      );
    },

    async listRooms(reservationId) {
      // OPERA's room search for an assignment: the booked type, free over the stay, in service.
      const body = await read(
        hotelRoomsResponse,
        {
          method: 'GET',
          path: withQuery(`/fof/v1/hotels/${hotel}/rooms`, [
            ['reservationId', reservationId],
            ['hotelFORoomStatus', 'Vacant'],
            ['limit', String(ROOM_SEARCH_LIMIT)],
          ]),
        },
        'room search',
      );
      return readyFirst(
        (body?.hotelRoomsDetails?.room ?? []).map((room) => ({
          room: room.roomId,
          ...(room.roomType?.roomType && { roomType: room.roomType.roomType }),
          ready: READY_ROOM_STATUSES.has(room.housekeeping?.roomStatus?.roomStatus ?? ''),
        })),
      );
    },

    async moveRoom(reservationId, room) {
      const current = await getReservation(reservationId);
      // OPERA refuses it too ("Reservation is NOT In-House"); checked first to say so in our words.
      if (current.status !== 'checked_in') throw new AppError('upstream_rejected', `Only an in-house guest can be moved; this reservation is ${current.status}.`);
      const move: MoveInHouseGuestRequest = { criteria: { ...roomCriteria(reservationId, room), oldRoomStatus: 'Dirty' } };
      return changeState(
        reservationId,
        async () => {
          await write(anyBody, { method: 'PUT', path: reservationPath('fof', reservationId, `/rooms/${encodeURIComponent(room)}/roomMoves`), json: move }, `move the guest to room ${room}`);
          return getReservation(reservationId);
        },
        (after) => after.room === room,
      );
    },

    async checkOut(reservationId) {
      const folio = await getFolio(reservationId);
      if (folio.balanceMinor !== 0) {
        const open = minorToDecimal(folio.balanceMinor, currencyExponent(folio.currency)).toFixed(currencyExponent(folio.currency));
        throw new AppError('upstream_rejected', `OPERA checks a guest out only with a settled folio; ${open} ${folio.currency} is open.`);
      }
      const reservationIdRef = { id: reservationId, type: 'Reservation' as const };
      // Oracle's check-out workflow issues the final folio first, then checks out.
      const generate: GenerateFolioRequest = {
        criteria: {
          hotelId: config.hotelId,
          reservationId: { ...reservationIdRef, idContext: 'OPERA' },
          cashierId: config.cashierId,
          folioWindowNo: 1,
          eventType: 'CheckOut',
          allFolioWindow: false,
          correction: false,
          debitFolio: false,
        },
      };
      const request: CheckOutRequest = {
        reservation: {
          hotelId: config.hotelId,
          reservationIdList: [reservationIdRef],
          cashierId: config.cashierId,
          eventType: 'CheckOut',
          stopCheckout: false,
          autoCheckout: false,
          checkoutInstr: { roomStatus: 'Dirty', ignoreWarnings: true },
        },
        verificationOnly: false,
      };
      return changeState(
        reservationId,
        async () => {
          await write(anyBody, { method: 'POST', path: reservationPath('csh', reservationId, '/folios'), json: generate }, 'issue the final folio');
          await write(anyBody, { method: 'POST', path: reservationPath('csh', reservationId, '/checkOuts'), json: request }, 'check the guest out');
          return getReservation(reservationId);
        },
        (after) => after.status === 'checked_out',
      );
    },

    async postCharge(reservationId, input) {
      const transactionCode = (config.transactionCodes as Record<string, string | undefined>)[input.code];
      if (!transactionCode) {
        throw new AppError('integration_misconfigured', `No OPERA transaction code is configured for charge code "${input.code}".`);
      }
      const body = chargeRequest(postingContext(reservationId), { ...input, transactionCode });
      return postOnce(reservationId, input, { method: 'POST', path: reservationPath('csh', reservationId, '/charges'), json: body }, 'post the charge');
    },

    async postPayment(reservationId, input) {
      // OPERA's payments endpoint takes positive amounts only (CSH00020 on its mock); a refund is a paid-out posting set up per hotel.
      if (input.amountMinor < 0) refuseRefund('OPERA');
      const body = paymentRequest(postingContext(reservationId), { ...input, paymentMethod: config.paymentMethodCode });
      return postOnce(reservationId, input, { method: 'POST', path: reservationPath('csh', reservationId, '/payments'), json: body }, 'post the payment');
    },
  };
}
