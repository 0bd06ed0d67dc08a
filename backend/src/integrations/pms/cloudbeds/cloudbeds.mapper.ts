import { AppError } from '../../../lib/errors.js';
import { currencyExponent, decimalToMinor, minorToDecimal } from '../../../lib/money.js';
import type {
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
  AccountingFolioTransaction,
  CloudbedsGuest,
  CloudbedsGuestListEntry,
  CloudbedsReservation,
  CloudbedsReservationStatus,
} from './cloudbeds.wire.js';

/** Pure translation between Cloudbeds' wire format and the PMS port's domain types. */

/** Minor units to the decimal string v1.3 form fields take ("145.50"; "500" for JPY). */
export function toDecimalString(minor: number, scale: number): string {
  return minorToDecimal(minor, scale).toFixed(scale);
}

/** Not-confirmed bookings (awaiting a deposit or review) are still due in from the guest's side. */
export function toReservationStatus(status: CloudbedsReservationStatus | string): ReservationStatus {
  switch (status) {
    case 'checked_in':
      return 'checked_in';
    case 'checked_out':
      return 'checked_out';
    case 'canceled':
      return 'cancelled';
    case 'no_show':
      return 'no_show';
    case 'confirmed':
    case 'not_confirmed':
      return 'reserved';
    default:
      throw new AppError('integration_unavailable', `Cloudbeds sent an unknown reservation status: ${status}.`);
  }
}

const present = (value: string | null | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

const count = (value: string | number | undefined): number => {
  const parsed = Number(value ?? 0);
  return Number.isFinite(parsed) ? parsed : 0;
};

/** The booker: the guestList entry flagged `isMainGuest`, else the first one listed. */
export function mainGuestOf(reservation: CloudbedsReservation): CloudbedsGuestListEntry | undefined {
  const guests = Object.values(reservation.guestList ?? {});
  return guests.find((guest) => guest.isMainGuest) ?? guests[0];
}

export function toReservation(data: CloudbedsReservation): Reservation {
  const guest = mainGuestOf(data);
  if (!guest) throw new AppError('integration_unavailable', `Cloudbeds sent reservation ${data.reservationID} without a guest.`);
  const rooms = [...(data.assigned ?? []), ...(data.unassigned ?? [])];
  const room = data.assigned?.find((assigned) => present(assigned.roomName))?.roomName;
  const email = present(guest.guestEmail);
  const phone = present(guest.guestPhone) ?? present(guest.guestCellPhone);
  const firstName = present(guest.guestFirstName);
  return {
    reservationId: data.reservationID,
    // Cloudbeds has one public id: the reservationID printed on the booking is the confirmation number.
    confirmationNumber: data.reservationID,
    status: toReservationStatus(data.status),
    arrivalDate: data.startDate,
    departureDate: data.endDate,
    ...(room ? { room } : {}),
    adults: rooms.reduce((total, stay) => total + count(stay.adults), 0),
    children: rooms.reduce((total, stay) => total + count(stay.children), 0),
    guest: {
      profileId: guest.guestID,
      lastName: present(guest.guestLastName) ?? '',
      ...(firstName ? { firstName } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    },
  };
}

const documentTypeIn: Record<string, IdDocumentType> = {
  passport: 'passport',
  driver_licence: 'drivers_license',
  dni: 'national_id',
  nie: 'national_id',
};

export function toGuestProfile(profileId: string, guest: CloudbedsGuest): GuestProfile {
  const lines = [present(guest.address), present(guest.address2)].filter((line): line is string => line !== undefined);
  const address = {
    lines,
    ...optional('city', guest.city),
    ...optional('postalCode', guest.zip),
    ...optional('region', guest.state),
    ...optional('countryCode', guest.country?.toUpperCase()),
  };
  const documentNumber = present(guest.documentNumber);
  const documentType = present(guest.documentType);
  const document: IdentityDocument | undefined = documentNumber
    ? {
        type: (documentType && documentTypeIn[documentType]) || 'other',
        number: documentNumber,
        ...optional('issuingCountry', guest.documentIssuingCountry?.toUpperCase()),
        ...optional('expiryDate', guest.documentExpirationDate),
      }
    : undefined;
  return {
    profileId,
    lastName: present(guest.lastName) ?? '',
    ...optional('firstName', guest.firstName),
    ...optional('email', guest.email),
    ...optional('phone', present(guest.phone) ?? guest.cellPhone),
    ...(Object.keys(address).length > 1 || lines.length > 0 ? { address } : {}),
    ...optional('dateOfBirth', guest.birthDate),
    ...(document ? { document } : {}),
  };
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  const kept = present(value);
  return (kept === undefined ? {} : { [key]: kept }) as { [P in K]?: string };
}

const documentTypeOut: Partial<Record<IdDocumentType, string>> = {
  passport: 'passport',
  drivers_license: 'driver_licence',
  national_id: 'dni',
};

/**
 * Which fields putGuest insists on with a `guestDocumentType`: number and issuing country always,
 * the issue date except for dni/cpf, the expiry except for dni/nie/cpf.
 */
function documentFieldsRequired(type: string): string[] {
  const needs = ['guestDocumentNumber', 'guestDocumentIssuingCountry'];
  if (!['dni', 'cpf'].includes(type)) needs.push('guestDocumentIssueDate');
  if (!['dni', 'nie', 'cpf'].includes(type)) needs.push('guestDocumentExpirationDate');
  return needs;
}

/**
 * putGuest form fields for a profile patch. Writes use `guestAddress1` (reads say `guestAddress` /
 * `address`). Cloudbeds keeps no nationality, so that field is not sent. Our documents carry no
 * issue date, which passports and driving licences need with their type: the number, issuing
 * country and expiry are then written without a type rather than refused as a whole.
 */
export function toPutGuestFields(patch: GuestProfileUpdate): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    guestEmail: patch.email,
    guestPhone: patch.phone,
    guestBirthDate: patch.dateOfBirth,
  };
  if (patch.address) {
    const [first, ...rest] = patch.address.lines;
    Object.assign(fields, {
      guestAddress1: first,
      guestAddress2: rest.length > 0 ? rest.join(', ') : undefined,
      guestCity: patch.address.city,
      guestState: patch.address.region,
      guestZip: patch.address.postalCode,
      guestCountry: patch.address.countryCode?.toUpperCase(),
    });
  }
  if (patch.document) {
    const documentFields: Record<string, string | undefined> = {
      guestDocumentNumber: patch.document.number,
      guestDocumentIssuingCountry: patch.document.issuingCountry?.toUpperCase(),
      guestDocumentExpirationDate: patch.document.expiryDate,
    };
    const type = documentTypeOut[patch.document.type];
    if (type && documentFieldsRequired(type).every((name) => present(documentFields[name]) !== undefined)) {
      documentFields.guestDocumentType = type;
    }
    Object.assign(fields, documentFields);
  }
  return Object.fromEntries(
    Object.entries(fields).flatMap(([name, value]) => {
      const kept = present(value);
      return kept === undefined ? [] : [[name, kept]];
    }),
  );
}

/**
 * postPayment has no idempotency key, so ours rides at the end of the payment's note, where a
 * retry can find it on the folio. The marker is stripped again when the folio is read.
 */
const REFERENCE_MARKER = /\s*\[ref:([^\]]+)\]$/;

export function withReference(description: string, reference: string): string {
  return `${description} [ref:${reference}]`;
}

export function splitReference(description: string): { description: string; reference?: string } {
  const match = REFERENCE_MARKER.exec(description);
  if (!match) return { description };
  return { description: description.slice(0, match.index), reference: match[1]! };
}

/**
 * A folio transaction as a line. Amounts arrive positive with `internalCodeGroup: PAYMENT` marking
 * the credits; a negative non-payment amount (an allowance or correction) is a credit too.
 * Zero amounts (a free item) carry nothing for the balance and are left out.
 */
export function toFolioLine(transaction: AccountingFolioTransaction, currency: string): FolioLine | null {
  const scale = transaction.currencyScale ?? currencyExponent(transaction.currency ?? currency);
  const signed = decimalToMinor(transaction.amount, scale);
  if (signed === 0) return null;
  const isPayment = transaction.internalCodeGroup === 'PAYMENT';
  const { description, reference } = splitReference(transaction.description ?? '');
  return {
    id: transaction.id,
    date: transaction.serviceDate ?? (transaction.transactionDatetime ?? '').slice(0, 10),
    description,
    amountMinor: Math.abs(signed),
    kind: isPayment || signed < 0 ? 'payment' : 'charge',
    ...(reference ? { reference } : {}),
  };
}

export function toFolio(transactions: AccountingFolioTransaction[], currency: string): Folio {
  const lines = transactions.map((transaction) => toFolioLine(transaction, currency)).filter((line): line is FolioLine => line !== null);
  return {
    currency: transactions.find((transaction) => transaction.currency)?.currency ?? currency,
    lines,
    balanceMinor: lines.reduce((total, line) => total + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0),
    complete: true,
  };
}
