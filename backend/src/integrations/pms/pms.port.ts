/**
 * The provider-neutral PMS interface. Adapters (opera, mews, cloudbeds, mock) translate between
 * these domain types and their vendor's wire format; nothing outside a provider's folder sees a
 * vendor shape.
 *
 * Failures are thrown as `AppError`s made by the shared HTTP client or the adapter:
 * `not_found` (no such reservation/profile), `upstream_rejected` (a business refusal: room not
 * ready, balance open), `integration_unavailable`, `integration_timeout`,
 * `integration_misconfigured` (bad credentials or settings).
 */
import type { HealthCheck } from '../provider.js';
import { AppError } from '../../lib/errors.js';

/** Calendar day in the property's time zone, `YYYY-MM-DD`. */
export type IsoDate = string;

export type { Money } from '../../lib/money.js';

export type ReservationStatus = 'reserved' | 'checked_in' | 'checked_out' | 'cancelled' | 'no_show';

export interface Address {
  lines: string[];
  city?: string;
  postalCode?: string;
  region?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
}

export type IdDocumentType = 'passport' | 'national_id' | 'drivers_license' | 'visa' | 'other';

export interface IdentityDocument {
  type: IdDocumentType;
  number: string;
  /** ISO 3166-1 alpha-2. */
  issuingCountry?: string;
  expiryDate?: IsoDate;
}

export interface GuestProfile {
  /** The PMS's id for the guest profile / customer. */
  profileId: string;
  firstName?: string;
  lastName: string;
  email?: string;
  /** E.164. */
  phone?: string;
  address?: Address;
  /** ISO 3166-1 alpha-2. */
  nationality?: string;
  dateOfBirth?: IsoDate;
  document?: IdentityDocument;
}

export interface Reservation {
  /** The PMS's internal id, used for every later call. */
  reservationId: string;
  /** What the guest knows, as printed on the booking. */
  confirmationNumber: string;
  status: ReservationStatus;
  arrivalDate: IsoDate;
  departureDate: IsoDate;
  room?: string;
  adults: number;
  children: number;
  guest: Pick<GuestProfile, 'profileId' | 'firstName' | 'lastName' | 'email' | 'phone'> & {
    /** The guest's language as the PMS records it (BCP 47, e.g. `de-CH`), when it records one. */
    language?: string;
  };
}

export interface FolioLine {
  id: string;
  date: IsoDate;
  description: string;
  /** Always positive; `kind` says which way it goes. */
  amountMinor: number;
  kind: 'charge' | 'payment';
  /** Our idempotency key echoed back, where the PMS keeps one. */
  reference?: string;
}

export interface Folio {
  currency: string;
  lines: FolioLine[];
  /** Charges minus payments, in minor units. */
  balanceMinor: number;
  /** False when the PMS could only give a balance, not the lines. */
  complete: boolean;
}

export interface GuestProfileUpdate {
  email?: string;
  phone?: string;
  address?: Address;
  nationality?: string;
  dateOfBirth?: IsoDate;
  document?: IdentityDocument;
}

/** Our charge categories (`PostChargeInput.code`) as the admin page names them, where a provider maps each to its own code. */
export const CHARGE_CODE_TITLES = { spa: 'Spa', tip: 'Tips', food_beverage: 'Food and beverage', minibar: 'Minibar', misc: 'Other charges' } as const;

export type ChargeCode = keyof typeof CHARGE_CODE_TITLES;

export interface PostChargeInput {
  /** Positive. Money given back goes on the folio as a payment (`postPayment`): OPERA and Mews refuse a negative charge. */
  amountMinor: number;
  currency: string;
  description: string;
  /** Our charge category (`spa`, `tip`, ...); the adapter maps it to the PMS's code from config. */
  code: string;
  /** Derived from what the charge is (`stay:<id>:spa:<booking>:v1`); a retry never posts twice. */
  idempotencyKey: string;
}

export interface PostPaymentInput {
  /**
   * Negative for a refund (money back to the guest: the balance goes up). A PMS whose API cannot
   * take one (`capabilities.refunds` false: OPERA, Cloudbeds) refuses it with `upstream_rejected`
   * (`refuseRefund`), and staff post it there by hand.
   */
  amountMinor: number;
  currency: string;
  description: string;
  /** E.g. the Stripe PaymentIntent id. */
  externalReference: string;
  idempotencyKey: string;
}

export interface PostingResult {
  postingId: string;
  /** True when the PMS already had this posting and nothing new was posted. */
  duplicate: boolean;
}

export interface PmsCapabilities {
  folioLines: boolean;
  checkInRequiresRoom: boolean;
  checkOutRequiresZeroBalance: boolean;
  /** `postPayment` takes a negative amount (a refund); without this it refuses one (`refuseRefund`). */
  refunds: boolean;
}

/** A room the front desk may give a reservation at check-in: vacant, in service, of the booked type. */
export interface PmsRoom {
  /** The room number, as the guest and `checkIn` know it. */
  room: string;
  /** The PMS's room type code, where it has one. */
  roomType?: string;
  /** Cleaned (or inspected) and ready for the guest; false while housekeeping still has it. */
  ready: boolean;
}

/** Rooms as `listRooms` answers them: ready ones first, then by number (`99` before `101`). */
export function readyFirst(rooms: PmsRoom[]): PmsRoom[] {
  return [...rooms].sort((a, b) => Number(b.ready) - Number(a.ready) || a.room.localeCompare(b.room, 'en', { numeric: true }));
}

export interface PmsPort extends HealthCheck {
  readonly capabilities: PmsCapabilities;
  /** The reservation whose confirmation number and last name both match, or null. */
  findReservation(confirmationNumber: string, lastName: string): Promise<Reservation | null>;
  getReservation(reservationId: string): Promise<Reservation>;
  getFolio(reservationId: string): Promise<Folio>;
  getGuestProfile(reservationId: string): Promise<GuestProfile>;
  updateGuestProfile(reservationId: string, patch: GuestProfileUpdate): Promise<GuestProfile>;
  checkIn(reservationId: string, room?: string): Promise<Reservation>;
  /**
   * The rooms this reservation can be checked in to now, ready ones first (OPERA: the front
   * office's room search; Cloudbeds: unassigned rooms). Absent where the vendor's API has no such
   * call, or where check-in cannot pick the room (Mews: the room is assigned in Mews); the desk
   * then chooses from the property's own room list.
   */
  listRooms?(reservationId: string): Promise<PmsRoom[]>;
  /**
   * Moves an in-house guest to another room (OPERA `moveInHouseGuest`, Mews `reservations/update`
   * with a new assigned resource, Cloudbeds `postRoomAssign`), answering the reservation in its
   * new room. Refused (`upstream_rejected`) when the reservation is not in house or the room is
   * not free and ready for a guest.
   */
  moveRoom(reservationId: string, room: string): Promise<Reservation>;
  checkOut(reservationId: string): Promise<Reservation>;
  postCharge(reservationId: string, input: PostChargeInput): Promise<PostingResult>;
  postPayment(reservationId: string, input: PostPaymentInput): Promise<PostingResult>;
}

/** A PMS that cannot take a refund (a negative payment) through its API says so, as a business refusal. */
export function refuseRefund(pms: string): never {
  throw new AppError('upstream_rejected', `${pms} does not take refunds through its API: post this refund in ${pms} by hand.`);
}
