import { AppError } from '../../lib/errors.js';
import type { HealthCheck } from '../provider.js';

/**
 * A hotel spa's booking system, provider-neutral. SpaBooker publishes nothing (our mock is its
 * contract, services.md §3.1); Mindbody speaks its Public API v6 (§3.2–3.5). Times cross this port
 * as ISO date-times with the property's offset; each adapter converts to what its vendor speaks
 * (Mindbody: site-local wall-clock without offset).
 */

export interface SpaCapabilities {
  /** Slots name a therapist the guest may choose. */
  therapists: boolean;
  /** The catalog comes in more than one language. */
  localizedCatalog: boolean;
}

export interface Money {
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

export interface Treatment {
  id: string;
  name: string;
  description: string | null;
  category: string;
  durationMinutes: number;
  price: Money;
}

export interface Therapist {
  id: string;
  name: string;
}

export interface Slot {
  /** ISO date-time with the property's offset. */
  startsAt: string;
  endsAt: string;
  /** Null where the provider does not name therapists, or any therapist may take it. */
  therapist: Therapist | null;
}

export type SpaBookingStatus = 'booked' | 'arrived' | 'completed' | 'no_show' | 'cancelled' | 'late_cancelled';

export interface SpaGuest {
  firstName: string | null;
  lastName: string;
  email: string | null;
  /** E.164 or null. */
  phone: string | null;
}

export interface BookInput {
  /**
   * Our booking reference, stored before the call. The same reference twice answers the first
   * booking, never a second one (SpaBooker: Idempotency-Key; Mindbody: `PartnerExternalId` looked up
   * before re-posting).
   */
  reference: string;
  treatmentId: string;
  startsAt: string;
  /** Null: any therapist. */
  therapistId: string | null;
  guest: SpaGuest;
  /** Free text for the therapist (room number, pressure, allergies). */
  notes: string | null;
}

export interface SpaBooking {
  /** The vendor's booking (appointment) id, as a string. */
  bookingId: string;
  /** Our reference, as given to `book`. */
  reference: string;
  treatmentId: string;
  treatmentName: string;
  startsAt: string;
  endsAt: string;
  therapist: Therapist | null;
  status: SpaBookingStatus;
  guestName: string;
}

export interface SpaPort extends HealthCheck {
  readonly capabilities: SpaCapabilities;
  /** Bookable treatments, in `language` (BCP 47 primary tag) where the provider has it. */
  catalog(language: string): Promise<Treatment[]>;
  /** Bookable start times for a treatment on a date (YYYY-MM-DD, property time zone). */
  availability(treatmentId: string, date: string): Promise<Slot[]>;
  /** Books the slot; a slot someone else took is an AppError `conflict`. */
  book(input: BookInput): Promise<SpaBooking>;
  /** Cancels; `late` marks a cancellation inside the property's window (the vendor's late-cancel). */
  cancel(bookingId: string, late: boolean): Promise<SpaBooking>;
  /** Marks the guest arrived at the spa. */
  markArrived(bookingId: string): Promise<SpaBooking>;
  /** Marks the guest a no-show. */
  markNoShow(bookingId: string): Promise<SpaBooking>;
  /** One booking as the vendor holds it now. */
  booking(bookingId: string): Promise<SpaBooking>;
  /** Every booking starting on a date (YYYY-MM-DD, property time zone), cancelled ones included. */
  daySchedule(date: string): Promise<SpaBooking[]>;
}

/** For a slot another guest took first: the service answers 409 with fresh availability. */
export const slotTaken = (provider: string) =>
  new AppError('conflict', 'That time was just taken: choose another.', { details: { provider } });

export const noSpaCapabilities: SpaCapabilities = { therapists: false, localizedCatalog: false };

const unsupported = () => Promise.reject(new AppError('upstream_rejected', 'This property has no spa integration.'));

/** The port of `none`: declares nothing and refuses everything; the guest app shows no spa. */
export const noSpa: Omit<SpaPort, 'healthCheck'> = {
  capabilities: noSpaCapabilities,
  catalog: unsupported,
  availability: unsupported,
  book: unsupported,
  cancel: unsupported,
  markArrived: unsupported,
  markNoShow: unsupported,
  booking: unsupported,
  daySchedule: unsupported,
};

/** Names the capabilities for the admin page. */
export function capabilityNames(capabilities: SpaCapabilities): string[] {
  const names: Array<[keyof SpaCapabilities, string]> = [
    ['therapists', 'therapists'],
    ['localizedCatalog', 'localized-catalog'],
  ];
  return names.filter(([field]) => capabilities[field]).map(([, name]) => name);
}
