import { createHash } from 'node:crypto';
import { demoStays, type DemoStay, type DemoStatus } from '../shared/demo-stays.js';
import { mewsDemoEnterprises, mewsTaxRates, type MewsDemoEnterprise } from './credentials.js';
import { addDays, isoUtc, localDate, localTimeToUtc } from './time.js';

/**
 * In-memory state of the Mews mock, one `EnterpriseState` per AccessToken. Records are kept in
 * their wire shape (PascalCase, Connector API field names) because they are the data; arrays keep
 * insertion order, which is what cursor paging walks.
 *
 * Balances are never stored: they are summed from order items (charges, positive) and payments
 * (negative), as in Mews.
 */

export interface Amount {
  Currency: string;
  NetValue: number;
  GrossValue: number;
  TaxValues: Array<{ Code: string; Value: number }>;
  Breakdown: { Items: Array<{ TaxRateCode: string | null; NetValue: number; TaxValue: number }> };
}

export interface ServiceOrderOptions {
  OwnerCheckedIn: boolean;
  AllCompanionsCheckedIn: boolean;
  AnyCompanionCheckedIn: boolean;
  ConnectorCheckIn: boolean;
}

export type ReservationState = 'Inquired' | 'Confirmed' | 'Started' | 'Processed' | 'Canceled' | 'Optional' | 'Requested';

export interface Reservation {
  Id: string;
  ServiceId: string;
  AccountId: string;
  AccountType: 'Customer';
  CreatorProfileId: string;
  UpdaterProfileId: string;
  BookerId: string | null;
  Number: string;
  State: ReservationState;
  Origin: string;
  CommanderOrigin: string | null;
  OriginDetails: string | null;
  CreatedUtc: string;
  UpdatedUtc: string;
  CancelledUtc: string | null;
  VoucherId: string | null;
  BusinessSegmentId: string | null;
  Options: ServiceOrderOptions;
  RateId: string;
  CreditCardId: string | null;
  GroupId: string;
  RequestedResourceCategoryId: string;
  AssignedResourceId: string | null;
  AvailabilityBlockId: string | null;
  PartnerCompanyId: string | null;
  TravelAgencyId: string | null;
  AssignedResourceLocked: boolean;
  ChannelNumber: string | null;
  ChannelManagerNumber: string | null;
  CancellationReason: string | null;
  ReleasedUtc: string | null;
  StartUtc: string;
  EndUtc: string;
  ScheduledStartUtc: string;
  ActualStartUtc: string | null;
  ScheduledEndUtc: string;
  ActualEndUtc: string | null;
  Purpose: string | null;
  QrCodeData: string | null;
  PersonCounts: Array<{ AgeCategoryId: string; Count: number }>;
}

export interface Address {
  Id: string;
  Line1: string | null;
  Line2: string | null;
  City: string | null;
  PostalCode: string | null;
  CountryCode: string | null;
  CountrySubdivisionCode: string | null;
  Latitude: number | null;
  Longitude: number | null;
}

export interface Customer {
  Id: string;
  ChainId: string;
  Number: string;
  Title: string | null;
  Sex: string | null;
  FirstName: string | null;
  LastName: string;
  SecondLastName: string | null;
  NationalityCode: string | null;
  LanguageCode: string | null;
  BirthDate: string | null;
  Email: string | null;
  HasOtaEmail: boolean;
  Phone: string | null;
  TaxIdentificationNumber: string | null;
  LoyaltyCode: string | null;
  Notes: string | null;
  CreatedUtc: string;
  UpdatedUtc: string;
  /** Deprecated on the wire but still returned by Mews; kept so the address round-trips. */
  Address: Address | null;
  AddressId: string | null;
  Classifications: string[];
  Options: string[];
  IsActive: boolean;
  PreferredSpaceFeatures: string[];
  CreatorProfileId: string;
  UpdaterProfileId: string;
}

export interface Resource {
  Id: string;
  EnterpriseId: string;
  IsActive: boolean;
  ParentResourceId: string | null;
  Name: string;
  State: 'Dirty' | 'Clean' | 'Inspected' | 'OutOfService' | 'OutOfOrder';
  Descriptions: Record<string, string>;
  CreatedUtc: string;
  UpdatedUtc: string;
  Data: { Discriminator: 'Space'; Value: { FloorNumber: string; LocationNotes: string | null } };
  ExternalNames: Record<string, string>;
  Directions: Record<string, string>;
}

export type AccountingState = 'Open' | 'Closed' | 'Inactive' | 'Canceled';

export interface OrderItem {
  Id: string;
  EnterpriseId: string;
  AccountId: string;
  AccountType: 'Customer';
  ServiceId: string;
  ServiceOrderId: string;
  Notes: string | null;
  BillId: string | null;
  AccountingCategoryId: string | null;
  BillingName: string;
  ExternalIdentifier: string | null;
  UnitCount: number;
  UnitAmount: Amount;
  Amount: Amount;
  OriginalAmount: Amount;
  RevenueType: 'Service' | 'Product' | 'Additional';
  CreatorProfileId: string;
  UpdaterProfileId: string;
  CreatedUtc: string;
  UpdatedUtc: string;
  ConsumedUtc: string;
  CanceledUtc: string | null;
  ClosedUtc: string | null;
  StartUtc: string | null;
  AccountingState: AccountingState;
  Type: 'SpaceOrder' | 'ProductOrder' | 'CustomItem';
  Options: { CanceledWithReservation: boolean };
  Data: { Discriminator: 'Product'; Product: { ProductId: string; AgeCategoryId: string | null } } | null;
}

export interface Payment {
  Id: string;
  EnterpriseId: string;
  AccountId: string;
  AccountType: 'Customer';
  PaymentRequestId: string | null;
  BillId: string | null;
  ReservationId: string | null;
  AccountingCategoryId: string | null;
  Amount: Amount;
  OriginalAmount: Amount;
  Notes: string | null;
  SettlementId: string | null;
  ConsumedUtc: string | null;
  ClosedUtc: string | null;
  ChargedUtc: string | null;
  CreatedUtc: string;
  UpdatedUtc: string;
  SettlementUtc: string | null;
  AccountingState: AccountingState;
  State: 'Charged' | 'Canceled' | 'Pending' | 'Failed' | 'Verifying';
  Identifier: string | null;
  Type: 'CreditCardPayment' | 'ExternalPayment';
  Kind: 'Payment' | null;
  Data:
    | { Discriminator: 'External'; External: { Type: string; ExternalIdentifier: string | null } }
    | { Discriminator: 'CreditCard'; CreditCard: { CreditCardId: string; Transaction: null } };
  PaymentOrigin: string;
}

/** A product service order: what `orders/add` creates; its items carry its Id as `ServiceOrderId`. */
export interface ProductServiceOrder {
  Id: string;
  ServiceId: string;
  AccountId: string;
  AccountType: 'Customer';
  CreatorProfileId: string;
  UpdaterProfileId: string;
  BookerId: string | null;
  Number: string;
  State: ReservationState;
  Origin: string;
  CommanderOrigin: string | null;
  OriginDetails: string | null;
  CreatedUtc: string;
  UpdatedUtc: string;
  CancelledUtc: string | null;
  VoucherId: string | null;
  BusinessSegmentId: string | null;
  LinkedReservationId: string | null;
  Options: ServiceOrderOptions;
}

export interface IdentityDocument {
  Id: string;
  CustomerId: string;
  Type: 'IdentityCard' | 'Passport' | 'Visa' | 'DriversLicense';
  Number: string;
  ExpirationDate: string | null;
  IssuanceDate: string | null;
  IssuingCountryCode: string | null;
  IssuingCountrySubdivisionCode: string | null;
  IssuingCity: string | null;
  IdentityDocumentSupportNumber: string | null;
  IsVerified: boolean;
}

const NO_PROMOTIONS = { BeforeCheckIn: false, AfterCheckIn: false, DuringStay: false, BeforeCheckOut: false, AfterCheckOut: false, DuringCheckOut: false };

/** services.md#service: the stay service is `Bookable`; charges and food & beverage are `Additional`. */
export interface Service {
  Id: string;
  EnterpriseId: string;
  IsActive: boolean;
  Names: Record<string, string>;
  Options: { BillAsPackage: boolean };
  Ordering: number;
  Data:
    | { Discriminator: 'Bookable'; Value: { StartOffset: string; EndOffset: string; OccupancyStartOffset: string; OccupancyEndOffset: string; TimeUnitPeriod: 'Day' } }
    | { Discriminator: 'Additional'; Value: { Promotions: typeof NO_PROMOTIONS } };
  ExternalIdentifier: string | null;
  CreatedUtc: string;
  UpdatedUtc: string;
}

export interface Product {
  Id: string;
  ServiceId: string;
  Name: string;
  grossMinor: number;
  taxCode: string;
  accountingCategoryId: string;
}

export interface EnterpriseState {
  config: MewsDemoEnterprise;
  /** Profile id Mews reports as creator/updater of whatever the connector writes. */
  connectorProfileId: string;
  services: Service[];
  reservations: Reservation[];
  customers: Customer[];
  resources: Resource[];
  orderItems: OrderItem[];
  payments: Payment[];
  serviceOrders: ProductServiceOrder[];
  identityDocuments: IdentityDocument[];
  products: Product[];
  nextCustomerNumber: number;
  nextOrderNumber: number;
}

export interface MewsState {
  enterprises: EnterpriseState[];
  byAccessToken: Map<string, EnterpriseState>;
}

/** Deterministic UUIDs keep seeded ids stable across restarts (handy when reading logs). */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`innkeeper-mews-mock:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const toMajor = (minor: number) => Math.round(minor) / 100;

/**
 * A gross-priced amount. Net and tax are derived from the gross in minor units so the three always
 * add up to the cent, as they do on a real Mews bill.
 */
export function grossAmount(currency: string, grossMinor: number, taxCode: string): Amount {
  const rate = mewsTaxRates[taxCode] ?? 0;
  const netMinor = Math.round(grossMinor / (1 + rate));
  const taxMinor = grossMinor - netMinor;
  return {
    Currency: currency,
    NetValue: toMajor(netMinor),
    GrossValue: toMajor(grossMinor),
    TaxValues: [{ Code: taxCode, Value: toMajor(taxMinor) }],
    Breakdown: { Items: [{ TaxRateCode: taxCode, NetValue: toMajor(netMinor), TaxValue: toMajor(taxMinor) }] },
  };
}

/** Payments carry no tax and are negative. */
export function paymentAmount(currency: string, paidMinor: number): Amount {
  const value = toMajor(-paidMinor);
  return {
    Currency: currency,
    NetValue: value,
    GrossValue: value,
    TaxValues: [],
    Breakdown: { Items: [{ TaxRateCode: null, NetValue: value, TaxValue: 0 }] },
  };
}

export const minorOf = (amount: Amount) => Math.round(amount.GrossValue * 100);

/** Nightly rate per enterprise (invented), in minor units. */
const NIGHT_RATE_MINOR = { harbour: 14_500, alpine: 21_000 } as const;
const MINIBAR_UNIT_MINOR = { harbour: 600, alpine: 800 } as const;
const DINNER_MINOR = { harbour: 4_850, alpine: 6_200 } as const;

/** Extra rooms without a demo stay, so a room can be assigned before check-in; one is dirty. */
const VACANT_ROOMS = {
  harbour: [
    ['201', 'Inspected'],
    ['202', 'Inspected'],
    ['203', 'Inspected'],
    ['206', 'Dirty'],
  ],
  alpine: [
    ['1', 'Inspected'],
    ['2', 'Inspected'],
    ['5', 'Inspected'],
    ['9', 'Dirty'],
  ],
} as const;

/**
 * Mews has no no-show state: a no-show is a `Canceled` reservation with reason `NoShow`.
 */
const STATE_OF: Record<DemoStatus, ReservationState> = {
  reserved: 'Confirmed',
  checked_in: 'Started',
  checked_out: 'Processed',
  cancelled: 'Canceled',
  no_show: 'Canceled',
};

export function createMewsState(now: Date): MewsState {
  const enterprises = (Object.keys(mewsDemoEnterprises) as Array<keyof typeof mewsDemoEnterprises>).map((key) =>
    seedEnterprise(key, now),
  );
  return { enterprises, byAccessToken: new Map(enterprises.map((e) => [e.config.accessToken, e])) };
}

function seedEnterprise(key: 'harbour' | 'alpine', now: Date): EnterpriseState {
  const config: MewsDemoEnterprise = mewsDemoEnterprises[key];
  const tz = config.timeZone;
  const today = localDate(now, tz);
  const at = (offsetDays: number, hour: number) => isoUtc(localTimeToUtc(addDays(today, offsetDays), hour, tz));
  const staffProfileId = stableUuid(`${key}:profile:front-desk`);
  const ent: EnterpriseState = {
    config,
    connectorProfileId: stableUuid(`${key}:profile:connector`),
    services: seedServices(config, at(-400, 9)),
    reservations: [],
    customers: [],
    resources: [],
    orderItems: [],
    payments: [],
    serviceOrders: [],
    identityDocuments: [],
    products: [
      {
        Id: config.minibarProductId,
        ServiceId: config.foodBeverageServiceId,
        Name: 'Minibar',
        grossMinor: MINIBAR_UNIT_MINOR[key],
        taxCode: config.taxCodes.minibar,
        accountingCategoryId: config.accountingCategoryIds.minibar,
      },
    ],
    nextCustomerNumber: 100_001,
    nextOrderNumber: 5_001,
  };
  const stays = demoStays.filter((s) => s.property === key);

  const roomStates = new Map<string, Resource['State']>();
  for (const s of stays) if (s.room) roomStates.set(s.room, s.status === 'checked_in' ? 'Clean' : 'Inspected');
  for (const [name, state] of VACANT_ROOMS[key]) roomStates.set(name, state);
  const roomCreated = at(-400, 9);
  for (const [name, state] of roomStates) {
    ent.resources.push({
      Id: stableUuid(`${key}:resource:${name}`),
      EnterpriseId: config.enterpriseId,
      IsActive: true,
      ParentResourceId: null,
      Name: name,
      State: state,
      Descriptions: {},
      CreatedUtc: roomCreated,
      UpdatedUtc: roomCreated,
      Data: { Discriminator: 'Space', Value: { FloorNumber: name.length > 2 ? name.slice(0, -2) : '0', LocationNotes: null } },
      ExternalNames: { 'en-US': `Room ${name}` },
      Directions: {},
    });
  }

  stays.forEach((stay, index) => seedStay(ent, key, stay, index, { at, today, staffProfileId }));
  return ent;
}

function seedServices(config: MewsDemoEnterprise, createdUtc: string): Service[] {
  const service = (id: string, name: string, ordering: number, data: Service['Data']): Service => ({
    Id: id,
    EnterpriseId: config.enterpriseId,
    IsActive: true,
    Names: { 'en-US': name },
    Options: { BillAsPackage: data.Discriminator === 'Bookable' },
    Ordering: ordering,
    Data: data,
    ExternalIdentifier: null,
    CreatedUtc: createdUtc,
    UpdatedUtc: createdUtc,
  });
  const additional = { Discriminator: 'Additional', Value: { Promotions: NO_PROMOTIONS } } as const;
  return [
    service(config.stayServiceId, 'Accommodation', 0, {
      Discriminator: 'Bookable',
      Value: { StartOffset: 'P0M0DT15H0M0S', EndOffset: 'P0M0DT11H0M0S', OccupancyStartOffset: 'P0M0DT15H0M0S', OccupancyEndOffset: 'P0M0DT11H0M0S', TimeUnitPeriod: 'Day' },
    }),
    service(config.chargeServiceId, 'Spa & extras', 1, additional),
    service(config.foodBeverageServiceId, 'Restaurant & bar', 2, additional),
  ];
}

function seedStay(
  ent: EnterpriseState,
  key: 'harbour' | 'alpine',
  stay: DemoStay,
  index: number,
  ctx: { at: (offsetDays: number, hour: number) => string; today: string; staffProfileId: string },
): void {
  const { config } = ent;
  const { at, staffProfileId } = ctx;
  const tz = config.timeZone;
  const state = STATE_OF[stay.status];
  const bookedUtc = at(stay.arrivalOffset - 21, 10);
  const customerId = stableUuid(`${key}:customer:${stay.confirmation}`);
  const reservationId = stableUuid(`${key}:reservation:${stay.confirmation}`);
  const start = at(stay.arrivalOffset, 15);
  const end = at(stay.departureOffset, 11);
  const actualStart = state === 'Started' || state === 'Processed' ? at(stay.arrivalOffset, 16) : null;
  const actualEnd = state === 'Processed' ? at(stay.departureOffset, 10) : null;
  const cancelledUtc = state === 'Canceled' ? at(Math.min(stay.arrivalOffset, 0) - 1, 12) : null;

  ent.customers.push({
    Id: customerId,
    ChainId: config.chainId,
    Number: String(ent.nextCustomerNumber++),
    Title: null,
    Sex: null,
    FirstName: stay.firstName,
    LastName: stay.lastName,
    SecondLastName: null,
    NationalityCode: null,
    LanguageCode: stay.language ?? null,
    BirthDate: null,
    Email: stay.email,
    HasOtaEmail: false,
    Phone: null,
    TaxIdentificationNumber: null,
    LoyaltyCode: null,
    Notes: null,
    CreatedUtc: bookedUtc,
    UpdatedUtc: bookedUtc,
    Address: null,
    AddressId: null,
    Classifications: [],
    Options: [],
    IsActive: true,
    PreferredSpaceFeatures: [],
    CreatorProfileId: staffProfileId,
    UpdaterProfileId: staffProfileId,
  });

  const personCounts = [{ AgeCategoryId: stableUuid(`${key}:age:adult`), Count: stay.adults }];
  if (stay.children > 0) personCounts.push({ AgeCategoryId: stableUuid(`${key}:age:child`), Count: stay.children });
  const room = stay.room ? ent.resources.find((r) => r.Name === stay.room) : undefined;
  const checkedIn = state === 'Started' || state === 'Processed';
  ent.reservations.push({
    Id: reservationId,
    ServiceId: config.stayServiceId,
    AccountId: customerId,
    AccountType: 'Customer',
    CreatorProfileId: staffProfileId,
    UpdaterProfileId: staffProfileId,
    BookerId: null,
    Number: stay.confirmation,
    State: state,
    Origin: 'Distributor',
    CommanderOrigin: null,
    OriginDetails: null,
    CreatedUtc: bookedUtc,
    UpdatedUtc: cancelledUtc ?? actualEnd ?? actualStart ?? bookedUtc,
    CancelledUtc: cancelledUtc,
    VoucherId: null,
    BusinessSegmentId: null,
    Options: { OwnerCheckedIn: checkedIn, AllCompanionsCheckedIn: checkedIn, AnyCompanionCheckedIn: checkedIn, ConnectorCheckIn: false },
    RateId: stableUuid(`${key}:rate:best-available`),
    CreditCardId: null,
    GroupId: stableUuid(`${key}:group:${stay.confirmation}`),
    RequestedResourceCategoryId: stableUuid(`${key}:category:double`),
    AssignedResourceId: room?.Id ?? null,
    AvailabilityBlockId: null,
    PartnerCompanyId: null,
    TravelAgencyId: null,
    AssignedResourceLocked: false,
    ChannelNumber: null,
    ChannelManagerNumber: null,
    CancellationReason: stay.status === 'no_show' ? 'NoShow' : stay.status === 'cancelled' ? 'RequestedByGuest' : null,
    ReleasedUtc: null,
    StartUtc: actualStart ?? start,
    EndUtc: end,
    ScheduledStartUtc: start,
    ActualStartUtc: actualStart,
    ScheduledEndUtc: end,
    ActualEndUtc: actualEnd,
    Purpose: 'Leisure',
    QrCodeData: null,
    PersonCounts: personCounts,
  });

  // Room nights: one SpaceOrder item per night, consumed at the night's local midnight.
  const nights = stay.departureOffset - stay.arrivalOffset;
  const nightRate = NIGHT_RATE_MINOR[key];
  for (let i = 0; i < nights; i += 1) {
    const nightStart = isoUtc(localTimeToUtc(addDays(ctx.today, stay.arrivalOffset + i), 0, tz));
    const amount = grossAmount(config.currency, nightRate, config.taxCodes.accommodation);
    ent.orderItems.push({
      Id: stableUuid(`${key}:night:${stay.confirmation}:${i}`),
      EnterpriseId: config.enterpriseId,
      AccountId: customerId,
      AccountType: 'Customer',
      ServiceId: config.stayServiceId,
      ServiceOrderId: reservationId,
      Notes: null,
      BillId: null,
      AccountingCategoryId: config.accountingCategoryIds.accommodation,
      BillingName: 'Accommodation',
      ExternalIdentifier: null,
      UnitCount: 1,
      UnitAmount: amount,
      Amount: amount,
      OriginalAmount: amount,
      RevenueType: 'Service',
      CreatorProfileId: staffProfileId,
      UpdaterProfileId: staffProfileId,
      CreatedUtc: bookedUtc,
      UpdatedUtc: cancelledUtc ?? actualEnd ?? bookedUtc,
      ConsumedUtc: nightStart,
      CanceledUtc: cancelledUtc,
      ClosedUtc: actualEnd,
      StartUtc: nightStart,
      AccountingState: state === 'Canceled' ? 'Canceled' : state === 'Processed' ? 'Closed' : 'Open',
      Type: 'SpaceOrder',
      Options: { CanceledWithReservation: state === 'Canceled' },
      Data: null,
    });
  }

  if (state === 'Started') {
    // In-house guests have an extra on their account (alternating minibar / restaurant) and a
    // one-night prepayment, so their balance is open and check-out needs a payment first.
    seedExtra(ent, key, stay, index, { customerId, reservationId, consumedUtc: at(-1, 20), staffProfileId });
    seedPayment(ent, key, `prepayment:${stay.confirmation}`, {
      customerId,
      reservationId,
      paidMinor: nightRate,
      chargedUtc: bookedUtc,
      closedUtc: null,
      external: `ota-${stay.confirmation.toLowerCase()}`,
    });
  }
  if (state === 'Processed') {
    seedPayment(ent, key, `settlement:${stay.confirmation}`, {
      customerId,
      reservationId,
      paidMinor: nightRate * nights,
      chargedUtc: actualEnd ?? bookedUtc,
      closedUtc: actualEnd,
      external: null,
    });
  }
}

function seedExtra(
  ent: EnterpriseState,
  key: 'harbour' | 'alpine',
  stay: DemoStay,
  index: number,
  ctx: { customerId: string; reservationId: string; consumedUtc: string; staffProfileId: string },
): void {
  const { config } = ent;
  const orderId = stableUuid(`${key}:order:${stay.confirmation}`);
  ent.serviceOrders.push({
    Id: orderId,
    ServiceId: config.foodBeverageServiceId,
    AccountId: ctx.customerId,
    AccountType: 'Customer',
    CreatorProfileId: ctx.staffProfileId,
    UpdaterProfileId: ctx.staffProfileId,
    BookerId: null,
    Number: String(ent.nextOrderNumber++),
    State: 'Confirmed',
    Origin: 'Commander',
    CommanderOrigin: 'InPerson',
    OriginDetails: null,
    CreatedUtc: ctx.consumedUtc,
    UpdatedUtc: ctx.consumedUtc,
    CancelledUtc: null,
    VoucherId: null,
    BusinessSegmentId: null,
    LinkedReservationId: ctx.reservationId,
    Options: { OwnerCheckedIn: false, AllCompanionsCheckedIn: false, AnyCompanionCheckedIn: false, ConnectorCheckIn: false },
  });
  const minibar = index % 2 === 0;
  const product = ent.products[0];
  const unitMinor = minibar && product ? product.grossMinor : DINNER_MINOR[key];
  const unitCount = minibar ? 2 : 1;
  const taxCode = minibar ? config.taxCodes.minibar : config.taxCodes.food_beverage;
  ent.orderItems.push({
    Id: stableUuid(`${key}:extra:${stay.confirmation}`),
    EnterpriseId: config.enterpriseId,
    AccountId: ctx.customerId,
    AccountType: 'Customer',
    ServiceId: config.foodBeverageServiceId,
    ServiceOrderId: orderId,
    Notes: null,
    BillId: null,
    AccountingCategoryId: minibar ? config.accountingCategoryIds.minibar : config.accountingCategoryIds.food_beverage,
    BillingName: minibar ? 'Minibar' : 'Restaurant - dinner',
    ExternalIdentifier: null,
    UnitCount: unitCount,
    UnitAmount: grossAmount(config.currency, unitMinor, taxCode),
    Amount: grossAmount(config.currency, unitMinor * unitCount, taxCode),
    OriginalAmount: grossAmount(config.currency, unitMinor * unitCount, taxCode),
    RevenueType: minibar ? 'Product' : 'Additional',
    CreatorProfileId: ctx.staffProfileId,
    UpdaterProfileId: ctx.staffProfileId,
    CreatedUtc: ctx.consumedUtc,
    UpdatedUtc: ctx.consumedUtc,
    ConsumedUtc: ctx.consumedUtc,
    CanceledUtc: null,
    ClosedUtc: null,
    StartUtc: null,
    AccountingState: 'Open',
    Type: minibar ? 'ProductOrder' : 'CustomItem',
    Options: { CanceledWithReservation: false },
    Data: minibar ? { Discriminator: 'Product', Product: { ProductId: config.minibarProductId, AgeCategoryId: null } } : null,
  });
}

function seedPayment(
  ent: EnterpriseState,
  key: 'harbour' | 'alpine',
  name: string,
  p: { customerId: string; reservationId: string; paidMinor: number; chargedUtc: string; closedUtc: string | null; external: string | null },
): void {
  const { config } = ent;
  const amount = paymentAmount(config.currency, p.paidMinor);
  const base = {
    Id: stableUuid(`${key}:payment:${name}`),
    EnterpriseId: config.enterpriseId,
    AccountId: p.customerId,
    AccountType: 'Customer' as const,
    PaymentRequestId: null,
    BillId: null,
    ReservationId: p.reservationId,
    AccountingCategoryId: null,
    Amount: amount,
    OriginalAmount: amount,
    Notes: null,
    SettlementId: null,
    ConsumedUtc: p.chargedUtc,
    ClosedUtc: p.closedUtc,
    ChargedUtc: p.chargedUtc,
    CreatedUtc: p.chargedUtc,
    UpdatedUtc: p.closedUtc ?? p.chargedUtc,
    SettlementUtc: null,
    AccountingState: p.closedUtc ? ('Closed' as const) : ('Open' as const),
    State: 'Charged' as const,
    Identifier: null,
  };
  ent.payments.push(
    p.external
      ? {
          ...base,
          Type: 'ExternalPayment',
          Kind: null,
          Data: { Discriminator: 'External', External: { Type: 'Prepayment', ExternalIdentifier: p.external } },
          PaymentOrigin: 'ChannelManager',
        }
      : {
          ...base,
          Type: 'CreditCardPayment',
          Kind: 'Payment',
          Data: { Discriminator: 'CreditCard', CreditCard: { CreditCardId: stableUuid(`${key}:card:${name}`), Transaction: null } },
          PaymentOrigin: 'Terminal',
        },
  );
}

/**
 * What the owner still owes: consumed, open order items plus open charged payments (negative).
 * This is the "consumed balance" `reservations/process` checks.
 */
export function openConsumedBalanceMinor(ent: EnterpriseState, accountId: string, now: Date): number {
  const nowMs = now.getTime();
  let total = 0;
  for (const item of ent.orderItems) {
    if (item.AccountId === accountId && item.AccountingState === 'Open' && Date.parse(item.ConsumedUtc) <= nowMs) {
      total += minorOf(item.Amount);
    }
  }
  for (const payment of ent.payments) {
    if (payment.AccountId === accountId && payment.AccountingState === 'Open' && payment.State === 'Charged') {
      total += minorOf(payment.Amount);
    }
  }
  return total;
}
