import { currencyExponent, decimalToMinor } from '../../../lib/money.js';
import type {
  Address,
  Folio,
  FolioLine,
  GuestProfile,
  GuestProfileUpdate,
  IdDocumentType,
  IdentityDocument,
  Reservation,
  ReservationStatus,
} from '../pms.port.js';
import type {
  MewsAddressParameter,
  MewsCustomer,
  MewsCustomerUpdateParameter,
  MewsIdentityDocument,
  MewsIdentityDocumentParameter,
  MewsIdentityDocumentType,
  MewsOrderItem,
  MewsPayment,
  MewsReservation,
} from './mews.wire.js';

/** Pure translation between the Mews wire format and the PMS port's domain types. */


/**
 * Mews has no no-show state: a no-show is `Canceled` with reason `NoShow`. Optional, Inquired and
 * Requested are held or tentative bookings, which the guest still sees as reserved.
 */
export function toReservationStatus(state: string, cancellationReason?: string | null): ReservationStatus {
  switch (state) {
    case 'Started':
      return 'checked_in';
    case 'Processed':
      return 'checked_out';
    case 'Canceled':
      return cancellationReason === 'NoShow' ? 'no_show' : 'cancelled';
    default:
      return 'reserved';
  }
}

/** `YYYY-MM-DD` of a UTC instant in the property's time zone (Mews stores stays as UTC instants). */
export function toLocalDate(utc: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(utc));
}

const blankToUndefined = (value: string | null | undefined) => (value ? value : undefined);

export function toAddress(address: MewsCustomer['Address']): Address | undefined {
  if (!address) return undefined;
  const lines = [address.Line1, address.Line2].filter((line): line is string => Boolean(line));
  const mapped: Address = { lines };
  if (address.City) mapped.city = address.City;
  if (address.PostalCode) mapped.postalCode = address.PostalCode;
  if (address.CountrySubdivisionCode) mapped.region = address.CountrySubdivisionCode;
  if (address.CountryCode) mapped.countryCode = address.CountryCode;
  return lines.length > 0 || Object.keys(mapped).length > 1 ? mapped : undefined;
}

export interface ReservationContext {
  timeZone: string;
  /** The owner; absent when the account is a company or no longer readable. */
  customer?: MewsCustomer;
  roomName?: string;
  /** Age categories whose persons count as children; everything else counts as adults. */
  childAgeCategoryIds: ReadonlySet<string>;
}

export function toReservation(wire: MewsReservation, context: ReservationContext): Reservation {
  let adults = 0;
  let children = 0;
  for (const { AgeCategoryId, Count } of wire.PersonCounts ?? []) {
    if (context.childAgeCategoryIds.has(AgeCategoryId)) children += Count;
    else adults += Count;
  }
  const { customer } = context;
  const reservation: Reservation = {
    reservationId: wire.Id,
    confirmationNumber: wire.Number,
    status: toReservationStatus(wire.State, wire.CancellationReason),
    arrivalDate: toLocalDate(wire.ScheduledStartUtc, context.timeZone),
    departureDate: toLocalDate(wire.ScheduledEndUtc, context.timeZone),
    adults,
    children,
    guest: {
      profileId: wire.AccountId,
      lastName: customer?.LastName ?? '',
      ...(customer?.FirstName ? { firstName: customer.FirstName } : {}),
      ...(customer?.Email ? { email: customer.Email } : {}),
      ...(customer?.Phone ? { phone: customer.Phone } : {}),
      ...(customer?.LanguageCode ? { language: customer.LanguageCode } : {}),
    },
  };
  if (context.roomName) reservation.room = context.roomName;
  return reservation;
}

const DOCUMENT_TYPE_FROM_MEWS: Record<string, IdDocumentType> = {
  Passport: 'passport',
  IdentityCard: 'national_id',
  DriversLicense: 'drivers_license',
  Visa: 'visa',
};

const DOCUMENT_TYPE_TO_MEWS: Partial<Record<IdDocumentType, MewsIdentityDocumentType>> = {
  passport: 'Passport',
  national_id: 'IdentityCard',
  drivers_license: 'DriversLicense',
  visa: 'Visa',
};

/** Mews knows four document types; `other` has no equivalent and is refused by the adapter. */
export function toMewsDocumentType(type: IdDocumentType): MewsIdentityDocumentType | undefined {
  return DOCUMENT_TYPE_TO_MEWS[type];
}

export function toIdentityDocument(wire: MewsIdentityDocument): IdentityDocument {
  const document: IdentityDocument = { type: DOCUMENT_TYPE_FROM_MEWS[wire.Type] ?? 'other', number: wire.Number };
  if (wire.IssuingCountryCode) document.issuingCountry = wire.IssuingCountryCode;
  if (wire.ExpirationDate) document.expiryDate = wire.ExpirationDate.slice(0, 10);
  return document;
}

/** The document a guest would show at the desk: a passport first, then any other. */
export function pickPrimaryDocument(documents: readonly MewsIdentityDocument[]): MewsIdentityDocument | undefined {
  return documents.find((d) => d.Type === 'Passport') ?? documents[0];
}

export function toGuestProfile(customer: MewsCustomer, document?: MewsIdentityDocument): GuestProfile {
  const profile: GuestProfile = { profileId: customer.Id, lastName: customer.LastName };
  const firstName = blankToUndefined(customer.FirstName);
  const email = blankToUndefined(customer.Email);
  const phone = blankToUndefined(customer.Phone);
  const nationality = blankToUndefined(customer.NationalityCode);
  const address = toAddress(customer.Address);
  if (firstName) profile.firstName = firstName;
  if (email) profile.email = email;
  if (phone) profile.phone = phone;
  if (nationality) profile.nationality = nationality;
  if (customer.BirthDate) profile.dateOfBirth = customer.BirthDate.slice(0, 10);
  if (address) profile.address = address;
  if (document) profile.document = toIdentityDocument(document);
  return profile;
}

const ISO_3166_2 = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

function toAddressParameter(address: Address): MewsAddressParameter {
  const [line1, ...rest] = address.lines;
  const parameter: MewsAddressParameter = {};
  if (line1) parameter.Line1 = line1;
  if (rest.length > 0) parameter.Line2 = rest.join(', ');
  if (address.city) parameter.City = address.city;
  if (address.postalCode) parameter.PostalCode = address.postalCode;
  if (address.countryCode) parameter.CountryCode = address.countryCode.toUpperCase();
  // Mews only takes ISO 3166-2 subdivision codes; a free-text region has nowhere to go.
  if (address.region && ISO_3166_2.test(address.region)) parameter.CountrySubdivisionCode = address.region;
  return parameter;
}

/** `customers/update` body (without auth); omitted fields stay as they are in Mews. */
export function toCustomerUpdate(customerId: string, patch: GuestProfileUpdate): MewsCustomerUpdateParameter {
  const update: MewsCustomerUpdateParameter = { CustomerId: customerId };
  if (patch.email) update.Email = patch.email;
  if (patch.phone) update.Phone = patch.phone;
  if (patch.dateOfBirth) update.BirthDate = patch.dateOfBirth;
  if (patch.nationality) update.NationalityCode = patch.nationality.toUpperCase();
  if (patch.address) update.Address = toAddressParameter(patch.address);
  return update;
}

export function toIdentityDocumentParameter(
  customerId: string,
  type: MewsIdentityDocumentType,
  document: IdentityDocument,
): MewsIdentityDocumentParameter {
  const parameter: MewsIdentityDocumentParameter = { CustomerId: customerId, Type: type, Number: document.number };
  if (document.expiryDate) parameter.ExpirationDate = `${document.expiryDate}T00:00:00Z`;
  if (document.issuingCountry) parameter.IssuingCountryCode = document.issuingCountry.toUpperCase();
  return parameter;
}

/** Items that no longer count towards what the guest owes. */
const VOID_ACCOUNTING_STATES = new Set(['Canceled', 'Inactive']);

/** Charges and payments of a stay, signed as Mews signs them, into a port folio. */
export function toFolio(
  items: readonly MewsOrderItem[],
  payments: readonly MewsPayment[],
  context: { currency: string; timeZone: string },
): Folio {
  const lines: FolioLine[] = [];
  const add = (id: string, signedMinor: number, at: string, description: string, reference?: string | null) => {
    // The port's lines are strictly positive; a zero-priced item changes nothing the guest owes.
    if (signedMinor === 0) return;
    const line: FolioLine = {
      id,
      date: toLocalDate(at, context.timeZone),
      description,
      amountMinor: Math.abs(signedMinor),
      // The sign decides, so rebates (negative items) credit and refunds (positive payments) debit.
      kind: signedMinor > 0 ? 'charge' : 'payment',
    };
    if (reference) line.reference = reference;
    lines.push(line);
  };
  for (const item of items) {
    if (VOID_ACCOUNTING_STATES.has(item.AccountingState)) continue;
    add(item.Id, decimalToMinor(item.Amount.GrossValue, currencyExponent(context.currency)), item.ConsumedUtc ?? item.CreatedUtc, item.BillingName ?? 'Charge', item.ExternalIdentifier);
  }
  for (const payment of payments) {
    if (payment.State !== 'Charged' || VOID_ACCOUNTING_STATES.has(payment.AccountingState)) continue;
    const external = payment.Data?.External;
    const description = payment.Notes || (external?.Type ? `Payment (${external.Type})` : 'Payment');
    add(payment.Id, decimalToMinor(payment.Amount.GrossValue, currencyExponent(context.currency)), payment.ChargedUtc ?? payment.CreatedUtc, description, external?.ExternalIdentifier);
  }
  lines.sort((a, b) => a.date.localeCompare(b.date));
  const balanceMinor = lines.reduce((sum, line) => sum + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0);
  return { currency: context.currency, lines, balanceMinor, complete: true };
}

/**
 * Mews has no idempotency keys: our key travels as ExternalIdentifier and is looked up before
 * posting. A posting the hotel has since cancelled still counts: re-posting what staff voided would
 * undo their decision.
 */
export function findOrderItemByExternalIdentifier(items: readonly MewsOrderItem[], key: string): MewsOrderItem | undefined {
  return items.find((item) => item.ExternalIdentifier === key);
}

export function findPaymentByExternalIdentifier(payments: readonly MewsPayment[], key: string): MewsPayment | undefined {
  return payments.find((payment) => payment.Data?.External?.ExternalIdentifier === key);
}
