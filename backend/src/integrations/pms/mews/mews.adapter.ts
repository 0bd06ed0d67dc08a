import { z } from 'zod';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { currencyExponent, minorToDecimal } from '../../../lib/money.js';
import { normalizeName } from '../../../lib/names.js';
import type { HttpClient } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import type {
  Folio,
  GuestProfile,
  GuestProfileUpdate,
  PmsPort,
  PostChargeInput,
  PostingResult,
  PostPaymentInput,
  Reservation,
} from '../pms.port.js';
import {
  findOrderItemByExternalIdentifier,
  findPaymentByExternalIdentifier,
  pickPrimaryDocument,
  toCustomerUpdate,
  toFolio,
  toGuestProfile,
  toIdentityDocumentParameter,
  toMewsDocumentType,
  toReservation,
  toReservationStatus,
} from './mews.mapper.js';
import type { MewsConfig } from './mews.provider.js';
import {
  mewsErrorSchema,
  mewsExternalPaymentAddedSchema,
  mewsIdentityDocumentsAddedSchema,
  mewsOrderAddedSchema,
  mewsPages,
  type MewsAuth,
  type MewsCustomer,
  type MewsOrderItemParameter,
  type MewsPagedOperation,
  type MewsPageItem,
  type MewsReservation,
} from './mews.wire.js';

/**
 * PMS port over the Mews Connector API. Every call is `POST /api/connector/v1/<op>` with the tokens
 * in the JSON body, through the shared HTTP client (timeouts, retries of the getAll searches only,
 * breaker). Mews has no server-side idempotency, so postings carry our key as ExternalIdentifier
 * and are looked up before anything is posted.
 */

const API_PATH = '/api/connector/v1/';
/** Mews's maximum page size; a stay's folio fits in one page. */
const PAGE_SIZE = 1000;
/** Stops a misbehaving cursor from looping forever; 20 000 rows is far beyond any one stay. */
const MAX_PAGES = 20;
/** Mews numbers are unique per enterprise; a few more leave room for portfolio tokens. */
const LOOKUP_PAGE_SIZE = 10;
/** `productServiceOrders/getAll` takes at most this many ServiceIds per call. */
const MAX_SERVICE_IDS = 1000;
/**
 * A property adds a service (a new bar, a new spa) a few times a year; re-reading the list hourly
 * picks one up without a restart, at one extra call an hour.
 */
const SERVICES_TTL_MS = 60 * 60_000;

/** 400 "Invalid X." about one of these ids means the thing is not (or no longer) in Mews. */
const NOT_FOUND_PARAMETERS = new Set([
  'ReservationId',
  'ReservationIds',
  'LinkedReservationId',
  'CustomerId',
  'CustomerIds',
  'AccountId',
  'AccountIds',
]);
/** 400 "Invalid X." about one of these means our settings for the property are wrong. */
const CONFIG_PARAMETER = /^(ServiceId|AccountingCategoryId|Type|UnitAmount|Amount\b)/;

/** Every getAll answers `{ <List>: [...], Cursor }`; the list is parsed with its own item schema. */
const pageSchema = z.looseObject({ Cursor: z.string().nullish() });

type Operation =
  | MewsPagedOperation
  | 'customers/update'
  | 'identityDocuments/add'
  | 'orders/add'
  | 'payments/addExternal'
  | 'reservations/start'
  | 'reservations/process'
  | 'reservations/update';

export interface MewsAdapterDeps {
  http: HttpClient;
  clock: Clock;
  property: ProviderDeps['property'];
}

export function createMewsAdapter(config: MewsConfig, deps: MewsAdapterDeps): PmsPort {
  const { http, clock, property } = deps;
  const auth: MewsAuth = { ClientToken: config.clientToken, AccessToken: config.accessToken, Client: config.clientName };
  const childAgeCategoryIds = new Set(config.childAgeCategoryIds ?? []);
  // Room names change about never; caching them saves a call on every reservation read.
  const roomNames = new Map<string, string>();
  let orderServices: { ids: string[]; readAt: number } | undefined;

  function parseWire<T>(schema: z.ZodType<T>, value: unknown, operation: Operation): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new AppError('integration_unavailable', 'Mews sent an answer we could not read.', {
      details: { provider: 'mews', operation, issues: parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
    });
  }

  /** A 4xx the shared client handed back, in our terms. */
  function rejection(operation: Operation, status: number, body: unknown): AppError {
    const message = mewsErrorSchema.safeParse(body).data?.Message ?? `HTTP ${status}`;
    const details = { provider: 'mews', operation, status };
    if (status === 400) {
      const parameter = /^Invalid ([^.]+)\./.exec(message)?.[1];
      if (parameter && NOT_FOUND_PARAMETERS.has(parameter)) {
        return new AppError('not_found', `Mews does not know this ${parameter.includes('Reservation') ? 'reservation' : 'guest'}.`, { details });
      }
      if (parameter && CONFIG_PARAMETER.test(parameter)) return new AppError('integration_misconfigured', `Mews refused our settings: ${message}`, { details });
      return new AppError('upstream_rejected', `Mews refused the request: ${message}`, { details });
    }
    // Mews uses 403 for its business rules (room not inspected, balance open); bad tokens are 401.
    if (status === 403) return new AppError('upstream_rejected', `Mews refused: ${message}`, { details });
    if (status === 404) return new AppError('integration_misconfigured', 'The Mews platform URL does not serve the Connector API.', { details });
    if (status === 409) return new AppError('conflict', 'The data changed in Mews meanwhile; try again.', { details });
    return new AppError('integration_unavailable', 'Mews is not available right now.', { details });
  }

  /** One Connector API call. Writes are never retried by the client: Mews would post twice. */
  async function call<T>(operation: Operation, body: object, schema: z.ZodType<T>, kind: { write: boolean }): Promise<T> {
    const response = await http.request({ method: 'POST', path: API_PATH + operation, json: { ...auth, ...body }, idempotent: !kind.write });
    if (response.status >= 200 && response.status < 300) return parseWire(schema, response.body, operation);
    throw rejection(operation, response.status, response.body);
  }

  /** One page of a getAll, for lookups by id where the page size bounds the answer. */
  async function getPage<Op extends MewsPagedOperation>(operation: Op, filter: object, count: number, cursor?: string) {
    const { key, item } = mewsPages[operation];
    const limitation = { Count: count, ...(cursor ? { Cursor: cursor } : {}) };
    const body = await call(operation, { ...filter, Limitation: limitation }, pageSchema, { write: false });
    const items = parseWire(z.array(item), body[key], operation) as MewsPageItem<Op>[];
    return { items, cursor: body.Cursor ?? undefined };
  }

  /** Every item of a getAll, following the cursor until a short or cursor-less page. */
  async function getAll<Op extends MewsPagedOperation>(operation: Op, filter: object): Promise<MewsPageItem<Op>[]> {
    const all: MewsPageItem<Op>[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const page = await getPage(operation, filter, PAGE_SIZE, cursor);
      all.push(...page.items);
      if (!page.cursor || page.items.length < PAGE_SIZE) return all;
      cursor = page.cursor;
    }
    throw new AppError('integration_unavailable', 'Mews kept paging past any plausible size.', { details: { provider: 'mews', operation } });
  }

  async function loadReservation(reservationId: string): Promise<MewsReservation> {
    const { items } = await getPage('reservations/getAll/2023-06-06', { ReservationIds: [reservationId] }, 1);
    const reservation = items[0];
    if (!reservation) throw new AppError('not_found', 'Mews does not know this reservation.');
    return reservation;
  }

  async function loadCustomers(customerIds: readonly string[]): Promise<MewsCustomer[]> {
    if (customerIds.length === 0) return [];
    // customers/* are chain-scoped: Mews rejects an EnterpriseId here, so none is sent.
    const filter = { CustomerIds: customerIds, Extent: { Customers: true, Addresses: false } };
    return (await getPage('customers/getAll', filter, customerIds.length)).items;
  }

  async function roomName(resourceId: string | null | undefined): Promise<string | undefined> {
    if (!resourceId) return undefined;
    const cached = roomNames.get(resourceId);
    if (cached) return cached;
    const { items } = await getPage('resources/getAll', { ResourceIds: [resourceId], Extent: { Resources: true } }, 1);
    const name = items[0]?.Name;
    if (name) roomNames.set(resourceId, name);
    return name;
  }

  /** The owner is a customer unless a company booked; a company has no last name to show. */
  const ownerId = (reservation: MewsReservation) => (reservation.AccountType === 'Company' ? undefined : reservation.AccountId);

  async function toDomain(reservation: MewsReservation, customer?: MewsCustomer): Promise<Reservation> {
    const owner = ownerId(reservation);
    const [customers, room] = await Promise.all([
      customer ? [customer] : loadCustomers(owner ? [owner] : []),
      roomName(reservation.AssignedResourceId),
    ]);
    return toReservation(reservation, {
      timeZone: property.timeZone,
      childAgeCategoryIds,
      ...(customers[0] ? { customer: customers[0] } : {}),
      ...(room ? { roomName: room } : {}),
    });
  }

  async function getReservation(reservationId: string): Promise<Reservation> {
    return toDomain(await loadReservation(reservationId));
  }

  async function customerOf(reservationId: string): Promise<string> {
    const reservation = await loadReservation(reservationId);
    const owner = ownerId(reservation);
    if (!owner) throw new AppError('upstream_rejected', 'This Mews reservation belongs to a company, not to a guest profile.');
    return owner;
  }

  async function loadProfile(customerId: string): Promise<GuestProfile> {
    const [customers, documents] = await Promise.all([
      loadCustomers([customerId]),
      getAll('identityDocuments/getAll', { CustomerIds: [customerId] }),
    ]);
    const customer = customers[0];
    if (!customer) throw new AppError('not_found', 'Mews does not know this guest.');
    return toGuestProfile(customer, pickPrimaryDocument(documents));
  }

  /**
   * The services whose orders can sit on a stay's bill: every "Additional" service of the
   * enterprise (spa, restaurant, minibar, ...; Mews requires ServiceIds to list orders), plus the
   * one we post charges to. Read from Mews rather than configured, so orders the hotel's other
   * systems post to any service still show on the guest's folio.
   */
  async function orderServiceIds(): Promise<string[]> {
    const now = clock.now().getTime();
    if (orderServices && now - orderServices.readAt < SERVICES_TTL_MS) return orderServices.ids;
    const services = await getAll('services/getAll', { ServiceType: 'Additional' });
    const ids = [...new Set([config.chargeServiceId, ...services.map((service) => service.Id)])];
    orderServices = { ids, readAt: now };
    return ids;
  }

  /** Orders posted with `orders/add` are service orders of their own, linked to the stay. */
  async function linkedOrderIds(reservationId: string): Promise<string[]> {
    const serviceIds = await orderServiceIds();
    const chunks = Array.from({ length: Math.ceil(serviceIds.length / MAX_SERVICE_IDS) }, (_, index) =>
      serviceIds.slice(index * MAX_SERVICE_IDS, (index + 1) * MAX_SERVICE_IDS),
    );
    const pages = await Promise.all(
      chunks.map((chunk) => getAll('productServiceOrders/getAll', { ServiceIds: chunk, LinkedReservationIds: [reservationId] })),
    );
    return pages.flat().map((order) => order.Id);
  }

  async function linkedOrderItems(reservationId: string) {
    const orderIds = await linkedOrderIds(reservationId);
    return orderIds.length === 0 ? [] : getAll('orderItems/getAll', { ServiceOrderIds: orderIds });
  }

  /** Charges are positive; a payment may be negative (a refund: Mews keeps it as a positive payment amount, a debit). */
  function assertPostable(amountMinor: number, currency: string, options: { negative?: boolean } = {}): void {
    if (!Number.isInteger(amountMinor) || amountMinor === 0 || (amountMinor < 0 && !options.negative)) {
      throw new AppError('validation_failed', 'Amounts posted to Mews must be positive whole minor units.', {
        details: [{ field: 'amountMinor', message: 'must be a positive integer' }],
      });
    }
    // Mews books in the enterprise's accounting currency only.
    if (currency !== property.currency) {
      throw new AppError('validation_failed', `Mews posts in ${property.currency} for this property, not ${currency}.`, {
        details: [{ field: 'currency', message: `must be ${property.currency}` }],
      });
    }
  }

  return {
    capabilities: { folioLines: true, checkInRequiresRoom: true, checkOutRequiresZeroBalance: true, refunds: true },

    async healthCheck() {
      // The cheapest authenticated read the Connector API has: one room.
      await getPage('resources/getAll', { Extent: { Resources: true } }, 1);
    },

    async findReservation(confirmationNumber, lastName) {
      const number = confirmationNumber.trim();
      const wanted = normalizeName(lastName);
      if (!number || !wanted) return null;
      const { items } = await getPage('reservations/getAll/2023-06-06', { Numbers: [number] }, LOOKUP_PAGE_SIZE);
      const reservations = items.filter((reservation) => reservation.Number === number);
      const ownerIds = [...new Set(reservations.map(ownerId).filter((id): id is string => Boolean(id)))];
      const customers = new Map((await loadCustomers(ownerIds)).map((customer) => [customer.Id, customer]));
      // The reservation carries no name: the owner's last name is the second factor.
      const matches = reservations.flatMap((reservation) => {
        const customer = customers.get(reservation.AccountId);
        return customer && normalizeName(customer.LastName) === wanted ? [{ reservation, customer }] : [];
      });
      if (matches.length > 1) throw new AppError('ambiguous_lookup', 'Several Mews reservations match this confirmation number and name.');
      const match = matches[0];
      return match ? toDomain(match.reservation, match.customer) : null;
    },

    getReservation,

    async getFolio(reservationId): Promise<Folio> {
      const [, orderIds, payments] = await Promise.all([
        loadReservation(reservationId),
        linkedOrderIds(reservationId),
        getAll('payments/getAll', { ReservationIds: [reservationId] }),
      ]);
      // A reservation id is its own service order id: that gives the room nights; extras posted
      // with orders/add sit in their own linked orders.
      const items = await getAll('orderItems/getAll', { ServiceOrderIds: [reservationId, ...orderIds] });
      return toFolio(items, payments, { currency: property.currency, timeZone: property.timeZone });
    },

    async getGuestProfile(reservationId) {
      return loadProfile(await customerOf(reservationId));
    },

    async updateGuestProfile(reservationId, patch: GuestProfileUpdate) {
      const documentType = patch.document ? toMewsDocumentType(patch.document.type) : undefined;
      if (patch.document && !documentType) {
        throw new AppError('validation_failed', 'Mews stores passports, identity cards, driving licences and visas only.', {
          details: [{ field: 'document.type', message: 'must be passport, national_id, drivers_license or visa' }],
        });
      }
      const customerId = await customerOf(reservationId);
      const update = toCustomerUpdate(customerId, patch);
      if (Object.keys(update).length > 1) {
        await call('customers/update', update, z.unknown(), { write: true });
      }
      if (patch.document && documentType) {
        const existing = await getAll('identityDocuments/getAll', { CustomerIds: [customerId] });
        const known = existing.some((doc) => doc.Type === documentType && doc.Number === patch.document?.number);
        if (!known) {
          await call(
            'identityDocuments/add',
            { IdentityDocuments: [toIdentityDocumentParameter(customerId, documentType, patch.document)] },
            mewsIdentityDocumentsAddedSchema,
            { write: true },
          );
        }
      }
      return loadProfile(customerId);
    },

    async checkIn(reservationId, room) {
      const reservation = await loadReservation(reservationId);
      // The common refusals are checked first to give the desk a precise reason in our words;
      // Mews still enforces all of its rules.
      const status = toReservationStatus(reservation.State, reservation.CancellationReason);
      if (reservation.State !== 'Confirmed') throw new AppError('upstream_rejected', `The reservation cannot be checked in: it is ${status}.`);
      const assigned = await roomName(reservation.AssignedResourceId);
      if (!assigned) throw new AppError('upstream_rejected', 'Mews needs a room assigned to the reservation before check-in; the front desk assigns it.');
      if (room && assigned !== room) {
        throw new AppError('upstream_rejected', `Mews has room ${assigned} assigned to this reservation, not ${room}.`);
      }
      await call('reservations/start', { ReservationId: reservationId }, z.unknown(), { write: true });
      return getReservation(reservationId);
    },

    async moveRoom(reservationId, room) {
      const reservation = await loadReservation(reservationId);
      if (reservation.State !== 'Started') {
        const status = toReservationStatus(reservation.State, reservation.CancellationReason);
        throw new AppError('upstream_rejected', `Only an in-house guest can be moved; this reservation is ${status}.`);
      }
      const { items } = await getPage('resources/getAll', { Names: [room], Extent: { Resources: true } }, 1);
      const resource = items[0];
      if (!resource) throw new AppError('upstream_rejected', `Mews has no room ${room}.`);
      roomNames.set(resource.Id, resource.Name);
      // A reservation the hotel locked to its room stays locked: Mews refuses the move and the desk hears why.
      const update = { ReservationId: reservationId, AssignedResourceId: { Value: resource.Id } };
      await call('reservations/update', { Reason: 'Room move at the front desk', ReservationUpdates: [update] }, z.unknown(), { write: true });
      return getReservation(reservationId);
    },

    async checkOut(reservationId) {
      const reservation = await loadReservation(reservationId);
      if (reservation.State !== 'Started') {
        const status = toReservationStatus(reservation.State, reservation.CancellationReason);
        throw new AppError('upstream_rejected', `The reservation cannot be checked out: it is ${status}.`);
      }
      await call('reservations/process', { ReservationId: reservationId }, z.unknown(), { write: true });
      return getReservation(reservationId);
    },

    async postCharge(reservationId, input: PostChargeInput): Promise<PostingResult> {
      assertPostable(input.amountMinor, input.currency);
      const taxCode = config.taxCodes?.[input.code] ?? config.taxCode;
      const [reservation, posted] = await Promise.all([loadReservation(reservationId), linkedOrderItems(reservationId)]);
      const existing = findOrderItemByExternalIdentifier(posted, input.idempotencyKey);
      if (existing) return { postingId: existing.ServiceOrderId ?? existing.Id, duplicate: true };
      const accountingCategoryId = config.accountingCategoryIds?.[input.code];
      const item: MewsOrderItemParameter = {
        Name: input.description,
        UnitCount: 1,
        UnitAmount: { Currency: input.currency, GrossValue: minorToDecimal(input.amountMinor, currencyExponent(input.currency)), TaxCodes: [taxCode] },
        ...(accountingCategoryId ? { AccountingCategoryId: accountingCategoryId } : {}),
        ExternalIdentifier: input.idempotencyKey,
      };
      const { OrderId } = await call(
        'orders/add',
        { ServiceId: config.chargeServiceId, AccountId: reservation.AccountId, LinkedReservationId: reservationId, Items: [item] },
        mewsOrderAddedSchema,
        { write: true },
      );
      return { postingId: OrderId, duplicate: false };
    },

    async postPayment(reservationId, input: PostPaymentInput): Promise<PostingResult> {
      assertPostable(input.amountMinor, input.currency, { negative: true });
      const [reservation, payments] = await Promise.all([
        loadReservation(reservationId),
        getAll('payments/getAll', { ReservationIds: [reservationId] }),
      ]);
      const existing = findPaymentByExternalIdentifier(payments, input.idempotencyKey);
      if (existing) return { postingId: existing.Id, duplicate: true };
      const { ExternalPaymentId } = await call(
        'payments/addExternal',
        {
          AccountId: reservation.AccountId,
          ReservationId: reservationId,
          Amount: { Currency: input.currency, GrossValue: minorToDecimal(input.amountMinor, currencyExponent(input.currency)) },
          Type: config.externalPaymentType,
          // Our key, not the Stripe id, is the ExternalIdentifier: it is what the duplicate check needs.
          ExternalIdentifier: input.idempotencyKey,
          Notes: `${input.description} (${input.externalReference})`,
        },
        mewsExternalPaymentAddedSchema,
        { write: true },
      );
      return { postingId: ExternalPaymentId, duplicate: false };
    },
  };
}
