import { pathOf, type VendorRequest } from '../shared/vendor-request.js';

/**
 * What the Mews Connector API documentation requires of each request the Innkeeper connector
 * sends. Mews publishes no OpenAPI file; these rows are copied from the "Contract" column of the
 * request tables in MewsSystems/open-api-docs @ f6eb4925, `connector-api/operations/<page>.md`
 * (the same pages as https://mews-systems.gitbook.io/connector-api/operations/<page>). The mock
 * refuses a request that breaks them, and the backend's Mews adapter test holds every request it
 * sends to them.
 *
 * - `required`: properties marked "required". `List[].Name` means every item of `List` needs
 *   `Name` (e.g. each `IdentityDocuments` entry its `CustomerId`).
 * - `oneOf`: the page's "at least one of ... must be specified" sentence.
 * - `maxItems`: "max N items" of array properties.
 *
 * Every operation also requires `ClientToken`, `AccessToken` and `Client` (guidelines/requests.md).
 */
export interface MewsOperationContract {
  /** `<page>.md#<section>` under connector-api/operations/. */
  doc: string;
  required: readonly string[];
  oneOf?: readonly string[];
  maxItems?: Readonly<Record<string, number>>;
}

export const MEWS_AUTH_FIELDS = ['ClientToken', 'AccessToken', 'Client'] as const;

export const mewsRequestContracts: Readonly<Record<string, MewsOperationContract>> = {
  'reservations/getAll/2023-06-06': {
    doc: 'reservations.md#get-all-reservations-ver-2023-06-06',
    required: ['Limitation'],
    maxItems: { ReservationIds: 1000, Numbers: 1000, AccountIds: 1000, ServiceIds: 1000, AssignedResourceIds: 1000 },
  },
  'reservations/start': { doc: 'reservations.md#start-reservation', required: ['ReservationId'] },
  'reservations/update': {
    doc: 'reservations.md#update-reservations',
    required: ['ReservationUpdates', 'ReservationUpdates[].ReservationId'],
    maxItems: { ReservationUpdates: 1000 },
  },
  'reservations/process': { doc: 'reservations.md#process-reservation', required: ['ReservationId'] },
  'customers/getAll': {
    doc: 'customers.md#get-all-customers',
    required: ['Extent', 'Limitation'],
    maxItems: { CustomerIds: 1000, Emails: 1000, FirstNames: 1000, LastNames: 1000 },
  },
  'customers/update': { doc: 'customers.md#update-customer', required: ['CustomerId'] },
  'identityDocuments/getAll': {
    doc: 'identitydocuments.md#get-all-identity-documents',
    required: ['CustomerIds', 'Limitation'],
    maxItems: { CustomerIds: 100, IdentityDocumentIds: 100 },
  },
  'identityDocuments/add': {
    doc: 'identitydocuments.md#add-identity-documents',
    required: ['IdentityDocuments', 'IdentityDocuments[].CustomerId', 'IdentityDocuments[].Type', 'IdentityDocuments[].Number'],
    maxItems: { IdentityDocuments: 10 },
  },
  'resources/getAll': {
    doc: 'resources.md#get-all-resources',
    required: ['Extent', 'Limitation'],
    maxItems: { ResourceIds: 1000, Names: 1000 },
  },
  'services/getAll': { doc: 'services.md#get-all-services', required: ['Limitation'], maxItems: { ServiceIds: 1000 } },
  'productServiceOrders/getAll': {
    doc: 'productserviceorders.md#get-all-product-service-orders',
    required: ['ServiceIds', 'Limitation'],
    maxItems: { ServiceIds: 1000, ProductServiceOrderIds: 1000, AccountIds: 1000, LinkedReservationIds: 1000 },
  },
  'orderItems/getAll': {
    doc: 'orderitems.md#get-all-order-items',
    required: ['Limitation'],
    oneOf: ['OrderItemIds', 'ServiceOrderIds', 'ServiceIds', 'BillIds', 'CreatedUtc', 'UpdatedUtc', 'ClosedUtc'],
    maxItems: { OrderItemIds: 1000, AccountIds: 100, ServiceOrderIds: 1000, ServiceIds: 1000, BillIds: 1000 },
  },
  'payments/getAll': {
    doc: 'payments.md#get-all-payments',
    required: ['Limitation'],
    // "At least one filter parameter must be specified."
    oneOf: ['PaymentIds', 'AccountIds', 'BillIds', 'ReservationIds', 'CreatedUtc', 'UpdatedUtc', 'ChargedUtc', 'ClosedUtc', 'SettlementUtc'],
    maxItems: { PaymentIds: 1000, AccountIds: 100, BillIds: 1000, ReservationIds: 1000 },
  },
  'payments/addExternal': { doc: 'payments.md#add-external-payment', required: ['AccountId', 'Amount'] },
  'orders/add': {
    doc: 'orders.md#add-order',
    required: ['ServiceId', 'AccountId', 'ProductOrders[].ProductId', 'Items[].Name', 'Items[].UnitCount', 'Items[].UnitAmount'],
  },
};

const present = (value: unknown) => value !== undefined && value !== null;

/**
 * The ways `body` breaks the documented contract of `operation`, in Mews's own wording ("X is
 * required." for a missing property, as the mock words it; "Invalid X." for too many items, as
 * Mews words a bad parameter). Empty when the request meets the contract.
 */
export function mewsContractProblems(operation: string, body: Record<string, unknown>): string[] {
  const contract = mewsRequestContracts[operation];
  if (!contract) return [`${operation} is not in the table of documented operations.`];
  const problems: string[] = [];
  for (const name of [...MEWS_AUTH_FIELDS, ...contract.required]) {
    const [list, field] = name.split('[].');
    if (field === undefined) {
      if (!present(body[name])) problems.push(`${name} is required.`);
      continue;
    }
    const items = body[list!];
    if (Array.isArray(items) && items.some((item) => typeof item !== 'object' || item === null || !present((item as Record<string, unknown>)[field]))) {
      problems.push(`${list} ${field} is required.`);
    }
  }
  if (contract.oneOf && !contract.oneOf.some((name) => present(body[name]))) problems.push(`${contract.oneOf[0]} is required.`);
  for (const [name, max] of Object.entries(contract.maxItems ?? {})) {
    const value = body[name];
    if (Array.isArray(value) && value.length > max) problems.push(`Invalid ${name}.`);
  }
  return problems;
}

/** `mewsContractProblems` for a request as the adapter sent it (a POST with a JSON body). */
export function checkMewsRequest(request: VendorRequest): string[] {
  const path = pathOf(request);
  const prefix = '/api/connector/v1/';
  if (request.method !== 'POST' || !path.startsWith(prefix)) return [`${request.method} ${path} is not a Connector API call`];
  let body: unknown;
  try {
    body = JSON.parse(request.body ?? '');
  } catch {
    return ['the body is not JSON'];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['the body is not a JSON object'];
  return mewsContractProblems(path.slice(prefix.length), body as Record<string, unknown>);
}
