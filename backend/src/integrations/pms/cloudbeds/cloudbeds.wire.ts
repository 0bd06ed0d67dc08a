/**
 * Cloudbeds wire shapes, as far as this adapter reads them: PMS API v1.3
 * (shared/vendor-specs/cloudbeds/pms-v1.3-openapi.yaml) and Accounting API v1.0
 * (accounting-v1.0-openapi.json). v1.3 sends many numbers as strings (`adults: "2"`,
 * `roomTotal: "290.00"`), so those fields are typed as either.
 */

/** Every v1.3 failure: HTTP 4xx/5xx, or (as the spec has it) HTTP 200 with `success: false`. */
export interface CloudbedsFailure {
  success: false;
  message?: string;
}

export type CloudbedsReservationStatus = 'not_confirmed' | 'confirmed' | 'canceled' | 'checked_in' | 'checked_out' | 'no_show';

/** One `guestList` entry of getReservation. */
export interface CloudbedsGuestListEntry {
  guestID: string;
  guestFirstName?: string | null;
  guestLastName?: string | null;
  guestEmail?: string | null;
  guestPhone?: string | null;
  guestCellPhone?: string | null;
  isMainGuest?: boolean;
}

/** An element of getReservation's `assigned` / `unassigned`. */
export interface CloudbedsReservationRoom {
  reservationRoomID?: string;
  subReservationID?: string;
  roomTypeID?: string;
  roomID?: string;
  roomName?: string;
  startDate?: string;
  endDate?: string;
  adults?: string | number;
  children?: string | number;
}

/** `GetReservationResponse.data`, also the `data` of a successful putReservation. */
export interface CloudbedsReservation {
  reservationID: string;
  propertyID?: string;
  status: CloudbedsReservationStatus;
  startDate: string;
  endDate: string;
  guestName?: string;
  guestEmail?: string;
  /** Decimal, property currency. */
  balance?: number | string;
  guestList?: Record<string, CloudbedsGuestListEntry>;
  assigned?: CloudbedsReservationRoom[];
  unassigned?: CloudbedsReservationRoom[];
}

export interface CloudbedsGetReservationResponse {
  success: true;
  data: CloudbedsReservation;
}

export interface CloudbedsPutReservationResponse {
  success: true;
  data?: CloudbedsReservation;
}

/** `GetGuestResponse.data`: un-prefixed names, empty strings where nothing is on file. */
export interface CloudbedsGuest {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  cellPhone?: string | null;
  country?: string | null;
  address?: string | null;
  address2?: string | null;
  city?: string | null;
  zip?: string | null;
  state?: string | null;
  birthDate?: string | null;
  documentType?: string | null;
  documentNumber?: string | null;
  documentIssuingCountry?: string | null;
  documentExpirationDate?: string | null;
}

export interface CloudbedsGetGuestResponse {
  success: true;
  data: CloudbedsGuest;
}

/** postCustomItem: a repeated `referenceID` answers the original ids plus `notice`. */
export interface CloudbedsPostCustomItemResponse {
  success: true;
  data: { soldProductID: string; transactionID: string; notice?: string };
}

export interface CloudbedsPostPaymentResponse {
  success: true;
  paymentID: string;
  transactionID: string;
}

export interface CloudbedsGetPaymentMethodsResponse {
  success: true;
  data: { methods?: Array<{ method: string; code?: string; name?: string }> };
}

export interface CloudbedsUnassignedRoom {
  roomID: string;
  roomName: string;
  roomTypeID?: string;
}

export interface CloudbedsGetRoomsUnassignedResponse {
  success: true;
  data: Array<{ propertyID?: string; rooms?: CloudbedsUnassignedRoom[] }>;
}

/** Accounting v1.0 `TransactionResponse` (search of `/transactions` and `/pending-transactions`). */
export interface AccountingTransaction {
  id: string;
  /** The integer source id as a string; `/folios/transactions` wants it as a JSON integer. */
  sourceId: string;
  sourceKind: string;
  sourceIdentifier?: string;
}

export interface AccountingTransactionSearchResponse {
  transactions: AccountingTransaction[];
  nextPageToken?: string;
}

/** Accounting v1.0 `FolioTransactionResponse`, the fields the folio needs. */
export interface AccountingFolioTransaction {
  id: string;
  /** Decimal (150.00, not 15000). */
  amount: number;
  currency?: string;
  currencyScale?: number;
  description?: string;
  serviceDate?: string;
  transactionDatetime?: string;
  internalCodeGroup?: string;
}

export interface AccountingFolioTransactionsResponse {
  groups?: Record<string, { transactions?: AccountingFolioTransaction[] }>;
  nextPageToken?: string;
}

/** A filter of the Accounting search endpoints (snake_case field names). */
export type AccountingFilter =
  | { field: string; operator: 'equals' | 'in'; value: string | string[] }
  | { and: AccountingFilter[] };
