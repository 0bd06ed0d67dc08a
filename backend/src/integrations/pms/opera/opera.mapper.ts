import { AppError } from '../../../lib/errors.js';
import { currencyExponent, decimalToMinor, minorToDecimal } from '../../../lib/money.js';
import type {
  Folio,
  FolioLine,
  GuestProfile,
  GuestProfileUpdate,
  IdDocumentType,
  ReservationStatus,
  Reservation,
} from '../pms.port.js';
import type {
  ChargeRequest,
  CurrencyAmount,
  FolioResponse,
  HotelReservation,
  PaymentRequest,
  ProfileResponse,
  ProfileUpdateRequest,
  ReservationIdRef,
  ReservationInfo,
  UniqueId,
} from './opera.wire.js';

/** Pure translations between OHIP's wire shapes and the PMS port's domain types. */

// ---------- money ----------

export function toCurrencyAmount(amountMinor: number, currency: string): CurrencyAmount {
  return { amount: minorToDecimal(amountMinor, currencyExponent(currency)), currencyCode: currency };
}

// ---------- reservations ----------

/**
 * OPERA's `pMS_ResStatusType` to ours. `DueIn`/`DueOut` are computed from the business date;
 * `Walkin` and `PendingCheckout` are guests in the house; `Requested` and `Waitlisted` are not yet
 * arrived, like `Reserved`.
 */
const STATUS_OF: Record<string, ReservationStatus> = {
  Reserved: 'reserved',
  DueIn: 'reserved',
  Requested: 'reserved',
  Waitlisted: 'reserved',
  InHouse: 'checked_in',
  DueOut: 'checked_in',
  Walkin: 'checked_in',
  PendingCheckout: 'checked_in',
  CheckedOut: 'checked_out',
  Cancelled: 'cancelled',
  NoShow: 'no_show',
};

/** The stored status decides; the computed one is the fallback. Anything outside the spec's enum is refused. */
export function mapReservationStatus(stored: string | undefined, computed?: string): ReservationStatus {
  const status = (stored !== undefined ? STATUS_OF[stored] : undefined) ?? (computed !== undefined ? STATUS_OF[computed] : undefined);
  if (!status) {
    throw new AppError('integration_unavailable', `OPERA sent a reservation status we do not know (${stored ?? computed ?? 'none'}).`);
  }
  return status;
}

function idOfType(ids: UniqueId[] | undefined, type: string): string | undefined {
  return ids?.find((entry) => entry.type === type)?.id;
}

function requireIds(ids: UniqueId[]): { reservationId: string; confirmationNumber: string } {
  const reservationId = idOfType(ids, 'Reservation');
  const confirmationNumber = idOfType(ids, 'Confirmation');
  if (!reservationId || !confirmationNumber) {
    throw new AppError('integration_unavailable', 'OPERA sent a reservation without its reservation or confirmation id.');
  }
  return { reservationId, confirmationNumber };
}

/** The confirmation number OPERA lists for a search row, for checking it is the one asked for. */
export function confirmationOf(info: ReservationInfo): string | undefined {
  return idOfType(info.reservationIdList, 'Confirmation');
}

/** A `getHotelReservations` row: the only shape that carries the guest's email and phone. */
export function reservationFromInfo(info: ReservationInfo): Reservation {
  const guest = info.reservationGuest;
  return {
    ...requireIds(info.reservationIdList),
    status: mapReservationStatus(info.reservationStatus, info.computedReservationStatus),
    arrivalDate: info.roomStay.arrivalDate,
    departureDate: info.roomStay.departureDate,
    room: info.roomStay.roomId,
    adults: info.roomStay.adultCount ?? 0,
    children: info.roomStay.childCount ?? 0,
    guest: {
      profileId: guest?.id ?? '',
      firstName: guest?.givenName,
      lastName: guest?.surname ?? '',
      email: guest?.email,
      phone: guest?.phoneNumber,
    },
  };
}

/** `getReservation` / `postCheckIn`: the primary guest's profile id and name live in `reservationGuests`. */
export function reservationFromDetail(detail: HotelReservation): Reservation {
  const guests = detail.reservationGuests ?? [];
  const primaryGuest = (guests.find((guest) => guest.primary) ?? guests[0])?.profileInfo;
  const names = primaryGuest?.profile?.customer?.personName ?? [];
  const name = names.find((entry) => entry.nameType === 'Primary') ?? names[0];
  return {
    ...requireIds(detail.reservationIdList),
    status: mapReservationStatus(detail.reservationStatus, detail.computedReservationStatus),
    arrivalDate: detail.roomStay.arrivalDate,
    departureDate: detail.roomStay.departureDate,
    room: detail.roomStay.currentRoomInfo?.roomId,
    adults: detail.roomStay.guestCounts?.adults ?? 0,
    children: detail.roomStay.guestCounts?.children ?? 0,
    guest: {
      profileId: idOfType(primaryGuest?.profileIdList, 'Profile') ?? primaryGuest?.profileIdList?.[0]?.id ?? '',
      firstName: name?.givenName,
      lastName: name?.surname ?? '',
    },
  };
}

// ---------- folio ----------

/**
 * All folio windows flattened into one folio. A posting's net is debit minus credit: positive is a
 * charge, negative a payment; a correction (negative debit) therefore shows as a credit line, so
 * lines stay positive and the balance stays charges minus payments. The balance is OPERA's own
 * window balances; `complete` is false when a window was paged or its postings do not add up to
 * that balance (OPERA limits folio reads to 30 days).
 */
export function folioFromWire(body: FolioResponse, fallbackCurrency: string): Folio {
  const windows = body.reservationFolioInformation.folioWindows ?? [];
  const postings = windows.flatMap((window) => (window.folios ?? []).flatMap((folio) => folio.postings ?? []));
  const currency =
    windows.find((window) => window.balance?.currencyCode)?.balance?.currencyCode ??
    postings.map((p) => p.debitAmount?.currencyCode ?? p.creditAmount?.currencyCode).find(Boolean) ??
    fallbackCurrency;
  const exponent = currencyExponent(currency);

  const lines: FolioLine[] = [];
  for (const p of postings) {
    const net =
      (p.debitAmount ? decimalToMinor(p.debitAmount.amount, exponent) : 0) -
      (p.creditAmount ? decimalToMinor(p.creditAmount.amount, exponent) : 0);
    if (net === 0) continue;
    lines.push({
      id: p.transactionNo,
      date: p.transactionDate ?? p.postingDate ?? '',
      description: p.transactionDescription ?? p.remark ?? p.transactionCode ?? '',
      amountMinor: Math.abs(net),
      kind: net > 0 ? 'charge' : 'payment',
      reference: p.reference,
    });
  }
  const linesBalance = lines.reduce((sum, line) => sum + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0);
  const windowBalances = windows.every((window) => window.balance)
    ? windows.reduce((sum, window) => sum + decimalToMinor(window.balance?.amount ?? 0, exponent), 0)
    : linesBalance;
  return {
    currency,
    lines,
    balanceMinor: windowBalances,
    complete: windows.every((window) => !window.hasMore) && windowBalances === linesBalance,
  };
}

// ---------- postings ----------

const reservationRef = (reservationId: string): ReservationIdRef => ({ id: reservationId, type: 'Reservation', idContext: 'OPERA' });

export interface PostingContext {
  hotelId: string;
  cashierId: number;
  reservationId: string;
}

/** A charge of one unit on the guest's own window; our idempotency key travels as `postingReference`. */
export function chargeRequest(
  context: PostingContext,
  charge: { transactionCode: string; amountMinor: number; currency: string; description: string; idempotencyKey: string },
): ChargeRequest {
  return {
    criteria: {
      hotelId: context.hotelId,
      reservationId: reservationRef(context.reservationId),
      cashierId: context.cashierId,
      postIt: false,
      charges: [
        {
          transactionCode: charge.transactionCode,
          price: toCurrencyAmount(charge.amountMinor, charge.currency),
          postingQuantity: 1,
          postingReference: charge.idempotencyKey,
          postingRemark: charge.description,
          applyRoutingInstructions: false,
          usePackageAllowance: false,
          folioWindowNo: 1,
        },
      ],
    },
  };
}

/**
 * A payment the guest already made elsewhere (Stripe): our key is the `postingReference` (what a
 * retry looks for); the external id goes into the remark, where the front desk sees it.
 */
export function paymentRequest(
  context: PostingContext,
  payment: { paymentMethod: string; amountMinor: number; currency: string; description: string; externalReference: string; idempotencyKey: string },
): PaymentRequest {
  return {
    criteria: {
      hotelId: context.hotelId,
      reservationId: reservationRef(context.reservationId),
      cashierId: context.cashierId,
      folioWindowNo: 1,
      paymentMethod: { paymentMethod: payment.paymentMethod },
      postingAmount: toCurrencyAmount(payment.amountMinor, payment.currency),
      postingReference: payment.idempotencyKey,
      postingRemark: `${payment.description} (${payment.externalReference})`,
      applyCCSurcharge: false,
      overrideInsufficientCC: false,
    },
  };
}

// ---------- profiles ----------

/**
 * Our document types to OPERA identification types. These are hotel value lists; only `PASSPORT`
 * appears in Oracle's spec, the others are OPERA's usual defaults.
 */
const ID_TYPE_CODES: Record<IdDocumentType, string> = {
  passport: 'PASSPORT',
  national_id: 'ID',
  drivers_license: 'DRIVERS_LICENSE',
  visa: 'VISA',
  other: 'OTHER',
};

export function idTypeFromOpera(code: string | undefined): IdDocumentType {
  const found = (Object.entries(ID_TYPE_CODES) as Array<[IdDocumentType, string]>).find(([, opera]) => opera === code?.toUpperCase());
  return found?.[0] ?? 'other';
}

/** The entry flagged primary, else the first: OPERA lists may hold several. */
function primaryOf<T>(entries: T[] | undefined, flag: (entry: T) => boolean | undefined): T | undefined {
  return entries?.find((entry) => flag(entry)) ?? entries?.[0];
}

function primaryEntries(body: ProfileResponse) {
  const details = body.profileDetails;
  const names = details.customer?.personName ?? [];
  return {
    name: names.find((entry) => entry.nameType === 'Primary') ?? names[0],
    email: primaryOf(details.emails?.emailInfo, (entry) => entry.email.primaryInd),
    phone: primaryOf(details.telephones?.telephoneInfo, (entry) => entry.telephone.primaryInd),
    address: primaryOf(details.addresses?.addressInfo, (entry) => entry.address.primaryInd),
    identification: primaryOf(details.customer?.identifications?.identificationInfo, (entry) => entry.identification.primaryInd),
  };
}

export function profileFromWire(profileId: string, body: ProfileResponse): GuestProfile {
  const { name, email, phone, address, identification } = primaryEntries(body);
  const customer = body.profileDetails.customer;
  const id = identification?.identification;
  return {
    profileId: idOfType(body.profileIdList, 'Profile') ?? profileId,
    firstName: name?.givenName,
    lastName: name?.surname ?? '',
    email: email?.email.emailAddress,
    phone: phone?.telephone.phoneNumber,
    address: address && {
      lines: address.address.addressLine ?? [],
      city: address.address.cityName || undefined,
      postalCode: address.address.postalCode || undefined,
      region: address.address.state || undefined,
      countryCode: address.address.country?.code || undefined,
    },
    nationality: customer?.nationality,
    dateOfBirth: customer?.birthDate,
    document: id && {
      type: idTypeFromOpera(id.idType),
      number: id.idNumber ?? id.idNumberMasked ?? '',
      issuingCountry: id.issuedCountry,
      expiryDate: id.expirationDate,
    },
  };
}

/**
 * The `putProfile` body for a patch. Each changed contact replaces the current primary entry (by
 * its id) instead of piling up new ones; an address is sent whole, so cleared fields are cleared.
 * The current name is repeated because OPERA expects the primary name on every update.
 */
export function profileUpdateRequest(profileId: string, current: ProfileResponse, patch: GuestProfileUpdate): ProfileUpdateRequest {
  const existing = primaryEntries(current);
  const withId = (id: string | undefined) => (id ? { id } : {});
  const document = patch.document;
  return {
    profileIdList: [{ id: profileId, type: 'Profile', idContext: 'OPERA' }],
    profileDetails: {
      customer: {
        personName: [{ givenName: existing.name?.givenName, surname: existing.name?.surname ?? '', nameType: 'Primary' }],
        ...(patch.dateOfBirth ? { birthDate: patch.dateOfBirth } : {}),
        ...(patch.nationality ? { nationality: patch.nationality } : {}),
        ...(document
          ? {
              identifications: {
                identificationInfo: [
                  {
                    ...withId(existing.identification?.id),
                    identification: {
                      idType: ID_TYPE_CODES[document.type],
                      idNumber: document.number,
                      issuedCountry: document.issuingCountry,
                      expirationDate: document.expiryDate,
                      primaryInd: true,
                    },
                  },
                ],
              },
            }
          : {}),
      },
      ...(patch.email
        ? { emails: { emailInfo: [{ ...withId(existing.email?.id), email: { emailAddress: patch.email, type: 'EMAIL', primaryInd: true } }] } }
        : {}),
      ...(patch.phone
        ? {
            telephones: {
              telephoneInfo: [
                {
                  ...withId(existing.phone?.id),
                  telephone: { phoneNumber: patch.phone, phoneTechType: 'PHONE', phoneUseType: 'MOBILE', primaryInd: true },
                },
              ],
            },
          }
        : {}),
      ...(patch.address
        ? {
            addresses: {
              addressInfo: [
                {
                  ...withId(existing.address?.id),
                  address: {
                    addressLine: patch.address.lines,
                    cityName: patch.address.city ?? '',
                    postalCode: patch.address.postalCode ?? '',
                    state: patch.address.region ?? '',
                    country: { code: patch.address.countryCode ?? '' },
                    type: 'HOME',
                    primaryInd: true,
                  },
                },
              ],
            },
          }
        : {}),
    },
  };
}

// ---------- errors ----------

/** A short, secret-free reason from OPERA's problem JSON. */
export function problemReason(problem: { title?: string; detail?: string; 'o:errorCode'?: string } | undefined): string {
  const text = (problem?.detail ?? problem?.title ?? 'no reason given').slice(0, 300);
  const code = problem?.['o:errorCode'];
  return code ? `${text} (${code})` : text;
}
