/**
 * SpaBooker's API as our mock defines it (mocks/spabooker/README.md; SpaBooker publishes nothing,
 * services.md §3.1): Booker v4.1 shapes, PascalCase, times ISO 8601 with the location's offset,
 * prices as decimals.
 */
export interface SpaBookerMoney {
  /** Decimal, e.g. 115.5. */
  Amount: number;
  CurrencyCode: string;
}

export interface SpaBookerLocation {
  ID: number;
  BusinessName: string;
  TimeZone: { IANAName: string; Offset: string };
  CurrencyCode: string;
}

export interface SpaBookerTreatment {
  ID: number;
  Name: string;
  Description: string | null;
  Category: { ID: number; Name: string } | null;
  /** Minutes the guest gets. */
  TreatmentDuration: number;
  /** Minutes the therapist is busy, cleanup included. */
  TotalDuration: number;
  Price: SpaBookerMoney;
  AllowCustomersToBookOnline: boolean;
  IsActive: boolean;
}

export interface SpaBookerAvailableTime {
  StartDateTime: string;
  EndDateTime: string;
  TreatmentID: number;
  EmployeeID: number;
  EmployeeFirstName: string;
  EmployeeLastName: string;
}

/** `Booked` | `CheckedIn` | `Completed` | `NoShow` | `Cancelled` | `LateCancelled`. */
export interface SpaBookerAppointment {
  ID: number;
  Status: { ID: number; Name: string };
  StartDateTime: string;
  EndDateTime: string;
  TreatmentID: number;
  TreatmentName: string;
  EmployeeID: number | null;
  EmployeeFirstName: string | null;
  EmployeeLastName: string | null;
  Customer: { FirstName: string | null; LastName: string; Email: string | null; MobilePhone: string | null };
  ExternalReference: string | null;
}

export interface SpaBookerCreateAppointment {
  LocationID: number;
  ItineraryTimeSlotList: Array<{ TreatmentTimeSlots: Array<{ TreatmentID: number; StartDateTime: string; EmployeeID?: number }> }>;
  Customer: { FirstName: string | null; LastName: string; Email: string | null; MobilePhone: string | null };
  Notes: string | null;
  ExternalReference: string;
}

/** The API's refusals. The gateway's own (bad subscription key, rate limit) are `{statusCode, message}`. */
export interface SpaBookerErrorBody {
  IsSuccess: false;
  ErrorCode: string;
  ErrorMessage: string;
  ArgumentErrors: Array<{ ArgumentName: string; ErrorMessage: string }> | null;
}
