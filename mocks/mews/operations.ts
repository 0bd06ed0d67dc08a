import { randomUUID } from 'node:crypto';
import { mewsEnabledExternalPaymentTypes, mewsTaxRates } from './credentials.js';
import {
  forbidden,
  inInterval,
  invalid,
  missing,
  MewsError,
  optionalBoolean,
  optionalDateTime,
  optionalEnums,
  optionalInterval,
  optionalObject,
  optionalString,
  optionalStrings,
  paginate,
  requiredLimitation,
  requiredString,
  type Body,
} from './request.js';
import {
  grossAmount,
  openConsumedBalanceMinor,
  paymentAmount,
  type Customer,
  type EnterpriseState,
  type IdentityDocument,
  type OrderItem,
  type ReservationState,
} from './state.js';
import { addDays, isoUtc, localDate } from './time.js';

/**
 * The Connector API operations the mock implements, keyed by their exact path after
 * `/api/connector/v1/`. Each gets the parsed body and the enterprise the AccessToken belongs to
 * (the token already fixes the enterprise, as for a non-portfolio token in Mews).
 */
export interface OperationContext {
  body: Body;
  ent: EnterpriseState;
  now: Date;
}

type Operation = (ctx: OperationContext) => unknown;

const RESERVATION_STATES: readonly ReservationState[] = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'];
const ACCOUNTING_STATES = ['Open', 'Closed', 'Inactive', 'Canceled'] as const;
const ORDER_ITEM_TYPES = ['SpaceOrder', 'ProductOrder', 'CustomItem', 'CityTax', 'CancellationFee', 'Deposit'] as const;
const PAYMENT_STATES = ['Charged', 'Canceled', 'Pending', 'Failed', 'Verifying'] as const;
const DOCUMENT_TYPES: readonly IdentityDocument['Type'][] = ['IdentityCard', 'Passport', 'Visa', 'DriversLicense'];
/** The documented external payment types; only `mewsEnabledExternalPaymentTypes` are enabled. */
const EXTERNAL_PAYMENT_TYPES = [
  'Unspecified', 'BadDebts', 'Bacs', 'WireTransfer', 'Invoice', 'ExchangeRateDifference', 'Complimentary', 'Reseller',
  'ExchangeRoundingDifference', 'Barter', 'Commission', 'BankCharges', 'CrossSettlement', 'Cash', 'CreditCard', 'Prepayment',
  'Cheque', 'Bancontact', 'IDeal', 'PayPal', 'GiftCard', 'LoyaltyPoints', 'ChequeVacances', 'OnlinePayment', 'CardCheck',
  'PaymentHubRedirection', 'Voucher', 'MasterCard', 'Visa', 'Amex', 'Discover', 'DinersClub', 'Jcb', 'UnionPay', 'Twint',
  'Reka', 'LoyaltyCard', 'PosDiningAndSpaReward', 'DirectDebit', 'DepositCheck', 'DepositCash', 'DepositCreditCard',
  'DepositWireTransfer',
];

const matches = (filter: readonly string[] | undefined, value: string | null) =>
  !filter || (value !== null && filter.includes(value));

/**
 * Customer and identity-document operations are chain-scoped: public working notes report that
 * Mews rejects `EnterpriseId` there, which catches adapters that send it everywhere.
 */
function rejectEnterpriseScope(body: Body): void {
  if (body.EnterpriseId !== undefined) throw invalid('EnterpriseId');
  if (body.EnterpriseIds !== undefined) throw invalid('EnterpriseIds');
}

function findReservation(ent: EnterpriseState, id: string, name = 'ReservationId') {
  const reservation = ent.reservations.find((r) => r.Id === id);
  if (!reservation) throw invalid(name);
  return reservation;
}

function findCustomer(ent: EnterpriseState, id: string, name: string): Customer {
  const customer = ent.customers.find((c) => c.Id === id);
  if (!customer) throw invalid(name);
  return customer;
}

function enterpriseFilterExcludes(ctx: OperationContext): boolean {
  const ids = optionalStrings(ctx.body, 'EnterpriseIds', 1000);
  return ids !== undefined && !ids.includes(ctx.ent.config.enterpriseId);
}

/**
 * Amount parameters `{ Currency, GrossValue | NetValue, TaxCodes }`. The demo enterprises are
 * gross-priced, which in Mews means `GrossValue` and exactly one tax code.
 */
function parseGrossAmount(ent: EnterpriseState, value: unknown, name: string): { grossMinor: number; taxCode: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(name);
  const amount = value as Body;
  if (amount.Currency !== ent.config.currency) throw invalid(`${name} Currency`);
  if (typeof amount.GrossValue !== 'number' || !Number.isFinite(amount.GrossValue)) {
    throw new MewsError(400, `Invalid ${name}. The enterprise is gross-priced: GrossValue is required.`);
  }
  const taxCodes = amount.TaxCodes;
  if (!Array.isArray(taxCodes) || taxCodes.length !== 1 || typeof taxCodes[0] !== 'string' || !(taxCodes[0] in mewsTaxRates)) {
    throw invalid(`${name} TaxCodes`);
  }
  return { grossMinor: Math.round(amount.GrossValue * 100), taxCode: taxCodes[0] };
}

const reservationsGetAll: Operation = (ctx) => {
  const { body, ent } = ctx;
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'ReservationIds', 1000);
  const numbers = optionalStrings(body, 'Numbers', 1000);
  const accountIds = optionalStrings(body, 'AccountIds', 1000);
  const serviceIds = optionalStrings(body, 'ServiceIds', 1000);
  const resourceIds = optionalStrings(body, 'AssignedResourceIds', 1000);
  const states = optionalEnums(body, 'States', RESERVATION_STATES);
  const created = optionalInterval(body, 'CreatedUtc');
  const updated = optionalInterval(body, 'UpdatedUtc');
  const colliding = optionalInterval(body, 'CollidingUtc');
  const scheduledStart = optionalInterval(body, 'ScheduledStartUtc');
  const scheduledEnd = optionalInterval(body, 'ScheduledEndUtc');
  const excluded = enterpriseFilterExcludes(ctx);
  const found = excluded
    ? []
    : ent.reservations.filter(
        (r) =>
          matches(ids, r.Id) &&
          matches(numbers, r.Number) &&
          matches(accountIds, r.AccountId) &&
          matches(serviceIds, r.ServiceId) &&
          matches(resourceIds, r.AssignedResourceId) &&
          matches(states, r.State) &&
          inInterval(r.CreatedUtc, created) &&
          inInterval(r.UpdatedUtc, updated) &&
          inInterval(r.ScheduledStartUtc, scheduledStart) &&
          inInterval(r.ScheduledEndUtc, scheduledEnd) &&
          (!colliding || (Date.parse(r.ScheduledStartUtc) <= colliding.end && Date.parse(r.ScheduledEndUtc) >= colliding.start)),
      );
  const page = paginate(ent.reservations, found, limitation);
  return { Reservations: page.items, Cursor: page.cursor };
};

const customersGetAll: Operation = ({ body, ent }) => {
  rejectEnterpriseScope(body);
  const extent = optionalObject(body, 'Extent');
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'CustomerIds', 1000);
  const lower = (name: string) => optionalStrings(body, name, 1000)?.map((v) => v.toLowerCase());
  const emails = lower('Emails');
  const firstNames = lower('FirstNames');
  const lastNames = lower('LastNames');
  const loyaltyCodes = optionalStrings(body, 'LoyaltyCodes', 1000);
  const created = optionalInterval(body, 'CreatedUtc');
  const updated = optionalInterval(body, 'UpdatedUtc');
  if (!ids && !emails && !firstNames && !lastNames && !loyaltyCodes && !created && !updated) throw missing('CustomerIds');
  if (!extent || optionalBoolean(extent, 'Customers') !== true) return { Customers: [], Documents: null, Cursor: null };
  const found = ent.customers.filter(
    (c) =>
      matches(ids, c.Id) &&
      matches(emails, c.Email?.toLowerCase() ?? null) &&
      matches(firstNames, c.FirstName?.toLowerCase() ?? null) &&
      matches(lastNames, c.LastName.toLowerCase()) &&
      matches(loyaltyCodes, c.LoyaltyCode) &&
      inInterval(c.CreatedUtc, created) &&
      inInterval(c.UpdatedUtc, updated),
  );
  const page = paginate(ent.customers, found, limitation);
  return { Customers: page.items, Documents: null, Cursor: page.cursor };
};

/** Plain string fields `customers/update` accepts; blank or omitted leaves the value as it is. */
const CUSTOMER_TEXT_FIELDS = [
  'Title', 'FirstName', 'LastName', 'SecondLastName', 'NationalityCode', 'Sex', 'BirthDate', 'Email', 'Phone',
  'Notes', 'TaxIdentificationNumber', 'LoyaltyCode',
] as const;
const ADDRESS_FIELDS = ['Line1', 'Line2', 'City', 'PostalCode', 'CountryCode', 'CountrySubdivisionCode'] as const;

function validateCustomerField(field: (typeof CUSTOMER_TEXT_FIELDS)[number], value: string): void {
  const ok =
    field === 'Email' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
    : field === 'NationalityCode' ? /^[A-Z]{2}$/.test(value)
    : field === 'BirthDate' ? /^\d{4}-\d{2}-\d{2}$/.test(value)
    : field === 'Title' ? ['Mister', 'Miss', 'Misses'].includes(value)
    : field === 'Sex' ? ['Male', 'Female'].includes(value)
    : true;
  if (!ok) throw invalid(field);
}

const customersUpdate: Operation = ({ body, ent, now }) => {
  rejectEnterpriseScope(body);
  const customer = findCustomer(ent, requiredString(body, 'CustomerId'), 'CustomerId');
  const changes: Partial<Record<(typeof CUSTOMER_TEXT_FIELDS)[number], string>> = {};
  for (const field of CUSTOMER_TEXT_FIELDS) {
    const value = optionalString(body, field)?.trim();
    if (!value) continue;
    validateCustomerField(field, value);
    changes[field] = value;
  }
  if (changes.Email && ent.customers.some((c) => c.Id !== customer.Id && c.Email?.toLowerCase() === changes.Email?.toLowerCase())) {
    throw forbidden('A customer with the same email already exists.');
  }
  const address = optionalObject(body, 'Address');
  const addressChanges: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>> = {};
  for (const field of address ? ADDRESS_FIELDS : []) {
    const value = optionalString(address as Body, field)?.trim();
    if (value) addressChanges[field] = value;
  }
  if (addressChanges.CountryCode && !/^[A-Z]{2}$/.test(addressChanges.CountryCode)) throw invalid('Address CountryCode');
  const classifications = optionalStrings(body, 'Classifications', 100);
  const options = optionalStrings(body, 'Options', 100);

  Object.assign(customer, changes);
  if (Object.keys(addressChanges).length > 0) {
    const current = customer.Address ?? {
      Id: randomUUID(),
      Line1: null,
      Line2: null,
      City: null,
      PostalCode: null,
      CountryCode: null,
      CountrySubdivisionCode: null,
      Latitude: null,
      Longitude: null,
    };
    customer.Address = { ...current, ...addressChanges };
    customer.AddressId = customer.Address.Id;
  }
  if (classifications) customer.Classifications = classifications;
  if (options) customer.Options = options;
  customer.UpdatedUtc = isoUtc(now);
  customer.UpdaterProfileId = ent.connectorProfileId;
  return customer;
};

const identityDocumentsGetAll: Operation = ({ body, ent }) => {
  rejectEnterpriseScope(body);
  const limitation = requiredLimitation(body);
  const customerIds = optionalStrings(body, 'CustomerIds', 100) ?? [];
  const ids = optionalStrings(body, 'IdentityDocumentIds', 100);
  const types = optionalEnums(body, 'Types', DOCUMENT_TYPES);
  const found = ent.identityDocuments.filter(
    (d) => customerIds.includes(d.CustomerId) && matches(ids, d.Id) && matches(types, d.Type),
  );
  const page = paginate(ent.identityDocuments, found, limitation);
  return { IdentityDocuments: page.items, Cursor: page.cursor };
};

const identityDocumentsAdd: Operation = ({ body, ent }) => {
  rejectEnterpriseScope(body);
  const documents = body.IdentityDocuments;
  if (!Array.isArray(documents) || documents.length === 0) throw invalid('IdentityDocuments');
  const created: IdentityDocument[] = documents.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) throw invalid('IdentityDocuments');
    const doc = raw as Body;
    const customer = findCustomer(ent, requiredString(doc, 'CustomerId'), 'CustomerId');
    const type = requiredString(doc, 'Type');
    if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) throw invalid('Type');
    const number = optionalString(doc, 'Number') ?? '';
    return {
      Id: randomUUID(),
      CustomerId: customer.Id,
      Type: type as IdentityDocument['Type'],
      Number: number,
      ExpirationDate: optionalDateTime(doc, 'ExpirationDate') ?? null,
      IssuanceDate: optionalDateTime(doc, 'IssuanceDate') ?? null,
      IssuingCountryCode: optionalString(doc, 'IssuingCountryCode') ?? null,
      IssuingCountrySubdivisionCode: optionalString(doc, 'IssuingCountrySubdivisionCode') ?? null,
      IssuingCity: optionalString(doc, 'IssuingCity') ?? null,
      IdentityDocumentSupportNumber: optionalString(doc, 'IdentityDocumentSupportNumber') ?? null,
      IsVerified: optionalBoolean(doc, 'IsVerified') ?? false,
    };
  });
  ent.identityDocuments.push(...created);
  return { IdentityDocuments: created };
};

const orderItemsGetAll: Operation = (ctx) => {
  const { body, ent } = ctx;
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'OrderItemIds', 1000);
  const accountIds = optionalStrings(body, 'AccountIds', 100);
  const serviceOrderIds = optionalStrings(body, 'ServiceOrderIds', 1000);
  const serviceIds = optionalStrings(body, 'ServiceIds', 1000);
  const billIds = optionalStrings(body, 'BillIds', 1000);
  const created = optionalInterval(body, 'CreatedUtc');
  const updated = optionalInterval(body, 'UpdatedUtc');
  const consumed = optionalInterval(body, 'ConsumedUtc');
  const canceled = optionalInterval(body, 'CanceledUtc');
  const closed = optionalInterval(body, 'ClosedUtc');
  const states = optionalEnums(body, 'AccountingStates', ACCOUNTING_STATES);
  const types = optionalEnums(body, 'Types', ORDER_ITEM_TYPES);
  const found = enterpriseFilterExcludes(ctx)
    ? []
    : ent.orderItems.filter(
        (i) =>
          matches(ids, i.Id) &&
          matches(accountIds, i.AccountId) &&
          matches(serviceOrderIds, i.ServiceOrderId) &&
          matches(serviceIds, i.ServiceId) &&
          matches(billIds, i.BillId) &&
          matches(states, i.AccountingState) &&
          matches(types, i.Type) &&
          inInterval(i.CreatedUtc, created) &&
          inInterval(i.UpdatedUtc, updated) &&
          inInterval(i.ConsumedUtc, consumed) &&
          inInterval(i.CanceledUtc, canceled) &&
          inInterval(i.ClosedUtc, closed),
      );
  const page = paginate(ent.orderItems, found, limitation);
  return { OrderItems: page.items, Cursor: page.cursor };
};

const paymentsGetAll: Operation = (ctx) => {
  const { body, ent } = ctx;
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'PaymentIds', 1000);
  const accountIds = optionalStrings(body, 'AccountIds', 100);
  const billIds = optionalStrings(body, 'BillIds', 1000);
  const reservationIds = optionalStrings(body, 'ReservationIds', 1000);
  const created = optionalInterval(body, 'CreatedUtc');
  const updated = optionalInterval(body, 'UpdatedUtc');
  const charged = optionalInterval(body, 'ChargedUtc');
  const closed = optionalInterval(body, 'ClosedUtc');
  const accountingStates = optionalEnums(body, 'AccountingStates', ACCOUNTING_STATES);
  const states = optionalEnums(body, 'States', PAYMENT_STATES);
  const type = optionalString(body, 'Type');
  const found = enterpriseFilterExcludes(ctx)
    ? []
    : ent.payments.filter(
        (p) =>
          matches(ids, p.Id) &&
          matches(accountIds, p.AccountId) &&
          matches(billIds, p.BillId) &&
          matches(reservationIds, p.ReservationId) &&
          matches(accountingStates, p.AccountingState) &&
          matches(states, p.State) &&
          (type === undefined || type === 'Payment' || p.Type === type) &&
          inInterval(p.CreatedUtc, created) &&
          inInterval(p.UpdatedUtc, updated) &&
          inInterval(p.ChargedUtc, charged) &&
          inInterval(p.ClosedUtc, closed),
      );
  const page = paginate(ent.payments, found, limitation);
  return { Payments: page.items, Cursor: page.cursor };
};

/**
 * Lets a connector find the orders posted against a stay: `orders/add` creates a product service
 * order whose items carry the order's Id as `ServiceOrderId`, not the reservation's, so
 * `orderItems/getAll { ServiceOrderIds: [reservationId] }` alone misses them. `ServiceIds` is
 * required (request-contract.ts), so a connector names the services whose orders it wants.
 */
const productServiceOrdersGetAll: Operation = ({ body, ent }) => {
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'ProductServiceOrderIds', 1000);
  const serviceIds = optionalStrings(body, 'ServiceIds', 1000);
  const accountIds = optionalStrings(body, 'AccountIds', 1000);
  const linked = optionalStrings(body, 'LinkedReservationIds', 1000);
  const updated = optionalInterval(body, 'UpdatedUtc');
  const states = optionalEnums(body, 'States', RESERVATION_STATES);
  const found = ent.serviceOrders.filter(
    (o) =>
      matches(ids, o.Id) &&
      matches(serviceIds, o.ServiceId) &&
      matches(accountIds, o.AccountId) &&
      matches(linked, o.LinkedReservationId) &&
      matches(states, o.State) &&
      inInterval(o.UpdatedUtc, updated),
  );
  const page = paginate(ent.serviceOrders, found, limitation);
  return { ProductServiceOrders: page.items, Cursor: page.cursor };
};

const SERVICE_TYPES = ['Bookable', 'Additional'] as const;

const servicesGetAll: Operation = (ctx) => {
  const { body, ent } = ctx;
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'ServiceIds', 1000);
  const type = optionalString(body, 'ServiceType');
  if (type !== undefined && !(SERVICE_TYPES as readonly string[]).includes(type)) throw invalid('ServiceType');
  const updated = optionalInterval(body, 'UpdatedUtc');
  const found = enterpriseFilterExcludes(ctx)
    ? []
    : ent.services.filter((s) => matches(ids, s.Id) && (type === undefined || s.Data.Discriminator === type) && inInterval(s.UpdatedUtc, updated));
  const page = paginate(ent.services, found, limitation);
  return { Services: page.items, Cursor: page.cursor };
};

const resourcesGetAll: Operation = (ctx) => {
  const { body, ent } = ctx;
  const extent = optionalObject(body, 'Extent');
  const limitation = requiredLimitation(body);
  const ids = optionalStrings(body, 'ResourceIds', 1000);
  const names = optionalStrings(body, 'Names', 1000);
  if (!extent || optionalBoolean(extent, 'Resources') !== true || enterpriseFilterExcludes(ctx)) return { Resources: [], Cursor: null };
  const found = ent.resources.filter((r) => matches(ids, r.Id) && matches(names, r.Name));
  const page = paginate(ent.resources, found, limitation);
  return { Resources: page.items, Cursor: page.cursor };
};

/**
 * `orders/add`: posts charges to a customer account. Mews has no idempotency key here; calling it
 * twice posts twice. `ExternalIdentifier` is stored so a connector can look before it retries.
 */
const ordersAdd: Operation = ({ body, ent, now }) => {
  const { config } = ent;
  const serviceId = requiredString(body, 'ServiceId');
  if (serviceId !== config.chargeServiceId && serviceId !== config.foodBeverageServiceId) throw invalid('ServiceId');
  const customer = findCustomer(ent, requiredString(body, 'AccountId'), 'AccountId');
  const linkedId = optionalString(body, 'LinkedReservationId');
  if (linkedId !== undefined) findReservation(ent, linkedId, 'LinkedReservationId');
  const consumedUtc = optionalDateTime(body, 'ConsumptionUtc');
  const notes = optionalString(body, 'Notes') ?? null;
  const rawItems = body.Items ?? [];
  const rawProducts = body.ProductOrders ?? [];
  if (!Array.isArray(rawItems)) throw invalid('Items');
  if (!Array.isArray(rawProducts)) throw invalid('ProductOrders');
  if (rawItems.length === 0 && rawProducts.length === 0) throw missing('Items');

  const nowUtc = isoUtc(now);
  const orderId = randomUUID();
  const base = {
    EnterpriseId: config.enterpriseId,
    AccountId: customer.Id,
    AccountType: 'Customer' as const,
    ServiceId: serviceId,
    ServiceOrderId: orderId,
    Notes: notes,
    BillId: null,
    CreatorProfileId: ent.connectorProfileId,
    UpdaterProfileId: ent.connectorProfileId,
    CreatedUtc: nowUtc,
    UpdatedUtc: nowUtc,
    ConsumedUtc: consumedUtc ? isoUtc(new Date(consumedUtc)) : nowUtc,
    CanceledUtc: null,
    ClosedUtc: null,
    StartUtc: null,
    AccountingState: 'Open' as const,
    Options: { CanceledWithReservation: false },
  };
  const items: OrderItem[] = rawItems.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) throw invalid('Items');
    const item = raw as Body;
    const name = requiredString(item, 'Name');
    const unitCount = item.UnitCount;
    if (typeof unitCount !== 'number' || !Number.isInteger(unitCount) || unitCount < 1) throw invalid('UnitCount');
    const { grossMinor, taxCode } = parseGrossAmount(ent, item.UnitAmount, 'UnitAmount');
    const categoryId = optionalString(item, 'AccountingCategoryId') ?? null;
    if (categoryId !== null && !Object.values(config.accountingCategoryIds).includes(categoryId)) throw invalid('AccountingCategoryId');
    return {
      ...base,
      Id: randomUUID(),
      AccountingCategoryId: categoryId,
      BillingName: name,
      ExternalIdentifier: optionalString(item, 'ExternalIdentifier') ?? null,
      UnitCount: unitCount,
      UnitAmount: grossAmount(config.currency, grossMinor, taxCode),
      Amount: grossAmount(config.currency, grossMinor * unitCount, taxCode),
      OriginalAmount: grossAmount(config.currency, grossMinor * unitCount, taxCode),
      RevenueType: 'Additional',
      Type: 'CustomItem',
      Data: null,
    };
  });
  const productItems: OrderItem[] = rawProducts.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) throw invalid('ProductOrders');
    const order = raw as Body;
    const product = ent.products.find((p) => p.Id === order.ProductId && p.ServiceId === serviceId);
    if (!product) throw invalid('ProductId');
    const count = order.Count ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw invalid('Count');
    const price =
      order.UnitAmount === undefined || order.UnitAmount === null
        ? { grossMinor: product.grossMinor, taxCode: product.taxCode }
        : parseGrossAmount(ent, order.UnitAmount, 'UnitAmount');
    return {
      ...base,
      Id: randomUUID(),
      AccountingCategoryId: product.accountingCategoryId,
      BillingName: product.Name,
      ExternalIdentifier: optionalString(order, 'ExternalIdentifier') ?? null,
      UnitCount: count,
      UnitAmount: grossAmount(config.currency, price.grossMinor, price.taxCode),
      Amount: grossAmount(config.currency, price.grossMinor * count, price.taxCode),
      OriginalAmount: grossAmount(config.currency, price.grossMinor * count, price.taxCode),
      RevenueType: 'Product',
      Type: 'ProductOrder',
      Data: { Discriminator: 'Product', Product: { ProductId: product.Id, AgeCategoryId: null } },
    };
  });

  ent.serviceOrders.push({
    Id: orderId,
    ServiceId: serviceId,
    AccountId: customer.Id,
    AccountType: 'Customer',
    CreatorProfileId: ent.connectorProfileId,
    UpdaterProfileId: ent.connectorProfileId,
    BookerId: null,
    Number: String(ent.nextOrderNumber++),
    State: 'Confirmed',
    Origin: 'Connector',
    CommanderOrigin: null,
    OriginDetails: null,
    CreatedUtc: nowUtc,
    UpdatedUtc: nowUtc,
    CancelledUtc: null,
    VoucherId: null,
    BusinessSegmentId: null,
    LinkedReservationId: linkedId ?? null,
    Options: { OwnerCheckedIn: false, AllCompanionsCheckedIn: false, AnyCompanionCheckedIn: false, ConnectorCheckIn: false },
  });
  ent.orderItems.push(...items, ...productItems);
  return { OrderId: orderId };
};

/**
 * `payments/addExternal`: records a payment taken outside Mews (e.g. by Stripe). No idempotency:
 * a second call records a second payment.
 */
const paymentsAddExternal: Operation = ({ body, ent, now }) => {
  const { config } = ent;
  const customer = findCustomer(ent, requiredString(body, 'AccountId'), 'AccountId');
  const amount = optionalObject(body, 'Amount');
  if (!amount) throw missing('Amount');
  if (amount.Currency !== config.currency) throw invalid('Amount Currency');
  if (typeof amount.GrossValue !== 'number' || !Number.isFinite(amount.GrossValue) || amount.GrossValue === 0) throw invalid('Amount');
  const reservationId = optionalString(body, 'ReservationId');
  if (reservationId !== undefined) findReservation(ent, reservationId);
  const categoryId = optionalString(body, 'AccountingCategoryId') ?? null;
  if (categoryId !== null && !Object.values(config.accountingCategoryIds).includes(categoryId)) throw invalid('AccountingCategoryId');
  if (optionalString(body, 'BillId') !== undefined) throw invalid('BillId');
  const type = optionalString(body, 'Type') ?? 'Unspecified';
  if (!EXTERNAL_PAYMENT_TYPES.includes(type)) throw invalid('Type');
  if (!(mewsEnabledExternalPaymentTypes as readonly string[]).includes(type)) {
    throw forbidden(`The external payment type ${type} is not enabled for the enterprise.`);
  }
  const nowUtc = isoUtc(now);
  const paid = paymentAmount(config.currency, Math.round(amount.GrossValue * 100));
  const id = randomUUID();
  ent.payments.push({
    Id: id,
    EnterpriseId: config.enterpriseId,
    AccountId: customer.Id,
    AccountType: 'Customer',
    PaymentRequestId: null,
    BillId: null,
    ReservationId: reservationId ?? null,
    AccountingCategoryId: categoryId,
    Amount: paid,
    OriginalAmount: paid,
    Notes: optionalString(body, 'Notes') ?? null,
    SettlementId: null,
    ConsumedUtc: nowUtc,
    ClosedUtc: null,
    ChargedUtc: nowUtc,
    CreatedUtc: nowUtc,
    UpdatedUtc: nowUtc,
    SettlementUtc: null,
    AccountingState: 'Open',
    State: 'Charged',
    Identifier: null,
    Type: 'ExternalPayment',
    Kind: null,
    Data: { Discriminator: 'External', External: { Type: type, ExternalIdentifier: optionalString(body, 'ExternalIdentifier') ?? null } },
    PaymentOrigin: 'Api',
  });
  return { ExternalPaymentId: id };
};

/** Check-in. Mews: state Confirmed, start not in the future, an inspected room assigned. */
const reservationsStart: Operation = ({ body, ent, now }) => {
  const reservation = findReservation(ent, requiredString(body, 'ReservationId'));
  const tz = ent.config.timeZone;
  if (reservation.State !== 'Confirmed') {
    throw forbidden(`The reservation cannot be started because it is in state ${reservation.State}.`);
  }
  if (localDate(new Date(reservation.ScheduledStartUtc), tz) > localDate(now, tz)) {
    throw forbidden('The reservation cannot be started because its start is in the future.');
  }
  const room = ent.resources.find((r) => r.Id === reservation.AssignedResourceId);
  if (!room || room.State !== 'Inspected') {
    throw forbidden('The reservation cannot be started because no inspected space is assigned.');
  }
  const nowUtc = isoUtc(now);
  reservation.State = 'Started';
  reservation.ActualStartUtc = nowUtc;
  reservation.StartUtc = nowUtc;
  reservation.UpdatedUtc = nowUtc;
  reservation.UpdaterProfileId = ent.connectorProfileId;
  reservation.Options = { OwnerCheckedIn: true, AllCompanionsCheckedIn: true, AnyCompanionCheckedIn: true, ConnectorCheckIn: true };
  return {};
};

/**
 * Check-out. Mews: state Started, not before the last night, and a zero consumed balance of the
 * owner's account unless `AllowOpenBalance` (which then requires `Notes`). `CloseBills` closes the
 * settled items and payments.
 */
const reservationsProcess: Operation = ({ body, ent, now }) => {
  const reservation = findReservation(ent, requiredString(body, 'ReservationId'));
  const closeBills = optionalBoolean(body, 'CloseBills') ?? false;
  const allowOpenBalance = optionalBoolean(body, 'AllowOpenBalance') ?? false;
  const notes = optionalString(body, 'Notes')?.trim();
  if (allowOpenBalance && !notes) throw missing('Notes');
  const tz = ent.config.timeZone;
  if (reservation.State === 'Processed') throw forbidden('The reservation is already processed.');
  if (reservation.State !== 'Started') {
    throw forbidden(`The reservation cannot be processed because it is in state ${reservation.State}.`);
  }
  const lastNight = addDays(localDate(new Date(reservation.ScheduledEndUtc), tz), -1);
  if (localDate(now, tz) < lastNight) {
    throw forbidden('The reservation cannot be processed before the last day of the stay.');
  }
  const balance = openConsumedBalanceMinor(ent, reservation.AccountId, now);
  if (balance !== 0 && !allowOpenBalance) {
    throw forbidden('The reservation cannot be processed because the balance of the reservation members is not zero.');
  }
  const nowUtc = isoUtc(now);
  reservation.State = 'Processed';
  reservation.ActualEndUtc = nowUtc;
  reservation.UpdatedUtc = nowUtc;
  reservation.UpdaterProfileId = ent.connectorProfileId;
  const room = ent.resources.find((r) => r.Id === reservation.AssignedResourceId);
  if (room) {
    room.State = 'Dirty';
    room.UpdatedUtc = nowUtc;
  }
  if (closeBills && balance === 0) {
    for (const entry of [...ent.orderItems, ...ent.payments]) {
      const consumed = entry.ConsumedUtc !== null && Date.parse(entry.ConsumedUtc) <= now.getTime();
      if (entry.AccountId === reservation.AccountId && entry.AccountingState === 'Open' && consumed) {
        entry.AccountingState = 'Closed';
        entry.ClosedUtc = nowUtc;
        entry.UpdatedUtc = nowUtc;
      }
    }
  }
  return {};
};

/** The fields of a reservation update the mock implements; Mews takes more (dates, rate, ...). */
const UPDATABLE = new Set(['ReservationId', 'AssignedResourceId', 'AssignedResourceLocked']);

/** An update value `{ "Value": x }`; the docs' own example sends a boolean as `"false"`. */
function updateValue(update: Body, name: string): { Value: unknown } | undefined {
  const wrapper = update[name];
  if (wrapper === undefined || wrapper === null) return undefined;
  if (typeof wrapper !== 'object' || Array.isArray(wrapper) || !('Value' in wrapper)) throw invalid(name);
  return wrapper as { Value: unknown };
}

function lockValue(update: Body): boolean | undefined {
  const value = updateValue(update, 'AssignedResourceLocked')?.Value;
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid('AssignedResourceLocked');
}

/**
 * `reservations/update`, for what the connector changes: the assigned room (`AssignedResourceId`)
 * and its lock (`AssignedResourceLocked`; unlocking and moving in one call is allowed). Mews's
 * rules: a locked reservation keeps its space, a space holds one reservation at a time, and a
 * guest who moves out of a space in house leaves it dirty. Fields the mock does not implement are
 * refused, so a connector cannot rely on a change that was silently dropped.
 */
const reservationsUpdate: Operation = ({ body, ent, now }) => {
  const updates = body.ReservationUpdates;
  if (updates === undefined || updates === null) throw missing('ReservationUpdates');
  if (!Array.isArray(updates) || updates.length === 0 || updates.length > 1000) throw invalid('ReservationUpdates');
  optionalString(body, 'Reason');
  const planned = updates.map((raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('ReservationUpdates');
    const update = raw as Body;
    const unsupported = Object.keys(update).find((name) => !UPDATABLE.has(name) && update[name] !== null);
    if (unsupported) throw invalid(unsupported);
    const reservation = findReservation(ent, requiredString(update, 'ReservationId'));
    const resourceId = updateValue(update, 'AssignedResourceId')?.Value;
    if (resourceId !== undefined && resourceId !== null && typeof resourceId !== 'string') throw invalid('AssignedResourceId');
    const resource = typeof resourceId === 'string' ? ent.resources.find((r) => r.Id === resourceId && r.IsActive) : undefined;
    if (typeof resourceId === 'string' && !resource) throw invalid('AssignedResourceId');
    return { reservation, resource, lock: lockValue(update) };
  });
  for (const { reservation, resource, lock } of planned) {
    if (!resource || resource.Id === reservation.AssignedResourceId) continue;
    if (reservation.AssignedResourceLocked && lock !== false) throw forbidden('The reservation is locked to its space; unlock it to move it.');
    if (reservation.State === 'Canceled' || reservation.State === 'Processed') {
      throw forbidden(`The space of a reservation in state ${reservation.State} cannot be changed.`);
    }
    if (resource.State === 'OutOfOrder' || resource.State === 'OutOfService') throw forbidden(`The space ${resource.Name} is ${resource.State}.`);
    const occupied = ent.reservations.some(
      (other) =>
        other !== reservation &&
        other.AssignedResourceId === resource.Id &&
        (other.State === 'Started' || other.State === 'Confirmed') &&
        other.StartUtc < reservation.EndUtc &&
        reservation.StartUtc < other.EndUtc,
    );
    if (occupied) throw forbidden(`The space ${resource.Name} is occupied by another reservation.`);
  }
  const nowUtc = isoUtc(now);
  for (const { reservation, resource, lock } of planned) {
    if (resource && resource.Id !== reservation.AssignedResourceId) {
      const left = ent.resources.find((r) => r.Id === reservation.AssignedResourceId);
      if (left && reservation.State === 'Started') {
        left.State = 'Dirty';
        left.UpdatedUtc = nowUtc;
      }
      reservation.AssignedResourceId = resource.Id;
    }
    if (lock !== undefined) reservation.AssignedResourceLocked = lock;
    reservation.UpdatedUtc = nowUtc;
    reservation.UpdaterProfileId = ent.connectorProfileId;
  }
  return { Reservations: planned.map(({ reservation }) => reservation) };
};

export const operations: Readonly<Record<string, Operation>> = {
  'reservations/getAll/2023-06-06': reservationsGetAll,
  'reservations/update': reservationsUpdate,
  'reservations/start': reservationsStart,
  'reservations/process': reservationsProcess,
  'customers/getAll': customersGetAll,
  'customers/update': customersUpdate,
  'identityDocuments/getAll': identityDocumentsGetAll,
  'identityDocuments/add': identityDocumentsAdd,
  'orderItems/getAll': orderItemsGetAll,
  'payments/getAll': paymentsGetAll,
  'productServiceOrders/getAll': productServiceOrdersGetAll,
  'resources/getAll': resourcesGetAll,
  'services/getAll': servicesGetAll,
  'orders/add': ordersAdd,
  'payments/addExternal': paymentsAddExternal,
};
