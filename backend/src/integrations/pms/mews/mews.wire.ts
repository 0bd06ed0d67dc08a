import { z } from 'zod';

/**
 * The parts of the Mews Connector API wire format this adapter reads, as zod schemas so a vendor
 * answer we do not understand becomes a clean `integration_unavailable` instead of a crash deep in
 * the mapper. Only the fields we use are listed; zod drops the rest. Mews sends `null` for absent
 * values, hence `nullish()` on everything optional.
 *
 * Source: MewsSystems/open-api-docs, connector-api/operations/*.md (see shared/contracts/pms.md §2).
 */

/** Every operation is `POST /api/connector/v1/<op>` with these in the JSON body. */
export interface MewsAuth {
  ClientToken: string;
  AccessToken: string;
  /** Free text "Name Version" of the calling application. */
  Client: string;
}

/** Required by every `getAll`: page size (1..1000) and the cursor of the previous page. */
export interface MewsLimitation {
  Count: number;
  Cursor?: string;
}

export const mewsErrorSchema = z.object({ Message: z.string().nullish(), RequestId: z.string().nullish() });

/** `Amount` object in responses; only gross matters to us (charges positive, payments negative). */
const amountSchema = z.object({ Currency: z.string(), GrossValue: z.number() });

export const mewsReservationSchema = z.object({
  Id: z.string(),
  Number: z.string(),
  AccountId: z.string(),
  AccountType: z.string().nullish(),
  State: z.string(),
  CancellationReason: z.string().nullish(),
  ScheduledStartUtc: z.string(),
  ScheduledEndUtc: z.string(),
  AssignedResourceId: z.string().nullish(),
  PersonCounts: z.array(z.object({ AgeCategoryId: z.string(), Count: z.number() })).nullish(),
});
export type MewsReservation = z.infer<typeof mewsReservationSchema>;

const addressSchema = z.object({
  Line1: z.string().nullish(),
  Line2: z.string().nullish(),
  City: z.string().nullish(),
  PostalCode: z.string().nullish(),
  CountryCode: z.string().nullish(),
  CountrySubdivisionCode: z.string().nullish(),
});

export const mewsCustomerSchema = z.object({
  Id: z.string(),
  FirstName: z.string().nullish(),
  LastName: z.string(),
  Email: z.string().nullish(),
  Phone: z.string().nullish(),
  BirthDate: z.string().nullish(),
  NationalityCode: z.string().nullish(),
  /** The customer's language, e.g. `de-DE`. */
  LanguageCode: z.string().nullish(),
  /** Deprecated in favour of the `Addresses` extent, but still returned and the only shape the mock has. */
  Address: addressSchema.nullish(),
});
export type MewsCustomer = z.infer<typeof mewsCustomerSchema>;

export const mewsIdentityDocumentTypes = ['IdentityCard', 'Passport', 'Visa', 'DriversLicense'] as const;
export type MewsIdentityDocumentType = (typeof mewsIdentityDocumentTypes)[number];

export const mewsIdentityDocumentSchema = z.object({
  Id: z.string(),
  CustomerId: z.string(),
  Type: z.string(),
  Number: z.string(),
  ExpirationDate: z.string().nullish(),
  IssuingCountryCode: z.string().nullish(),
});
export type MewsIdentityDocument = z.infer<typeof mewsIdentityDocumentSchema>;

export const mewsResourceSchema = z.object({ Id: z.string(), Name: z.string() });

export const mewsServiceSchema = z.object({ Id: z.string() });

export const mewsProductServiceOrderSchema = z.object({ Id: z.string() });

export const mewsOrderItemSchema = z.object({
  Id: z.string(),
  ServiceOrderId: z.string().nullish(),
  BillingName: z.string().nullish(),
  ExternalIdentifier: z.string().nullish(),
  Amount: amountSchema,
  AccountingState: z.string(),
  ConsumedUtc: z.string().nullish(),
  CreatedUtc: z.string(),
});
export type MewsOrderItem = z.infer<typeof mewsOrderItemSchema>;

export const mewsPaymentSchema = z.object({
  Id: z.string(),
  Amount: amountSchema,
  State: z.string(),
  AccountingState: z.string(),
  Type: z.string(),
  Notes: z.string().nullish(),
  ChargedUtc: z.string().nullish(),
  CreatedUtc: z.string(),
  Data: z
    .object({
      Discriminator: z.string().nullish(),
      External: z.object({ Type: z.string().nullish(), ExternalIdentifier: z.string().nullish() }).nullish(),
    })
    .nullish(),
});
export type MewsPayment = z.infer<typeof mewsPaymentSchema>;

/** The paged list key of each `getAll` we call, with its item schema. */
export const mewsPages = {
  'reservations/getAll/2023-06-06': { key: 'Reservations', item: mewsReservationSchema },
  'customers/getAll': { key: 'Customers', item: mewsCustomerSchema },
  'identityDocuments/getAll': { key: 'IdentityDocuments', item: mewsIdentityDocumentSchema },
  'resources/getAll': { key: 'Resources', item: mewsResourceSchema },
  'services/getAll': { key: 'Services', item: mewsServiceSchema },
  'productServiceOrders/getAll': { key: 'ProductServiceOrders', item: mewsProductServiceOrderSchema },
  'orderItems/getAll': { key: 'OrderItems', item: mewsOrderItemSchema },
  'payments/getAll': { key: 'Payments', item: mewsPaymentSchema },
} as const;
export type MewsPagedOperation = keyof typeof mewsPages;
export type MewsPageItem<Op extends MewsPagedOperation> = z.infer<(typeof mewsPages)[Op]['item']>;

export const mewsOrderAddedSchema = z.object({ OrderId: z.string() });
export const mewsExternalPaymentAddedSchema = z.object({ ExternalPaymentId: z.string() });
export const mewsIdentityDocumentsAddedSchema = z.object({ IdentityDocuments: z.array(mewsIdentityDocumentSchema) });

/** `Amount` parameter of gross-priced enterprises: GrossValue and exactly one tax code. */
export interface MewsGrossAmountParameter {
  Currency: string;
  GrossValue: number;
  TaxCodes: [string];
}

/** `orders/add` item for an ad-hoc charge (no Mews product behind it). */
export interface MewsOrderItemParameter {
  Name: string;
  UnitCount: number;
  UnitAmount: MewsGrossAmountParameter;
  AccountingCategoryId?: string;
  ExternalIdentifier: string;
}

export interface MewsAddressParameter {
  Line1?: string;
  Line2?: string;
  City?: string;
  PostalCode?: string;
  CountryCode?: string;
  CountrySubdivisionCode?: string;
}

/** `customers/update`: an omitted field is left unchanged. */
export interface MewsCustomerUpdateParameter {
  CustomerId: string;
  Email?: string;
  Phone?: string;
  BirthDate?: string;
  NationalityCode?: string;
  Address?: MewsAddressParameter;
}

export interface MewsIdentityDocumentParameter {
  CustomerId: string;
  Type: MewsIdentityDocumentType;
  Number: string;
  /** ISO 8601 date-time; Mews's own examples send midnight UTC for a calendar date. */
  ExpirationDate?: string;
  IssuingCountryCode?: string;
}
