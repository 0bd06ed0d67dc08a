/**
 * The parts of Mindbody's Public API v6 the spa adapter reads (services.md §3.2–3.4; the field
 * names are the spec's, `mocks/vendor-specs/mindbody/`). Date-times without an offset are the
 * site's wall clock.
 */
export interface MindbodyPagination {
  RequestedLimit: number;
  RequestedOffset: number;
  PageSize: number;
  TotalResults: number;
}

export interface MindbodyError {
  Error?: { Message?: string; Code?: string };
}

export interface MindbodyToken {
  AccessToken: string;
  /** UTC, e.g. `2026-12-01T08:00:00Z`. */
  Expires?: string;
}

export interface MindbodySessionType {
  Id: number;
  Name: string;
  Type?: string;
  DefaultTimeLength?: number;
  Category?: string;
  OnlineDescription?: string;
}

export interface MindbodyService {
  Id: string;
  Price?: number;
  OnlinePrice?: number;
  Count?: number;
  SellOnline?: boolean;
}

export interface MindbodyStaff {
  Id: number;
  FirstName?: string;
  LastName?: string;
  DisplayName?: string;
}

export interface MindbodyAvailability {
  Staff?: MindbodyStaff;
  SessionType?: MindbodySessionType;
  StartDateTime: string;
  EndDateTime: string;
  /** The last start time the window allows. */
  BookableEndDateTime?: string;
  Location?: { Id: number };
}

export type MindbodyAppointmentStatus = 'None' | 'Requested' | 'Booked' | 'Completed' | 'Confirmed' | 'Arrived' | 'NoShow' | 'Cancelled' | 'LateCancelled';

export interface MindbodyAppointment {
  Id: number;
  Status: MindbodyAppointmentStatus;
  StartDateTime: string;
  EndDateTime: string;
  ClientId: string;
  StaffId: number;
  Staff?: MindbodyStaff;
  SessionTypeId: number;
  LocationId?: number;
  PartnerExternalId?: string;
}

export interface MindbodyClient {
  Id: string;
  FirstName?: string;
  LastName?: string;
  Email?: string;
  MobilePhone?: string;
}

/** `updateappointment`'s Execute verbs we send; `noshow` is not among the spec's documented ones (README, "Mindbody"). */
export type MindbodyExecute = 'cancel' | 'latecancel' | 'arrive' | 'noshow';
