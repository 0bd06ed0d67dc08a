/**
 * JSON schemas of Mews Connector API responses, written from the published docs
 * (MewsSystems/open-api-docs, connector-api/operations/*.md and guidelines/responses.md), not
 * from the mock's code: the tests validate the mock against these, so a field the mock drops,
 * renames or mistypes fails here. "required" follows the docs' Contract column; optional fields
 * may be null.
 */
const id = { type: 'string', format: 'uuid' } as const;
const optId = { type: ['string', 'null'], format: 'uuid' } as const;
const str = { type: 'string' } as const;
const optStr = { type: ['string', 'null'] } as const;
const utc = { type: 'string', format: 'date-time', pattern: 'Z$' } as const;
const optUtc = { type: ['string', 'null'], format: 'date-time', pattern: 'Z$' } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: str } as const;

const accountingState = { enum: ['Open', 'Closed', 'Inactive', 'Canceled'] } as const;
const serviceOrderState = { enum: ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] } as const;

/** Amount (responses): _objects.md#amount. */
export const amountSchema = {
  type: 'object',
  required: ['Currency', 'NetValue', 'GrossValue', 'TaxValues', 'Breakdown'],
  properties: {
    Currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    NetValue: { type: 'number' },
    GrossValue: { type: 'number' },
    TaxValues: {
      type: 'array',
      items: { type: 'object', required: ['Code', 'Value'], properties: { Code: str, Value: { type: 'number' } } },
    },
    Breakdown: {
      type: 'object',
      required: ['Items'],
      properties: {
        Items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['TaxRateCode', 'NetValue', 'TaxValue'],
            properties: { TaxRateCode: optStr, NetValue: { type: 'number' }, TaxValue: { type: 'number' } },
          },
        },
      },
    },
  },
} as const;

const serviceOrderOptions = {
  type: 'object',
  required: ['OwnerCheckedIn', 'AllCompanionsCheckedIn', 'AnyCompanionCheckedIn', 'ConnectorCheckIn'],
  properties: { OwnerCheckedIn: bool, AllCompanionsCheckedIn: bool, AnyCompanionCheckedIn: bool, ConnectorCheckIn: bool },
} as const;

/** reservations.md#reservation-ver-2023-06-06 */
export const reservationSchema = {
  type: 'object',
  required: [
    'Id', 'ServiceId', 'AccountId', 'AccountType', 'CreatorProfileId', 'UpdaterProfileId', 'Number', 'State', 'Origin',
    'CreatedUtc', 'UpdatedUtc', 'Options', 'RateId', 'GroupId', 'RequestedResourceCategoryId', 'AssignedResourceLocked',
    'ScheduledStartUtc', 'ScheduledEndUtc', 'PersonCounts',
  ],
  properties: {
    Id: id,
    ServiceId: id,
    AccountId: id,
    AccountType: { enum: ['Customer', 'Company'] },
    CreatorProfileId: id,
    UpdaterProfileId: id,
    BookerId: optId,
    Number: str,
    State: serviceOrderState,
    Origin: { enum: ['Distributor', 'ChannelManager', 'Commander', 'Import', 'Connector', 'Navigator'] },
    CreatedUtc: utc,
    UpdatedUtc: utc,
    CancelledUtc: optUtc,
    Options: serviceOrderOptions,
    RateId: id,
    GroupId: id,
    RequestedResourceCategoryId: id,
    AssignedResourceId: optId,
    AssignedResourceLocked: bool,
    ChannelNumber: optStr,
    CancellationReason: { enum: [null, 'Other', 'ConfirmationMissed', 'BookedElsewhere', 'ForceMajeure', 'GuestComplaint', 'NoShow', 'PriceTooHigh', 'ServiceNotAvailable', 'InputError', 'InvalidPayment', 'TravelAgency', 'RequestedByGuest', 'Update', 'BookingAbandoned', 'RequestedByBooker'] },
    ScheduledStartUtc: utc,
    ActualStartUtc: optUtc,
    ScheduledEndUtc: utc,
    ActualEndUtc: optUtc,
    Purpose: { enum: [null, 'Leisure', 'Business', 'Student'] },
    PersonCounts: {
      type: 'array',
      items: { type: 'object', required: ['AgeCategoryId', 'Count'], properties: { AgeCategoryId: id, Count: { type: 'integer', minimum: 0 } } },
    },
  },
} as const;

/** customers.md#customer */
export const customerSchema = {
  type: 'object',
  required: [
    'Id', 'ChainId', 'Number', 'LastName', 'HasOtaEmail', 'CreatedUtc', 'UpdatedUtc', 'Classifications', 'Options',
    'IsActive', 'PreferredSpaceFeatures', 'CreatorProfileId', 'UpdaterProfileId',
  ],
  properties: {
    Id: id,
    ChainId: id,
    Number: { type: 'string', maxLength: 19 },
    Title: { enum: [null, 'Mister', 'Miss', 'Misses'] },
    Sex: { enum: [null, 'Male', 'Female'] },
    FirstName: optStr,
    LastName: str,
    NationalityCode: { type: ['string', 'null'], pattern: '^[A-Z]{2}$' },
    BirthDate: optStr,
    Email: optStr,
    HasOtaEmail: bool,
    Phone: optStr,
    Notes: optStr,
    CreatedUtc: utc,
    UpdatedUtc: utc,
    AddressId: optId,
    Classifications: strings,
    Options: strings,
    IsActive: bool,
    PreferredSpaceFeatures: strings,
    CreatorProfileId: id,
    UpdaterProfileId: id,
  },
} as const;

/** orderitems.md#order-item */
export const orderItemSchema = {
  type: 'object',
  required: [
    'Id', 'EnterpriseId', 'ServiceId', 'ServiceOrderId', 'UnitCount', 'UnitAmount', 'Amount', 'OriginalAmount',
    'RevenueType', 'CreatorProfileId', 'UpdaterProfileId', 'CreatedUtc', 'UpdatedUtc', 'ConsumedUtc', 'AccountingState',
    'Type', 'Options',
  ],
  properties: {
    Id: id,
    EnterpriseId: id,
    AccountId: optId,
    AccountType: { enum: [null, 'Customer', 'Company'] },
    ServiceId: id,
    ServiceOrderId: id,
    Notes: optStr,
    BillId: optId,
    AccountingCategoryId: optId,
    BillingName: optStr,
    ExternalIdentifier: optStr,
    UnitCount: { type: 'integer' },
    UnitAmount: amountSchema,
    Amount: amountSchema,
    OriginalAmount: amountSchema,
    RevenueType: { enum: ['Service', 'Product', 'Additional'] },
    CreatorProfileId: id,
    UpdaterProfileId: id,
    CreatedUtc: utc,
    UpdatedUtc: utc,
    ConsumedUtc: utc,
    CanceledUtc: optUtc,
    ClosedUtc: optUtc,
    AccountingState: accountingState,
    Type: str,
    Options: { type: 'object', required: ['CanceledWithReservation'], properties: { CanceledWithReservation: bool } },
    Data: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['Discriminator'], properties: { Discriminator: { enum: ['Rebate', 'Product', 'AllowanceDiscount', 'AllowanceProfits'] } } },
      ],
    },
  },
} as const;

/** payments.md#payment */
export const paymentSchema = {
  type: 'object',
  required: ['Id', 'EnterpriseId', 'AccountId', 'AccountType', 'Amount', 'OriginalAmount', 'CreatedUtc', 'UpdatedUtc', 'AccountingState', 'State', 'Type'],
  properties: {
    Id: id,
    EnterpriseId: id,
    AccountId: id,
    AccountType: { enum: ['Customer', 'Company'] },
    BillId: optId,
    ReservationId: optId,
    AccountingCategoryId: optId,
    Amount: amountSchema,
    OriginalAmount: amountSchema,
    Notes: optStr,
    ChargedUtc: optUtc,
    ClosedUtc: optUtc,
    CreatedUtc: utc,
    UpdatedUtc: utc,
    SettlementUtc: optUtc,
    AccountingState: accountingState,
    State: { enum: ['Charged', 'Canceled', 'Pending', 'Failed', 'Verifying'] },
    Identifier: optStr,
    Type: { enum: ['Payment', 'CreditCardPayment', 'AlternativePayment', 'CashPayment', 'InvoicePayment', 'ExternalPayment', 'GhostPayment', 'TaxDeductedPayment'] },
    Kind: { enum: [null, 'Payment', 'Chargeback', 'ChargebackReversal', 'Refund'] },
    Data: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['Discriminator'],
          properties: {
            Discriminator: { enum: ['CreditCard', 'Invoice', 'External', 'Ghost'] },
            External: {
              oneOf: [
                { type: 'null' },
                { type: 'object', required: ['Type'], properties: { Type: str, ExternalIdentifier: optStr } },
              ],
            },
          },
        },
      ],
    },
    PaymentOrigin: optStr,
  },
} as const;

/** resources.md#resource; closed, so a property the docs do not list fails. */
export const resourceSchema = {
  type: 'object',
  required: ['Id', 'EnterpriseId', 'IsActive', 'Name', 'State', 'Descriptions', 'CreatedUtc', 'UpdatedUtc', 'Data', 'ExternalNames', 'Directions'],
  additionalProperties: false,
  properties: {
    Id: id,
    EnterpriseId: id,
    IsActive: bool,
    ParentResourceId: optId,
    Name: str,
    State: { enum: ['Dirty', 'Clean', 'Inspected', 'OutOfService', 'OutOfOrder'] },
    Descriptions: { type: 'object' },
    CreatedUtc: utc,
    UpdatedUtc: utc,
    Data: { type: 'object', required: ['Discriminator', 'Value'], properties: { Discriminator: { enum: ['Space', 'Object', 'Person'] }, Value: { type: 'object' } } },
    ExternalNames: { type: 'object' },
    Directions: { type: 'object' },
  },
} as const;

/** services.md#service (the deprecated Name, StartTime, EndTime, Promotions and Type left out); closed. */
export const serviceSchema = {
  type: 'object',
  required: ['Id', 'EnterpriseId', 'IsActive', 'Names', 'Options', 'Ordering', 'Data', 'CreatedUtc', 'UpdatedUtc'],
  additionalProperties: false,
  properties: {
    Id: id,
    EnterpriseId: id,
    IsActive: bool,
    Names: { type: 'object', additionalProperties: str },
    Options: { type: 'object', required: ['BillAsPackage'], additionalProperties: false, properties: { BillAsPackage: bool } },
    Ordering: { type: 'integer' },
    Data: { type: 'object', required: ['Discriminator', 'Value'], properties: { Discriminator: { enum: ['Bookable', 'Additional'] }, Value: { type: 'object' } } },
    ExternalIdentifier: { type: ['string', 'null'], maxLength: 255 },
    CreatedUtc: utc,
    UpdatedUtc: utc,
  },
} as const;

/** identitydocuments.md#identity-document-ver-2024-10-25 */
export const identityDocumentSchema = {
  type: 'object',
  required: ['Id', 'CustomerId', 'Type', 'Number', 'IsVerified'],
  properties: {
    Id: id,
    CustomerId: id,
    Type: { enum: ['IdentityCard', 'Passport', 'Visa', 'DriversLicense'] },
    Number: str,
    ExpirationDate: optStr,
    IssuanceDate: optStr,
    IssuingCountryCode: optStr,
    IssuingCity: optStr,
    IsVerified: bool,
  },
} as const;

/** productserviceorders: the ServiceOrder object. */
export const productServiceOrderSchema = {
  type: 'object',
  required: ['Id', 'ServiceId', 'AccountId', 'AccountType', 'State', 'Origin', 'CreatedUtc', 'UpdatedUtc', 'Options'],
  properties: {
    Id: id,
    ServiceId: id,
    AccountId: id,
    AccountType: { enum: ['Customer', 'Company'] },
    State: serviceOrderState,
    Origin: { enum: ['Distributor', 'ChannelManager', 'Commander', 'Import', 'Connector', 'Navigator'] },
    CreatedUtc: utc,
    UpdatedUtc: utc,
    LinkedReservationId: optId,
    Options: serviceOrderOptions,
  },
} as const;

/** A paged response: `{ <Items>: [...], Cursor }` (guidelines: pagination). */
export const pageOf = (key: string, item: object) =>
  ({
    type: 'object',
    required: [key],
    properties: { [key]: { type: 'array', maxItems: 1000, items: item }, Cursor: optStr },
  }) as const;

/** guidelines/responses.md#error-response-details */
export const errorSchema = {
  type: 'object',
  required: ['Message'],
  properties: { Message: { type: 'string', minLength: 1 }, RequestId: optStr, Details: optStr },
} as const;

export const orderAddResponseSchema = { type: 'object', required: ['OrderId'], properties: { OrderId: id } } as const;
export const addExternalResponseSchema = { type: 'object', required: ['ExternalPaymentId'], properties: { ExternalPaymentId: id } } as const;
export const emptyResponseSchema = { type: 'object', maxProperties: 0 } as const;
