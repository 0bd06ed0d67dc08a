import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccountingError } from './errors.js';
import { decimal } from './pms-views.js';
import { isPosted, postingsOf, totalsOf, type CloudbedsState, type Posting, type PostingKind, type Property, type Reservation } from './state.js';

/**
 * Cloudbeds Accounting API v1.0 (`/accounting/v1.0/...`): a reservation's folio line items and
 * balance. The spec asks for `Authorization: Bearer` and a required integer `X-Property-ID`; the
 * mock takes the property API key as the bearer token.
 *
 * Sources are addressed by an integer `sourceId` that v1.3 never shows. Each transaction carries
 * both `sourceId` and the public `sourceIdentifier` (the v1.3 reservationID), so a client finds the
 * `sourceId` by searching `/transactions` or `/pending-transactions` with
 * `source_identifier` + `source_kind`.
 *
 * Amounts: transactions are decimals and always positive (`internalCodeGroup: PAYMENT` marks the
 * credits); source balances are integer minor units (`currencyScale: 2`).
 */
const authenticated = new WeakMap<FastifyRequest, Property>();
const sourceKinds = ['RESERVATION', 'HOUSE_ACCOUNT', 'GROUP_PROFILE', 'ACCOUNTS_RECEIVABLE_LEDGER'];
const MAX_LIMIT = 1100;

const codes: Record<PostingKind, { transactionType: string; internalCodeGroup: string; internalTransactionCode: string; externalRelationKind: string }> = {
  rate: { transactionType: 'rate', internalCodeGroup: 'ROOM_REVENUE_RATE', internalTransactionCode: '1000', externalRelationKind: 'ROOM_REVENUE' },
  item: { transactionType: 'custom_item', internalCodeGroup: 'CUSTOM_ITEM', internalTransactionCode: '4000', externalRelationKind: 'ITEM' },
  tax: { transactionType: 'tax', internalCodeGroup: 'TAX', internalTransactionCode: '2000', externalRelationKind: 'TAX' },
  fee: { transactionType: 'fee', internalCodeGroup: 'FEE', internalTransactionCode: '3000', externalRelationKind: 'FEE' },
  payment: { transactionType: 'payment', internalCodeGroup: 'PAYMENT', internalTransactionCode: '9000', externalRelationKind: 'PAYMENT' },
};

interface Row {
  posting: Posting;
  reservation: Reservation;
  posted: boolean;
}

export function registerAccountingRoutes(app: FastifyInstance, state: CloudbedsState): void {
  app.register(
    async (api) => {
      api.addHook('preHandler', async (request) => {
        const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const property = state.properties.find((p) => p.apiKey === key);
        if (!key || !property) throw new AccountingError(401, 'ACCESS_DENIED', 'Missing or invalid bearer token');
        const header = request.headers['x-property-id'];
        if (typeof header !== 'string' || !/^\d+$/.test(header)) throw new AccountingError(400, 'INVALID_REQUEST', 'Header X-Property-ID is required and must be an integer');
        if (header !== property.propertyID) throw new AccountingError(403, 'ACCESS_DENIED', `No access to property ${header}`);
        authenticated.set(request, property);
      });

      api.post('/folios/transactions', async (request) => listFolioTransactions(state, authenticated.get(request)!, jsonBody(request)));
      api.post('/transactions', async (request) => searchTransactions(state, authenticated.get(request)!, jsonBody(request), true));
      api.post('/pending-transactions', async (request) => searchTransactions(state, authenticated.get(request)!, jsonBody(request), false));

      api.get('/source-balances/:sourceKind/:sourceId', async (request) => {
        const property = authenticated.get(request)!;
        const { sourceKind, sourceId } = request.params as { sourceKind: string; sourceId: string };
        if (!sourceKinds.includes(sourceKind)) throw new AccountingError(400, 'INVALID_REQUEST', `Unknown sourceKind ${sourceKind}`);
        if (!/^\d+$/.test(sourceId)) throw new AccountingError(400, 'INVALID_REQUEST', 'sourceId must be an integer');
        const reservation = sourceKind === 'RESERVATION' ? reservationBySourceId(state, property, Number(sourceId)) : undefined;
        if (!reservation) throw new AccountingError(404, 'BOOKING_NOT_FOUND', `Source ${sourceKind}/${sourceId} not found`);
        return sourceBalance(state, property, reservation);
      });
    },
    { prefix: '/accounting/v1.0' },
  );
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json') || !body || typeof body !== 'object' || Array.isArray(body)) {
    throw new AccountingError(400, 'INVALID_REQUEST', 'Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function reservationBySourceId(state: CloudbedsState, property: Property, sourceId: number): Reservation | undefined {
  return [...state.reservations.values()].find((r) => r.propertyID === property.propertyID && r.sourceId === sourceId);
}

function rowsOf(state: CloudbedsState, property: Property): Row[] {
  return [...state.reservations.values()]
    .filter((r) => r.propertyID === property.propertyID)
    .flatMap((reservation) => postingsOf(state, reservation.reservationID).map((posting) => ({ posting, reservation, posted: isPosted(state, property, posting) })));
}

function commonFields(property: Property, { posting, reservation }: Row) {
  const code = codes[posting.kind];
  return {
    id: posting.transactionID,
    propertyId: property.propertyID,
    amount: decimal(posting.amountMinor),
    currency: property.currency,
    currencyScale: 2,
    description: posting.description,
    quantity: posting.quantity,
    internalTransactionCode: code.internalTransactionCode,
    transactionDatetime: posting.postedAt.toISOString(),
    serviceDate: posting.serviceDate,
    createdAt: posting.postedAt.toISOString(),
    sourceId: String(reservation.sourceId),
    sourceKind: 'RESERVATION',
    subSourceId: reservation.reservationRoomID,
    subSourceIdentifier: reservation.subReservationID,
    sourceIdentifier: reservation.reservationID,
    customerId: reservation.guestID,
    externalRelationId: posting.paymentID ?? posting.soldProductID ?? reservation.reservationRoomID,
    externalRelationKind: code.externalRelationKind,
  };
}

/** `FolioTransactionResponse`. */
function folioTransactionView(state: CloudbedsState, property: Property, row: Row) {
  const { posting, reservation } = row;
  const guest = state.guests.get(reservation.guestID)!;
  const room = property.rooms.find((r) => r.roomID === reservation.roomID);
  const code = codes[posting.kind];
  return {
    ...commonFields(property, row),
    transactionType: code.transactionType,
    internalCodeGroup: code.internalCodeGroup,
    folioId: reservation.folioId,
    posted: row.posted,
    readOnly: false,
    reservationName: `${guest.firstName} ${guest.lastName}`,
    guestName: `${guest.firstName} ${guest.lastName}`,
    ...(room ? { roomName: room.roomName } : {}),
    checkinDate: reservation.startDate,
    checkoutDate: reservation.endDate,
    reservationStatus: reservation.status,
    locked: false,
    ...(posting.kind === 'payment'
      ? {
          paymentDetails: {
            paymentId: posting.paymentID!,
            transactionType: 'Record',
            paymentMethod: posting.paymentType!,
            ...(posting.cardType ? { creditCardType: posting.cardType } : {}),
            amountPaid: decimal(posting.amountMinor),
            amountRefunded: 0,
            processingStatus: 'confirmed',
          },
        }
      : {}),
  };
}

const groupKeys: Record<string, (t: ReturnType<typeof folioTransactionView>) => string> = {
  transaction_date: (t) => t.transactionDatetime.slice(0, 10),
  service_date: (t) => t.serviceDate,
  internal_code_group: (t) => t.internalCodeGroup,
  description: (t) => t.description,
  sub_source_identifier: (t) => t.subSourceIdentifier,
  folio_id: (t) => t.folioId,
  reservation_name: (t) => t.reservationName,
  room_name: (t) => t.roomName ?? '',
};

const sortKeys: Record<string, (row: Row) => string> = {
  transaction_datetime: (row) => row.posting.postedAt.toISOString(),
  created_at: (row) => row.posting.postedAt.toISOString(),
  service_date: (row) => row.posting.serviceDate,
  id: (row) => row.posting.transactionID.padStart(20, '0'),
  internal_code: (row) => codes[row.posting.kind].internalTransactionCode,
};

function listFolioTransactions(state: CloudbedsState, property: Property, body: Record<string, unknown>) {
  if (typeof body.sourceKind !== 'string' || !sourceKinds.includes(body.sourceKind)) throw new AccountingError(400, 'INVALID_REQUEST', 'sourceKind is required');
  if (!Number.isInteger(body.sourceId)) throw new AccountingError(400, 'INVALID_REQUEST', 'sourceId is required and must be an integer');
  const folioId = optional(body, 'folioId', isInteger, 'an integer');
  const posted = optional(body, 'posted', isBoolean, 'a boolean');
  const includeTotal = optional(body, 'includeTotal', isBoolean, 'a boolean') ?? false;
  const from = optional(body, 'serviceDateFrom', isDateString, 'a date');
  const to = optional(body, 'serviceDateTo', isDateString, 'a date');
  const groupBy = optional(body, 'groupBy', isGroupBy, `one of ${Object.keys(groupKeys).join(', ')}`);

  const reservation = body.sourceKind === 'RESERVATION' ? reservationBySourceId(state, property, body.sourceId as number) : undefined;
  const rows = (reservation ? rowsOf(state, property).filter((r) => r.reservation === reservation) : [])
    .filter((r) => folioId === undefined || r.reservation.folioId === String(folioId))
    .filter((r) => posted === undefined || r.posted === posted)
    .filter((r) => (from === undefined || r.posting.serviceDate >= from) && (to === undefined || r.posting.serviceDate <= to));
  const { page, nextPageToken } = paginate(sortRows(rows, body.sort), body);

  const grouped = new Map<string, { rows: Row[]; transactions: ReturnType<typeof folioTransactionView>[] }>();
  for (const row of page) {
    const view = folioTransactionView(state, property, row);
    const key = groupBy === undefined ? 'default' : groupKeys[groupBy]!(view);
    const group = grouped.get(key) ?? { rows: [], transactions: [] };
    group.rows.push(row);
    group.transactions.push(view);
    grouped.set(key, group);
  }
  const groups = Object.fromEntries(
    [...grouped].map(([key, { rows: groupRows, transactions }]) => [
      key,
      { transactions, totals: { ...debitCredit(groupRows), quantity: groupRows.reduce((sum, r) => sum + r.posting.quantity, 0) } },
    ]),
  );
  return {
    groups,
    ...(nextPageToken ? { nextPageToken } : {}),
    ...(includeTotal ? { totals: { ...debitCredit(rows), currency: property.currency, currencyScale: 2 } } : {}),
  };
}

function debitCredit(rows: Row[]) {
  const credit = rows.filter((r) => r.posting.kind === 'payment').reduce((s, r) => s + r.posting.amountMinor, 0);
  const debit = rows.filter((r) => r.posting.kind !== 'payment').reduce((s, r) => s + r.posting.amountMinor, 0);
  return { count: rows.length, totalDebit: decimal(debit), totalCredit: decimal(credit) };
}

function optional<T>(body: Record<string, unknown>, name: string, valid: (v: unknown) => v is T, what: string): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!valid(value)) throw new AccountingError(400, 'INVALID_REQUEST', `${name} must be ${what}`);
  return value;
}

const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const isDateString = (v: unknown): v is string => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isGroupBy = (v: unknown): v is string => isString(v) && v in groupKeys;
const isLimit = (v: unknown): v is number => isInteger(v) && v >= 1 && v <= MAX_LIMIT;

function sortRows(rows: Row[], sort: unknown): Row[] {
  const order = sort === undefined || sort === null ? [{ field: 'transaction_datetime', direction: 'asc' }] : sort;
  if (!Array.isArray(order)) throw new AccountingError(400, 'INVALID_REQUEST', 'sort must be an array');
  for (const s of order) {
    if (!s || typeof s !== 'object' || !(s.field in sortKeys) || (s.direction !== 'asc' && s.direction !== 'desc')) {
      throw new AccountingError(400, 'INVALID_REQUEST', `Unsupported sort: ${JSON.stringify(s)}`);
    }
  }
  return [...rows].sort((a, b) => {
    for (const { field, direction } of order as Array<{ field: string; direction: 'asc' | 'desc' }>) {
      const cmp = sortKeys[field]!(a).localeCompare(sortKeys[field]!(b));
      if (cmp !== 0) return direction === 'asc' ? cmp : -cmp;
    }
    return sortKeys.id!(a).localeCompare(sortKeys.id!(b));
  });
}

/** Cursor pagination: the token is opaque to clients (here, the next offset). */
function paginate(rows: Row[], body: Record<string, unknown>): { page: Row[]; nextPageToken?: string } {
  const limit = optional(body, 'limit', isLimit, `an integer from 1 to ${MAX_LIMIT}`) ?? 100;
  const token = optional(body, 'pageToken', isString, 'a string');
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new AccountingError(400, 'INVALID_REQUEST', 'Invalid pageToken');
  const page = rows.slice(offset, offset + limit);
  const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
  return next === undefined ? { page } : { page, nextPageToken: next };
}

/** Filter fields the mock evaluates (snake_case, as the spec names them), read from a row. */
const filterFields: Record<string, (property: Property, row: Row) => string> = {
  id: (_p, row) => row.posting.transactionID,
  source_id: (_p, row) => String(row.reservation.sourceId),
  source_identifier: (_p, row) => row.reservation.reservationID,
  source_kind: () => 'RESERVATION',
  folio_id: (_p, row) => row.reservation.folioId,
  internal_code: (_p, row) => codes[row.posting.kind].internalTransactionCode,
  customer_id: (_p, row) => row.reservation.guestID,
  external_relation_id: (p, row) => commonFields(p, row).externalRelationId,
  external_relation_kind: (_p, row) => codes[row.posting.kind].externalRelationKind,
  transaction_datetime: (_p, row) => row.posting.postedAt.toISOString(),
  created_at: (_p, row) => row.posting.postedAt.toISOString(),
  service_date: (_p, row) => row.posting.serviceDate,
};

type Filter = { field: string; operator: string; value?: unknown } | { and?: Filter[]; or?: Filter[] };

function fieldsIn(filter: Filter): string[] {
  if ('field' in filter) return [filter.field];
  return [...(filter.and ?? []), ...(filter.or ?? [])].flatMap(fieldsIn);
}

function matches(filter: Filter, value: (field: string) => string): boolean {
  if ('field' in filter) {
    const actual = value(filter.field);
    const expected = filter.value;
    const asList = Array.isArray(expected) ? expected.map(String) : [String(expected)];
    switch (filter.operator) {
      case 'equals': return actual === String(expected);
      case 'not_equals': return actual !== String(expected);
      case 'in': return asList.includes(actual);
      case 'not_in': return !asList.includes(actual);
      case 'greater_than_or_equal': return actual >= String(expected);
      case 'greater_than': return actual > String(expected);
      case 'less_than_or_equal': return actual <= String(expected);
      case 'less_than': return actual < String(expected);
      default: throw new AccountingError(400, 'INVALID_REQUEST', `Unsupported operator ${filter.operator}`);
    }
  }
  if (filter.and) return filter.and.every((f) => matches(f, value));
  if (filter.or) return filter.or.some((f) => matches(f, value));
  throw new AccountingError(400, 'INVALID_REQUEST', 'Filters cannot be empty');
}

/** `/transactions` (posted) and `/pending-transactions`: `TransactionResponse` rows matching `filters`. */
function searchTransactions(state: CloudbedsState, property: Property, body: Record<string, unknown>, posted: boolean) {
  const filters = body.filters as Filter | undefined;
  if (!filters || typeof filters !== 'object') throw new AccountingError(400, 'INVALID_REQUEST', 'filters is required');
  const fields = fieldsIn(filters);
  const unknown = fields.find((f) => !(f in filterFields));
  if (unknown) throw new AccountingError(400, 'INVALID_REQUEST', `Unsupported filter field ${unknown}`);
  // The spec's base-filter rule: queries must be narrowed by id, source, or a date.
  const hasSource = fields.includes('source_kind') && (fields.includes('source_id') || fields.includes('source_identifier'));
  if (!hasSource && !['id', 'transaction_datetime', 'created_at', 'service_date'].some((f) => fields.includes(f))) {
    throw new AccountingError(400, 'INVALID_REQUEST', 'Filters need id, source_id/source_identifier with source_kind, or a date');
  }
  const rows = rowsOf(state, property)
    .filter((row) => row.posted === posted)
    .filter((row) => matches(filters, (field) => filterFields[field]!(property, row)));
  const { page, nextPageToken } = paginate(sortRows(rows, body.sort), body);
  return { transactions: page.map((row) => commonFields(property, row)), ...(nextPageToken ? { nextPageToken } : {}) };
}

/** `SourceBalanceResponse`, in minor units. */
function sourceBalance(state: CloudbedsState, property: Property, reservation: Reservation) {
  const totals = totalsOf(state, reservation);
  const breakdown = (kind: PostingKind) => {
    const byName = new Map<string, number>();
    for (const p of postingsOf(state, reservation.reservationID).filter((p) => p.kind === kind)) {
      byName.set(p.description, (byName.get(p.description) ?? 0) + p.amountMinor);
    }
    return [...byName].map(([name, amount]) => ({ name, amount }));
  };
  return {
    currency: property.currency,
    currencyScale: 2,
    grandTotal: totals.grandTotalMinor,
    subtotal: totals.roomsMinor,
    additionalItems: totals.itemsMinor,
    amountPaid: totals.paidMinor,
    refundIssued: 0,
    upcomingPayments: 0,
    taxBreakdown: breakdown('tax'),
    feeBreakdown: breakdown('fee'),
    balanceDue: totals.balanceMinor,
    gratuity: 0,
    updatedAt: reservation.dateModified.toISOString(),
  };
}
