import { AppError } from '../../../lib/errors.js';
import { currencyExponent, decimalToMinor } from '../../../lib/money.js';
import { normalizeName } from '../../../lib/names.js';
import type { HttpRequest } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { readyFirst, refuseRefund, type Folio, type GuestProfile, type PmsPort, type PostingResult, type Reservation } from '../pms.port.js';
import { toForm, type FormInput } from './cloudbeds.form.js';
import {
  mainGuestOf,
  toDecimalString,
  toFolio,
  toGuestProfile,
  toPutGuestFields,
  toReservation,
  toReservationStatus,
  withReference,
} from './cloudbeds.mapper.js';
import type { CloudbedsConfig } from './cloudbeds.provider.js';
import type {
  AccountingFilter,
  AccountingFolioTransaction,
  AccountingFolioTransactionsResponse,
  AccountingTransactionSearchResponse,
  CloudbedsFailure,
  CloudbedsGetGuestResponse,
  CloudbedsGetPaymentMethodsResponse,
  CloudbedsGetReservationResponse,
  CloudbedsGetRoomsUnassignedResponse,
  CloudbedsPostCustomItemResponse,
  CloudbedsPostPaymentResponse,
  CloudbedsPutReservationResponse,
  CloudbedsReservation,
} from './cloudbeds.wire.js';

// Cloudbeds allows property API keys 5 calls per second and may suspend a key that goes over
// rather than answer 429, so we stay under it on our side.
const RATE_PER_SECOND = 5;
// The largest page /folios/transactions serves.
const FOLIO_PAGE_LIMIT = 1100;
// 20 pages of 1100 lines is far beyond any stay; more means a paging loop, not a folio.
const MAX_FOLIO_PAGES = 20;
// sourceIds never change; remembering them saves a search per folio read. Bounded so a
// long-running process does not grow without limit.
const SOURCE_ID_CACHE_SIZE = 2_000;
// Cloudbeds reservation ids are short alphanumerics; anything else is not worth a call.
const RESERVATION_ID = /^[A-Za-z0-9-]{1,40}$/;

/** The Accounting API lives beside v1.3 on the same host: …/api/v1.3 -> …/accounting/v1.0. */
export function defaultAccountingBaseUrl(apiBaseUrl: string): string {
  const trimmed = apiBaseUrl.replace(/\/+$/, '');
  return /\/api\/v\d+(\.\d+)?$/.test(trimmed)
    ? trimmed.replace(/\/api\/v\d+(\.\d+)?$/, '/accounting/v1.0')
    : `${new URL(trimmed).origin}/accounting/v1.0`;
}

function localDate(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The Cloudbeds PMS adapter: PMS API v1.3 (form bodies, `x-api-key`) for reservations, guests,
 * status changes and postings; Accounting API v1.0 (JSON, bearer + `X-Property-ID`) for folio
 * lines. Every call goes through the shared HTTP client, so timeouts, retries of idempotent calls
 * and the circuit breaker are not repeated here.
 */
export function createCloudbedsPms(config: CloudbedsConfig, deps: ProviderDeps): PmsPort {
  const api = deps.http({ baseUrl: config.apiBaseUrl, provider: 'cloudbeds', ratePerSecond: RATE_PER_SECOND, timeoutMs: config.timeoutMs });
  const accounting = deps.http({
    baseUrl: config.accountingBaseUrl ?? defaultAccountingBaseUrl(config.apiBaseUrl),
    provider: 'cloudbeds',
    ratePerSecond: RATE_PER_SECOND,
    timeoutMs: config.timeoutMs,
  });
  const currency = deps.property.currency;
  const scale = currencyExponent(currency);
  const sourceIds = new Map<string, number>();

  /** A v1.3 call; refusals come back as 4xx or as HTTP 200 with `success: false`. */
  async function v1<T>(request: HttpRequest): Promise<T> {
    const response = await api.request<T | CloudbedsFailure>({
      ...request,
      headers: { 'x-api-key': config.apiKey },
    });
    const body = response.body;
    const failed = !isObject(body) || body.success === false || response.status >= 300;
    if (!failed) return body as T;
    const message = isObject(body) && typeof body.message === 'string' ? body.message : '';
    const details = { provider: 'cloudbeds', method: request.path.slice(1), status: response.status };
    if (response.status < 300 && !isObject(body)) {
      throw new AppError('integration_unavailable', `Cloudbeds ${request.path} sent an unreadable answer.`, { details });
    }
    // The v1.3 spec declares only HTTP 200, a failure being `success: false` with a message, so
    // "not found" is read from the message; a 404 is taken the same way should Cloudbeds send one.
    if (response.status === 404 || /not found/i.test(message)) {
      throw new AppError('not_found', `Cloudbeds: ${message || 'not found'}.`, { details });
    }
    throw new AppError('upstream_rejected', `Cloudbeds refused the request: ${message || `HTTP ${response.status}`}.`, { details });
  }

  /**
   * A v1.3 GET naming our property the way the method declares it: `propertyID` for most,
   * `propertyIDs` (a comma-separated list) for getRoomsUnassigned, which takes no `propertyID`.
   */
  const get = <T>(path: string, query: Record<string, string>, propertyParameter: 'propertyID' | 'propertyIDs' = 'propertyID') =>
    v1<T>({ method: 'GET', path, query: { [propertyParameter]: config.propertyId, ...query } });

  const write = <T>(method: 'POST' | 'PUT', path: string, fields: Record<string, FormInput>, idempotent = false) =>
    v1<T>({ method, path, form: toForm({ propertyID: config.propertyId, ...fields }), idempotent });

  /** An Accounting API search or listing (a read, so safe to retry); null when it answers 404. */
  async function accountingRead<T>(path: string, body: unknown): Promise<T | null> {
    const response = await accounting.request<T>({
      method: 'POST',
      path,
      json: body,
      idempotent: true,
      headers: { authorization: `Bearer ${config.apiKey}`, 'x-property-id': config.propertyId },
    });
    if (response.status === 404) return null;
    if (response.status >= 300 || !isObject(response.body)) {
      const errorCode = isObject(response.body) ? response.body.errorCode : undefined;
      throw new AppError('integration_unavailable', `The Cloudbeds Accounting API refused ${path} (HTTP ${response.status}).`, {
        details: { provider: 'cloudbeds', status: response.status, errorCode },
      });
    }
    return response.body;
  }

  async function reservationData(reservationId: string): Promise<CloudbedsReservation> {
    return (await get<CloudbedsGetReservationResponse>('/getReservation', { reservationID: reservationId })).data;
  }

  function mainGuestId(data: CloudbedsReservation): string {
    const guest = mainGuestOf(data);
    if (!guest) throw new AppError('not_found', `Cloudbeds has no guest on reservation ${data.reservationID}.`);
    return guest.guestID;
  }

  async function guestProfile(guestID: string): Promise<GuestProfile> {
    return toGuestProfile(guestID, (await get<CloudbedsGetGuestResponse>('/getGuest', { guestID })).data);
  }

  /**
   * The integer `sourceId` the Accounting API addresses a reservation by. v1.3 never shows it, but
   * every transaction carries it next to the public reservationID (`sourceIdentifier`). Room
   * nights not yet audited sit in pending-transactions only, hence the second search.
   */
  async function sourceIdOf(reservationId: string): Promise<number | null> {
    const cached = sourceIds.get(reservationId);
    if (cached !== undefined) return cached;
    const filters: AccountingFilter = {
      and: [
        { field: 'source_kind', operator: 'equals', value: 'RESERVATION' },
        { field: 'source_identifier', operator: 'equals', value: reservationId },
      ],
    };
    for (const path of ['/transactions', '/pending-transactions']) {
      const found = await accountingRead<AccountingTransactionSearchResponse>(path, { filters, limit: 1 });
      const sourceId = found?.transactions?.[0]?.sourceId;
      if (sourceId === undefined) continue;
      const parsed = Number(sourceId);
      // The id goes back as a JSON number; past 2^53 it would silently name another source.
      if (!Number.isSafeInteger(parsed)) {
        throw new AppError('integration_unavailable', 'Cloudbeds sent a folio source id this adapter cannot represent.');
      }
      if (sourceIds.size >= SOURCE_ID_CACHE_SIZE) sourceIds.clear();
      sourceIds.set(reservationId, parsed);
      return parsed;
    }
    return null;
  }

  async function folioTransactions(sourceId: number): Promise<AccountingFolioTransaction[]> {
    const transactions: AccountingFolioTransaction[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_FOLIO_PAGES; page += 1) {
      const body = await accountingRead<AccountingFolioTransactionsResponse>('/folios/transactions', {
        sourceKind: 'RESERVATION',
        sourceId,
        limit: FOLIO_PAGE_LIMIT,
        ...(pageToken ? { pageToken } : {}),
      });
      for (const group of Object.values(body?.groups ?? {})) transactions.push(...(group.transactions ?? []));
      pageToken = body?.nextPageToken;
      if (!pageToken) return transactions;
    }
    throw new AppError('integration_unavailable', `The Cloudbeds folio kept paging past ${MAX_FOLIO_PAGES} pages.`);
  }

  async function folio(reservationId: string): Promise<Folio> {
    const sourceId = await sourceIdOf(reservationId);
    if (sourceId === null) {
      // Nothing in Accounting (no postings yet, or Accounting not enabled): the v1.3 balance is
      // all Cloudbeds can tell us, and it also answers not_found for an unknown reservation.
      const data = await reservationData(reservationId);
      return { currency, lines: [], balanceMinor: decimalToMinor(data.balance ?? 0, scale), complete: false };
    }
    return toFolio(await folioTransactions(sourceId), currency);
  }

  function assertCurrency(asked: string): void {
    if (asked.toUpperCase() !== currency.toUpperCase()) {
      throw new AppError('bad_request', `This Cloudbeds property books in ${currency}, not ${asked}.`);
    }
  }

  async function setStatus(reservationId: string, status: 'checked_in' | 'checked_out'): Promise<Reservation> {
    const updated = await write<CloudbedsPutReservationResponse>('PUT', '/putReservation', { reservationID: reservationId, status });
    return toReservation(updated.data ?? (await reservationData(reservationId)));
  }

  /** Gives the reservation's (first) room a free room by name: its assignment at check-in, a move once in house. */
  async function assignRoom(current: CloudbedsReservation, room: string): Promise<void> {
    const stay = current.assigned?.[0] ?? current.unassigned?.[0];
    const free = await get<CloudbedsGetRoomsUnassignedResponse>('/getRoomsUnassigned', {}, 'propertyIDs');
    const target = free.data.flatMap((entry) => entry.rooms ?? []).find((candidate) => candidate.roomName === room);
    if (!target) throw new AppError('upstream_rejected', `Room ${room} is not free at this Cloudbeds property.`);
    // roomTypeID is the booked type: Cloudbeds then refuses a room of another type instead of re-rating the stay.
    await write('POST', '/postRoomAssign', {
      reservationID: current.reservationID,
      subReservationID: stay?.subReservationID,
      newRoomID: target.roomID,
      roomTypeID: stay?.roomTypeID,
      oldRoomID: current.assigned?.[0]?.roomID,
    });
  }

  return {
    capabilities: { folioLines: true, checkInRequiresRoom: true, checkOutRequiresZeroBalance: false, refunds: false },

    async healthCheck() {
      let methods: CloudbedsGetPaymentMethodsResponse;
      try {
        methods = await get<CloudbedsGetPaymentMethodsResponse>('/getPaymentMethods', {});
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') {
          throw new AppError('integration_misconfigured', 'The Cloudbeds API base URL does not serve API v1.3 methods.', { cause: error });
        }
        throw error;
      }
      if (!(methods.data.methods ?? []).some((method) => method.method === config.paymentType || method.code === config.paymentType)) {
        throw new AppError(
          'integration_misconfigured',
          `Cloudbeds has no payment method "${config.paymentType}"; create it with postCustomPaymentMethod or change paymentType.`,
        );
      }
      // Proves the key also opens the Accounting API the folio comes from.
      await accountingRead('/transactions', {
        filters: { field: 'service_date', operator: 'equals', value: localDate(deps.property.timeZone, deps.clock.now()) },
        limit: 1,
      });
    },

    async findReservation(confirmationNumber, lastName) {
      // Cloudbeds prints reservation ids in upper case; guests type them however they like.
      const reservationId = confirmationNumber.trim().toUpperCase();
      const wanted = normalizeName(lastName);
      if (!RESERVATION_ID.test(reservationId) || wanted === '') return null;
      let data: CloudbedsReservation;
      try {
        data = await reservationData(reservationId);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      }
      // Only the booker's name opens the stay: a companion's would show the booker's contact details.
      const guest = mainGuestOf(data);
      if (!guest || normalizeName(guest.guestLastName ?? '') !== wanted) return null;
      return toReservation(data);
    },

    async getReservation(reservationId) {
      return toReservation(await reservationData(reservationId));
    },

    getFolio: folio,

    async getGuestProfile(reservationId) {
      return guestProfile(mainGuestId(await reservationData(reservationId)));
    },

    async updateGuestProfile(reservationId, patch) {
      const guestID = mainGuestId(await reservationData(reservationId));
      const fields = toPutGuestFields(patch);
      // putGuest refuses a call without fields; an empty patch changes nothing anyway.
      if (Object.keys(fields).length > 0) await write('PUT', '/putGuest', { guestID, ...fields });
      return guestProfile(guestID);
    },

    async checkIn(reservationId, room) {
      const current = await reservationData(reservationId);
      // Checked before any room move, so a repeated check-in cannot reshuffle an in-house guest.
      if (toReservationStatus(current.status) !== 'reserved') {
        throw new AppError('upstream_rejected', `Cloudbeds reservation ${reservationId} is ${current.status}; only a confirmed one can be checked in.`);
      }
      if (room !== undefined && room !== current.assigned?.[0]?.roomName) await assignRoom(current, room);
      return setStatus(reservationId, 'checked_in');
    },

    async moveRoom(reservationId, room) {
      const current = await reservationData(reservationId);
      if (toReservationStatus(current.status) !== 'checked_in') {
        throw new AppError('upstream_rejected', `Cloudbeds reservation ${reservationId} is ${current.status}; only an in-house guest can be moved.`);
      }
      await assignRoom(current, room);
      return toReservation(await reservationData(reservationId));
    },

    async listRooms(reservationId) {
      const current = await reservationData(reservationId);
      const booked = (current.assigned?.[0] ?? current.unassigned?.[0])?.roomTypeID;
      const free = await get<CloudbedsGetRoomsUnassignedResponse>('/getRoomsUnassigned', {}, 'propertyIDs');
      // getRoomsUnassigned says nothing of housekeeping (a separate Cloudbeds API): free rooms count as ready.
      return readyFirst(
        free.data
          .flatMap((entry) => entry.rooms ?? [])
          .filter((room) => booked === undefined || room.roomTypeID === booked)
          .map((room) => ({ room: room.roomName, ...(room.roomTypeID && { roomType: room.roomTypeID }), ready: true })),
      );
    },

    async checkOut(reservationId) {
      return setStatus(reservationId, 'checked_out');
    },

    async postCharge(reservationId, input): Promise<PostingResult> {
      assertCurrency(input.currency);
      const item = (config.itemIds as Record<string, { appItemID: string; categoryName: string } | undefined>)[input.code] ?? config.itemIds.misc;
      // referenceID makes Cloudbeds deduplicate the sale, so the client may retry this POST.
      const posted = await write<CloudbedsPostCustomItemResponse>(
        'POST',
        '/postCustomItem',
        {
          reservationID: reservationId,
          referenceID: input.idempotencyKey,
          // itemPaid=true would record a cash payment for the sale.
          itemPaid: 'false',
          items: [
            {
              appItemID: item.appItemID,
              itemName: input.description,
              itemCategoryName: item.categoryName,
              itemQuantity: 1,
              itemPrice: toDecimalString(input.amountMinor, scale),
            },
          ],
        },
        true,
      );
      return { postingId: posted.data.transactionID, duplicate: posted.data.notice !== undefined };
    },

    async postPayment(reservationId, input): Promise<PostingResult> {
      // postPayment takes a positive decimal amount only, and API v1.3 has no refund posting.
      if (input.amountMinor < 0) refuseRefund('Cloudbeds');
      assertCurrency(input.currency);
      // No idempotency key on postPayment: look for our reference on the folio before posting.
      const { lines } = await folio(reservationId);
      const earlier = lines.find((line) => line.kind === 'payment' && line.reference === input.idempotencyKey);
      if (earlier) return { postingId: earlier.id, duplicate: true };
      const posted = await write<CloudbedsPostPaymentResponse>('POST', '/postPayment', {
        reservationID: reservationId,
        type: config.paymentType,
        amount: toDecimalString(input.amountMinor, scale),
        description: withReference(input.description, input.idempotencyKey),
      });
      return { postingId: posted.transactionID, duplicate: false };
    },
  };
}
