import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound, PmsError } from './errors.js';
import { amountMinor, bool, isoDate, list, positiveInt, readParams, required, text, type Params } from './params.js';
import { guestView, reservationSummaryView, reservationView } from './pms-views.js';
import {
  addDays,
  addPosting,
  today,
  type CloudbedsState,
  type Guest,
  type Property,
  type Reservation,
  type ReservationStatus,
} from './state.js';
import type { FormValue } from '../shared/form-body.js';

/**
 * Cloudbeds PMS API v1.3 (`/api/v1.3/{method}`), the methods the Innkeeper connector uses.
 * Auth is a property-level API key in `x-api-key` (or `Authorization: Bearer`); a key sees only its
 * own property, so another property's reservation is "not found" and an explicit foreign
 * `propertyID` is refused with 403.
 */
const authenticated = new WeakMap<FastifyRequest, Property>();

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function propertyOf(request: FastifyRequest): Property {
  return authenticated.get(request)!;
}

const paymentMethods = [
  { method: 'cash', code: 'cash', name: 'Cash' },
  {
    method: 'credit',
    code: 'credit',
    name: 'Credit Card',
    cardTypes: [
      { cardCode: 'visa', cardName: 'Visa' },
      { cardCode: 'master', cardName: 'MasterCard' },
      { cardCode: 'amex', cardName: 'American Express' },
    ],
  },
  { method: 'stripe', code: 'stripe', name: 'Stripe' },
] as const;

const knownPaymentType = (type: string) => paymentMethods.some((m) => m.method === type);

export function registerPmsRoutes(app: FastifyInstance, state: CloudbedsState): void {
  app.register(
    async (api) => {
      api.addHook('preHandler', async (request) => {
        const key = apiKeyOf(request);
        if (!key) throw new PmsError(401, 'Missing API key or access token');
        const property = state.properties.find((p) => p.apiKey === key);
        if (!property) throw new PmsError(401, 'Invalid API key or access token');
        const params = readParams(request);
        // getRoomsUnassigned names properties as `propertyIDs`, a comma-separated list.
        const listed = text(params, 'propertyIDs')?.split(',').map((id) => id.trim()) ?? [];
        const asked = [text(params, 'propertyID') ?? request.headers['x-property-id'], ...listed];
        const foreign = asked.find((id) => id !== undefined && id !== property.propertyID);
        if (foreign !== undefined) throw new PmsError(403, `You don't have access to property ID ${String(foreign)}`);
        authenticated.set(request, property);
      });

      api.get('/getReservation', async (request) => {
        const property = propertyOf(request);
        const reservation = findReservation(state, property, required(readParams(request), 'reservationID'));
        return { success: true, data: reservationView(state, property, reservation) };
      });

      api.get('/getReservations', async (request) => getReservations(state, propertyOf(request), readParams(request)));

      api.get('/getGuest', async (request) => {
        const property = propertyOf(request);
        const params = readParams(request);
        const guestID = text(params, 'guestID');
        const reservationID = text(params, 'reservationID');
        if (!guestID && !reservationID) throw new PmsError(400, 'Parameter guestID or reservationID is required');
        const guest = guestID ? findGuest(state, property, guestID) : state.guests.get(findReservation(state, property, reservationID!).guestID)!;
        return { success: true, data: guestView(guest) };
      });

      api.put('/putGuest', async (request) => {
        const params = readParams(request);
        const guest = findGuest(state, propertyOf(request), required(params, 'guestID'));
        Object.assign(guest, guestPatch(params));
        return { success: true };
      });

      api.post('/postCustomItem', async (request) => postCustomItem(state, propertyOf(request), readParams(request)));

      api.post('/postPayment', async (request) => {
        const property = propertyOf(request);
        const params = readParams(request);
        const reservation = findReservation(state, property, required(params, 'reservationID'));
        const payment = recordPayment(state, reservation, params, { type: 'type', amount: 'amount', note: 'description' });
        return { success: true, paymentID: payment.paymentID!, transactionID: payment.transactionID };
      });

      api.get('/getPaymentMethods', async (request) => ({
        success: true,
        data: { propertyID: propertyOf(request).propertyID, methods: paymentMethods, gateway: { name: 'Cloudbeds Payments', currency: propertyOf(request).currency } },
      }));

      api.put('/putReservation', async (request) => {
        const property = propertyOf(request);
        const params = readParams(request);
        const reservation = findReservation(state, property, required(params, 'reservationID'));
        const status = text(params, 'status');
        const arrival = text(params, 'estimatedArrivalTime');
        if (status === undefined && arrival === undefined) throw new PmsError(400, 'Nothing to update: send status or estimatedArrivalTime');
        if (arrival !== undefined) {
          if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(arrival)) throw new PmsError(400, 'Parameter estimatedArrivalTime must be HH:MM (24-hour)');
          reservation.estimatedArrivalTime = arrival;
        }
        if (status !== undefined) changeStatus(state, property, reservation, status);
        reservation.dateModified = state.now();
        return { success: true, data: reservationView(state, property, reservation) };
      });

      api.post('/postRoomAssign', async (request) => {
        assignRoom(state, propertyOf(request), readParams(request));
        return { success: true };
      });

      api.get('/getRoomsUnassigned', async (request) => {
        const property = propertyOf(request);
        const todayDate = today(state, property);
        // Free tonight: what a front desk picks from when assigning at check-in.
        const rooms = freeRooms(state, property, todayDate, addDays(todayDate, 1)).map((room) => {
          const type = property.roomTypes.find((t) => t.roomTypeID === room.roomTypeID)!;
          return {
            roomID: room.roomID, roomName: room.roomName, roomDescription: '', maxGuests: type.maxGuests,
            isPrivate: true, isVirtual: false, roomBlocked: false,
            roomTypeID: type.roomTypeID, roomTypeName: type.name, roomTypeNameShort: type.shortName,
          };
        });
        return { success: true, data: [{ propertyID: property.propertyID, rooms }], count: rooms.length, total: rooms.length };
      });
    },
    { prefix: '/api/v1.3' },
  );
}

function findReservation(state: CloudbedsState, property: Property, reservationID: string): Reservation {
  const reservation = state.reservations.get(reservationID);
  if (!reservation || reservation.propertyID !== property.propertyID) throw notFound('Reservation not found');
  return reservation;
}

function findGuest(state: CloudbedsState, property: Property, guestID: string): Guest {
  const guest = state.guests.get(guestID);
  if (!guest || guest.propertyID !== property.propertyID) throw notFound('Guest not found');
  return guest;
}

const statuses: readonly ReservationStatus[] = ['confirmed', 'not_confirmed', 'canceled', 'checked_in', 'checked_out', 'no_show'];

/** Filters the connector uses (name, guest, status, dates); pageSize is capped at 100 as documented. */
function getReservations(state: CloudbedsState, property: Property, params: Params) {
  const lastName = text(params, 'lastName')?.toLowerCase();
  const firstName = text(params, 'firstName')?.toLowerCase();
  const guestID = text(params, 'guestID');
  const status = text(params, 'status');
  if (status !== undefined && !statuses.includes(status as ReservationStatus)) throw new PmsError(400, `Invalid status: ${status}`);
  const range = (name: string) => isoDate(text(params, name), name);
  const [inFrom, inTo, outFrom, outTo] = [range('checkInFrom'), range('checkInTo'), range('checkOutFrom'), range('checkOutTo')];
  const pageNumber = positiveInt(params, 'pageNumber') ?? 1;
  const pageSize = Math.min(positiveInt(params, 'pageSize') ?? 100, 100);

  const matches = [...state.reservations.values()]
    .filter((r) => r.propertyID === property.propertyID)
    .filter((r) => {
      const guest = state.guests.get(r.guestID)!;
      return (
        (lastName === undefined || guest.lastName.toLowerCase() === lastName) &&
        (firstName === undefined || guest.firstName.toLowerCase() === firstName) &&
        (guestID === undefined || guest.guestID === guestID) &&
        (status === undefined || r.status === status) &&
        (inFrom === undefined || r.startDate >= inFrom) &&
        (inTo === undefined || r.startDate <= inTo) &&
        (outFrom === undefined || r.endDate >= outFrom) &&
        (outTo === undefined || r.endDate <= outTo)
      );
    })
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.reservationID.localeCompare(b.reservationID));
  const page = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const withGuests = bool(params, 'includeGuestsDetails') ?? false;
  return {
    success: true,
    data: page.map((r) => reservationSummaryView(state, property, r, withGuests)),
    count: page.length,
    total: matches.length,
  };
}

const documentTypes = ['na', 'driver_licence', 'student_id', 'passport', 'dni', 'nie', 'social_security_card', 'cpf'];

/** putGuest fields (write names differ from read names: guestAddress1 vs guestAddress vs address). */
function guestPatch(params: Params): Partial<Guest> {
  const patch: Partial<Guest> = {};
  const fields: Array<[string, keyof Guest]> = [
    ['guestFirstName', 'firstName'], ['guestLastName', 'lastName'], ['guestEmail', 'email'],
    ['guestPhone', 'phone'], ['guestCellPhone', 'cellPhone'], ['guestAddress1', 'address1'],
    ['guestAddress2', 'address2'], ['guestCity', 'city'], ['guestState', 'state'], ['guestZip', 'zip'],
    ['guestTaxId', 'taxID'], ['guestCompanyName', 'companyName'], ['guestCompanyTaxId', 'companyTaxID'],
    ['guestDocumentNumber', 'documentNumber'],
  ];
  for (const [name, field] of fields) {
    const value = text(params, name);
    if (value !== undefined) Object.assign(patch, { [field]: value });
  }
  const gender = text(params, 'guestGender');
  if (gender !== undefined) {
    if (gender !== 'M' && gender !== 'F' && gender !== 'N/A') throw new PmsError(400, 'Parameter guestGender must be M, F or N/A');
    patch.gender = gender;
  }
  if (patch.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(patch.email)) throw new PmsError(400, 'Parameter guestEmail is not a valid email');
  for (const [name, field] of [['guestCountry', 'country'], ['guestDocumentIssuingCountry', 'documentIssuingCountry']] as const) {
    const value = text(params, name);
    if (value === undefined) continue;
    if (!/^[A-Za-z]{2}$/.test(value)) throw new PmsError(400, `Parameter ${name} must be an ISO 3166-1 alpha-2 code`);
    patch[field] = value.toUpperCase();
  }
  for (const [name, field] of [['guestBirthDate', 'birthDate'], ['guestDocumentIssueDate', 'documentIssueDate'], ['guestDocumentExpirationDate', 'documentExpirationDate']] as const) {
    const value = isoDate(text(params, name), name);
    if (value !== undefined) patch[field] = value;
  }
  const documentType = text(params, 'guestDocumentType');
  if (documentType !== undefined) {
    if (!documentTypes.includes(documentType)) throw new PmsError(400, `Parameter guestDocumentType must be one of ${documentTypes.join(', ')}`);
    patch.documentType = documentType;
    // The document rules Cloudbeds documents for putGuest: which fields must come with the type.
    const needs = ['guestDocumentNumber', 'guestDocumentIssuingCountry'];
    if (!['dni', 'cpf'].includes(documentType)) needs.push('guestDocumentIssueDate');
    if (!['dni', 'nie', 'cpf'].includes(documentType)) needs.push('guestDocumentExpirationDate');
    const missing = documentType === 'na' ? [] : needs.filter((name) => text(params, name) === undefined);
    if (missing.length > 0) throw new PmsError(400, `guestDocumentType ${documentType} requires ${missing.join(', ')}`);
  }
  if (Object.keys(patch).length === 0) throw new PmsError(400, 'At least one guest information field is required');
  return patch;
}

/**
 * Items (and optional payments) on a reservation as one sale. A `referenceID` seen before for this
 * property creates nothing and answers with the original ids plus a `notice`.
 */
function postCustomItem(state: CloudbedsState, property: Property, params: Params) {
  const reservation = findReservation(state, property, required(params, 'reservationID'));
  if (reservation.status === 'canceled') throw new PmsError(400, 'Cannot add items to a canceled reservation');
  const referenceID = text(params, 'referenceID');
  const referenceKey = `${property.propertyID}:${referenceID}`;
  const earlier = referenceID === undefined ? undefined : state.customItemReferences.get(referenceKey);
  if (earlier) return { success: true, data: { ...earlier, notice: 'Item with this referenceID was already posted; nothing created.' } };

  const items = list(params, 'items').map(parseItem);
  if (items.length === 0) throw new PmsError(400, 'Parameter items is required');
  const saleDate = text(params, 'saleDate');
  if (saleDate !== undefined && !/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(saleDate)) {
    throw new PmsError(400, 'Parameter saleDate must be YYYY-MM-DD HH:MM:SS');
  }
  const serviceDate = isoDate(saleDate?.slice(0, 10), 'saleDate') ?? today(state, property);
  const paymentNames = { type: 'paymentType', amount: 'amount', note: 'notes' };
  const payments = list(params, 'payments');
  payments.forEach((p) => checkPayment(p, paymentNames.type, paymentNames.amount));
  const itemPaid = bool(params, 'itemPaid') ?? false;

  const soldProductID = state.nextId('soldProduct');
  let firstTransactionID: string | undefined;
  let saleTotal = 0;
  for (const item of items) {
    const catalogKey = `${property.propertyID}:${item.appItemID}`;
    if (!state.itemCatalog.has(catalogKey)) state.itemCatalog.set(catalogKey, { itemName: item.itemName, itemCategoryName: item.itemCategoryName ?? null });
    const known = state.itemCatalog.get(catalogKey)!;
    const line = addPosting(state, reservation, {
      kind: 'item', description: known.itemName, quantity: item.quantity, amountMinor: item.priceMinor * item.quantity, serviceDate,
      soldProductID, appItemID: item.appItemID, ...(known.itemCategoryName ? { itemCategoryName: known.itemCategoryName } : {}),
      ...(referenceID ? { referenceID } : {}),
    });
    firstTransactionID ??= line.transactionID;
    saleTotal += line.amountMinor;
    for (const charge of item.charges) {
      addPosting(state, reservation, { kind: charge.kind, description: charge.name, quantity: 1, amountMinor: charge.amountMinor, serviceDate, soldProductID });
      saleTotal += charge.amountMinor;
    }
  }
  for (const p of payments) recordPayment(state, reservation, p, paymentNames);
  if (itemPaid) {
    // Cloudbeds records itemPaid=true as a cash payment of the whole sale.
    addPosting(state, reservation, {
      kind: 'payment', description: 'Cash payment', quantity: 1, amountMinor: saleTotal, serviceDate,
      paymentID: state.nextId('payment'), paymentType: 'cash',
    });
  }
  const sale = { soldProductID, transactionID: firstTransactionID! };
  if (referenceID !== undefined) state.customItemReferences.set(referenceKey, sale);
  reservation.dateModified = state.now();
  return { success: true, data: sale };
}

interface ParsedItem {
  appItemID: string;
  itemName: string;
  itemCategoryName: string | undefined;
  quantity: number;
  priceMinor: number;
  charges: Array<{ kind: 'tax' | 'fee'; name: string; amountMinor: number }>;
}

function parseItem(item: FormValue, index: number): ParsedItem {
  const at = (name: string) => `items[${index}][${name}]`;
  const need = (name: string) => {
    const value = text(item, name);
    if (value === undefined) throw new PmsError(400, `Parameter ${at(name)} is required`);
    return value;
  };
  const quantity = positiveInt(item, 'itemQuantity');
  const priceMinor = amountMinor(item, 'itemPrice', { allowZero: true });
  if (quantity === undefined) throw new PmsError(400, `Parameter ${at('itemQuantity')} is required`);
  if (priceMinor === undefined) throw new PmsError(400, `Parameter ${at('itemPrice')} is required`);
  // itemTaxes/itemFees carry absolute amounts for the line, posted as their own tax/fee transactions.
  const charges = (['tax', 'fee'] as const).flatMap((kind) =>
    list(item, kind === 'tax' ? 'itemTaxes' : 'itemFees').map((entry) => {
      const name = text(entry, `${kind}Name`);
      const value = amountMinor(entry, `${kind}Value`, { allowZero: true });
      if (name === undefined || value === undefined) throw new PmsError(400, `${at(kind === 'tax' ? 'itemTaxes' : 'itemFees')} needs ${kind}Name and ${kind}Value`);
      return { kind, name, amountMinor: value };
    }),
  );
  return { appItemID: need('appItemID'), itemName: need('itemName'), itemCategoryName: text(item, 'itemCategoryName'), quantity, priceMinor, charges };
}

function checkPayment(params: Params | FormValue, typeName: string, amountName: string): { type: string; amount: number } {
  const type = required(params, typeName);
  if (!knownPaymentType(type)) throw new PmsError(400, `Invalid payment type: ${type}. See getPaymentMethods`);
  const amount = amountMinor(params, amountName);
  if (amount === undefined) throw new PmsError(400, `Parameter ${amountName} is required`);
  if (type === 'credit' && text(params, 'cardType') === undefined) throw new PmsError(400, 'Parameter cardType is required when type is credit');
  return { type, amount };
}

/** No idempotency key exists for payments: a retry records a second payment, as on Cloudbeds. */
function recordPayment(state: CloudbedsState, reservation: Reservation, params: Params | FormValue, names: { type: string; amount: string; note: string }) {
  const { type, amount } = checkPayment(params, names.type, names.amount);
  const property = state.properties.find((p) => p.propertyID === reservation.propertyID)!;
  const cardType = text(params, 'cardType');
  const posting = addPosting(state, reservation, {
    kind: 'payment',
    description: text(params, names.note) ?? paymentMethods.find((m) => m.method === type)!.name,
    quantity: 1,
    amountMinor: amount,
    serviceDate: today(state, property),
    paymentID: state.nextId('payment'),
    paymentType: type,
    ...(cardType ? { cardType } : {}),
  });
  reservation.dateModified = state.now();
  return posting;
}

/**
 * The status machine as the connector relies on it: check-in only from `confirmed`, with a room
 * assigned, between arrival and departure day; check-out only from `checked_in` (an open balance is
 * allowed, as in the Cloudbeds UI).
 */
const allowedFrom: Record<ReservationStatus, readonly ReservationStatus[]> = {
  confirmed: ['not_confirmed'],
  not_confirmed: ['confirmed'],
  canceled: ['confirmed', 'not_confirmed'],
  checked_in: ['confirmed'],
  checked_out: ['checked_in'],
  no_show: ['confirmed', 'not_confirmed'],
};

function changeStatus(state: CloudbedsState, property: Property, reservation: Reservation, status: string): void {
  if (!statuses.includes(status as ReservationStatus)) throw new PmsError(400, `Invalid status: ${status}`);
  const next = status as ReservationStatus;
  if (!allowedFrom[next].includes(reservation.status)) {
    throw new PmsError(400, `Reservation status cannot change from ${reservation.status} to ${next}`);
  }
  const todayDate = today(state, property);
  if (next === 'checked_in') {
    if (reservation.roomID === null) throw new PmsError(400, 'Reservation has unassigned rooms. Assign a room before check-in');
    if (todayDate < reservation.startDate) throw new PmsError(400, 'Reservation cannot be checked in before its arrival date');
    if (todayDate >= reservation.endDate) throw new PmsError(400, 'Reservation cannot be checked in after its departure date');
  }
  if (next === 'no_show' && todayDate < reservation.startDate) throw new PmsError(400, 'Reservation cannot be a no-show before its arrival date');
  reservation.status = next;
}

function occupiedRoomIds(state: CloudbedsState, property: Property, from: string, to: string, except?: string): Set<string> {
  return new Set(
    [...state.reservations.values()]
      .filter((r) => r.propertyID === property.propertyID && r.reservationID !== except && r.roomID !== null)
      .filter((r) => r.status === 'confirmed' || r.status === 'not_confirmed' || r.status === 'checked_in')
      .filter((r) => r.startDate < to && from < r.endDate)
      .map((r) => r.roomID!),
  );
}

function freeRooms(state: CloudbedsState, property: Property, from: string, to: string, except?: string) {
  const taken = occupiedRoomIds(state, property, from, to, except);
  return property.rooms.filter((room) => !taken.has(room.roomID));
}

/** Assign or move a room: same room type (unless `roomTypeID` names the new room's type), free for the stay. */
function assignRoom(state: CloudbedsState, property: Property, params: Params): void {
  const reservation = findReservation(state, property, required(params, 'reservationID'));
  const newRoomID = required(params, 'newRoomID');
  const subReservationID = text(params, 'subReservationID');
  if (subReservationID !== undefined && subReservationID !== reservation.subReservationID) throw notFound('Sub-reservation not found');
  if (!['confirmed', 'not_confirmed', 'checked_in'].includes(reservation.status)) {
    throw new PmsError(400, `Rooms cannot be assigned to a ${reservation.status} reservation`);
  }
  const room = property.rooms.find((r) => r.roomID === newRoomID);
  if (!room) throw notFound('Room not found');
  const roomTypeID = text(params, 'roomTypeID') ?? reservation.roomTypeID;
  if (room.roomTypeID !== roomTypeID) throw new PmsError(400, 'The room does not belong to the reservation room type');
  // The spec: oldRoomID "need[s] to be provided in case of reassignment".
  if (reservation.roomID && text(params, 'oldRoomID') !== reservation.roomID) {
    throw new PmsError(400, 'Parameter oldRoomID must name the room assigned now to reassign it');
  }
  const free = freeRooms(state, property, reservation.startDate, reservation.endDate, reservation.reservationID);
  if (!free.some((r) => r.roomID === room.roomID)) throw new PmsError(400, 'Room is not available for the reservation dates');
  reservation.roomID = room.roomID;
  reservation.roomTypeID = room.roomTypeID;
  reservation.dateModified = state.now();
}
