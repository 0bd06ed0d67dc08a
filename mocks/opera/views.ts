import {
  TRANSACTION_CODES,
  localDateTime,
  type OperaState,
  type Posting,
  type Profile,
  type Reservation,
} from './state.js';

/**
 * State -> OHIP wire shapes. Field names and nesting follow the definitions in the vendor's
 * Swagger files (checked by the tests); values are what the mock knows.
 */
export interface Money {
  amount: number;
  currencyCode: string;
}

export const money = (minor: number, currencyCode: string): Money => ({ amount: minor / 100, currencyCode });

/** OPERA's id list: the internal id (type Reservation) and the guest-facing one (type Confirmation). */
export function reservationIdList(reservation: Reservation) {
  return [
    { id: reservation.reservationId, type: 'Reservation' },
    { id: reservation.confirmationNumber, type: 'Confirmation' },
  ];
}

function primary<T extends { primaryInd?: boolean }>(entries: Array<{ value: T }>): T | undefined {
  return (entries.find((e) => e.value.primaryInd) ?? entries[0])?.value;
}

function revenuesAndBalances(state: OperaState, reservation: Reservation) {
  const currency = state.hotelOf(reservation).currency;
  const roomRevenue = reservation.postings
    .filter((p) => p.type === 'Revenue' && TRANSACTION_CODES[p.transactionCode]?.group === 'ROOM')
    .reduce((sum, p) => sum + p.amountMinor, 0);
  const foodAndBev = reservation.postings
    .filter((p) => p.type === 'Revenue' && TRANSACTION_CODES[p.transactionCode]?.group === 'FB')
    .reduce((sum, p) => sum + p.amountMinor, 0);
  const totalRevenue = state.revenueMinor(reservation);
  return {
    roomRevenue: money(roomRevenue, currency),
    foodAndBevRevenue: money(foodAndBev, currency),
    otherRevenue: money(totalRevenue - roomRevenue - foodAndBev, currency),
    totalRevenue: money(totalRevenue, currency),
    totalPayment: money(state.paymentMinor(reservation), currency),
    balance: money(state.balanceMinor(reservation), currency),
  };
}

function stayTotalMinor(state: OperaState, reservation: Reservation): number {
  const nights = Math.max(1, Math.round((Date.parse(reservation.departureDate) - Date.parse(reservation.arrivalDate)) / 86_400_000));
  return nights * state.nightlyRateMinor(reservation);
}

/** `reservationInfoType`: one row of the `getHotelReservations` search. */
export function reservationInfo(state: OperaState, reservation: Reservation, withBalances: boolean) {
  const hotel = state.hotelOf(reservation);
  const profile = state.profileOf(reservation);
  const room = reservation.roomId ? hotel.rooms.get(reservation.roomId) : undefined;
  const email = primary(profile.emails);
  const phone = primary(profile.telephones);
  return {
    reservationIdList: reservationIdList(reservation),
    hotelId: hotel.hotelId,
    reservationStatus: reservation.status,
    computedReservationStatus: state.computedStatus(reservation),
    roomStay: {
      arrivalDate: reservation.arrivalDate,
      departureDate: reservation.departureDate,
      roomType: reservation.roomType,
      ...(reservation.roomId ? { roomId: reservation.roomId } : {}),
      ratePlanCode: reservation.ratePlanCode,
      adultCount: reservation.adults,
      childCount: reservation.children,
      rateAmount: money(state.nightlyRateMinor(reservation), hotel.currency),
      totalAmount: money(stayTotalMinor(state, reservation), hotel.currency),
      balance: money(state.balanceMinor(reservation), hotel.currency),
      guarantee: { guaranteeCode: 'CC' },
    },
    reservationGuest: {
      id: profile.profileId,
      type: 'Profile',
      ...(profile.givenName ? { givenName: profile.givenName } : {}),
      surname: profile.surname,
      ...(email ? { email: email.emailAddress } : {}),
      ...(phone ? { phoneNumber: phone.phoneNumber } : {}),
      ...(profile.nationality ? { nationality: { code: profile.nationality } } : {}),
    },
    ...(room ? { roomStatus: room.housekeeping } : {}),
    ...(withBalances ? { revenuesAndBalances: revenuesAndBalances(state, reservation) } : {}),
    openFolio: reservation.status === 'InHouse',
    preRegistered: false,
    allowMobileCheckout: reservation.status === 'InHouse',
    createDateTime: reservation.createdAt.toISOString(),
  };
}

/** `hotelReservationType`: the reservation as `getReservation` and `postCheckIn` return it. */
export function hotelReservation(state: OperaState, reservation: Reservation) {
  const hotel = state.hotelOf(reservation);
  const profile = state.profileOf(reservation);
  return {
    reservationIdList: reservationIdList(reservation),
    roomStay: {
      arrivalDate: reservation.arrivalDate,
      departureDate: reservation.departureDate,
      expectedTimes: {
        reservationExpectedArrivalTime: localDateTime(hotel.timeZone, reservation.arrivalDate, '15:00:00'),
        reservationExpectedDepartureTime: localDateTime(hotel.timeZone, reservation.departureDate, '11:00:00'),
      },
      currentRoomInfo: {
        roomType: reservation.roomType,
        ...(reservation.roomId ? { roomId: reservation.roomId } : {}),
      },
      guestCounts: { adults: reservation.adults, children: reservation.children },
      guarantee: { guaranteeCode: 'CC' },
    },
    reservationGuests: [
      {
        primary: true,
        profileInfo: {
          // rsv/fof's uniqueID_Type has no idContext (crm's has).
          profileIdList: [{ id: profile.profileId, type: 'Profile' }],
          profile: {
            customer: {
              personName: [
                { ...(profile.givenName ? { givenName: profile.givenName } : {}), surname: profile.surname, nameType: 'Primary' },
              ],
            },
          },
        },
      },
    ],
    cashiering: { revenuesAndBalances: revenuesAndBalances(state, reservation) },
    hotelId: hotel.hotelId,
    reservationStatus: reservation.status,
    computedReservationStatus: state.computedStatus(reservation),
    createDateTime: reservation.createdAt.toISOString(),
    preRegistered: false,
    hasOpenFolio: reservation.status === 'InHouse',
    allowMobileCheckout: reservation.status === 'InHouse',
  };
}

/** `summaryPostingType`: debits for revenue, credits for payments, amounts always positive. */
export function postingView(posting: Posting, currency: string) {
  const amount = money(posting.amountMinor, currency);
  return {
    transactionNo: posting.transactionNo,
    transactionCode: posting.transactionCode,
    transactionDescription: posting.description,
    transactionType: posting.type,
    transactionDate: posting.transactionDate,
    postingDate: posting.postingDate,
    postingTime: { time: posting.postedAt.toISOString() },
    revenueDate: posting.transactionDate,
    quantity: posting.quantity,
    price: money(posting.priceMinor, currency),
    postedAmount: amount,
    ...(posting.type === 'Revenue' ? { debitAmount: amount } : { creditAmount: amount }),
    ...(posting.reference ? { reference: posting.reference } : {}),
    ...(posting.remark ? { remark: posting.remark } : {}),
    folioWindowNo: posting.windowNo,
    cashierInfo: { cashierId: posting.cashierId },
  };
}

export type FolioInstruction = 'Postings' | 'Transactioncodes' | 'Payee' | 'Reservation';

/** Windows that exist: 1 always (the guest's own), plus any a posting was sent to. */
export function windowNumbers(reservation: Reservation): number[] {
  return [...new Set([1, ...reservation.postings.map((p) => p.windowNo)])].sort((a, b) => a - b);
}

/** `folio`: the `getFolio` response. */
export function folioView(state: OperaState, reservation: Reservation, windows: number[], instructions: Set<FolioInstruction>) {
  const hotel = state.hotelOf(reservation);
  const profile = state.profileOf(reservation);
  const currency = hotel.currency;
  const folioWindows = windows.map((windowNo) => {
    const postings = reservation.postings.filter((p) => p.windowNo === windowNo);
    const folioNo = reservation.folioNumbers.get(windowNo);
    return {
      folioWindowNo: windowNo,
      balance: money(state.balanceMinor(reservation, windowNo), currency),
      revenue: money(state.revenueMinor(reservation, windowNo), currency),
      payment: money(state.paymentMinor(reservation, windowNo), currency),
      ...(instructions.has('Payee')
        ? { payeeInfo: { payeeId: { id: profile.profileId, type: 'Profile' }, payeeName: [profile.surname, profile.givenName].filter(Boolean).join(', ') } }
        : {}),
      emptyFolio: postings.length === 0,
      ...(instructions.has('Postings')
        ? {
            folios: [
              {
                ...(folioNo ? { folioNo } : {}),
                folioStatus: 'Ok',
                folioAmount: money(state.balanceMinor(reservation, windowNo), currency),
                postings: postings.map((p) => postingView(p, currency)),
              },
            ],
            hasMore: false,
            totalResults: postings.length,
            count: postings.length,
          }
        : {}),
    };
  });
  const usedCodes = [...new Set(reservation.postings.map((p) => p.transactionCode))];
  return {
    reservationFolioInformation: {
      ...(instructions.has('Reservation') ? { reservationInfo: reservationInfo(state, reservation, false) } : { reservationInfo: { reservationIdList: reservationIdList(reservation) } }),
      folioWindows,
      postStayChargeAllowed: false,
      preStayChargeAllowed: false,
    },
    ...(instructions.has('Transactioncodes') ? { trxCodesInfo: usedCodes.map((code) => trxCodeInfo(hotel.hotelId, code)) } : {}),
    links: [],
    warnings: [],
  };
}

export function trxCodeInfo(hotelId: string, code: string) {
  const info = TRANSACTION_CODES[code];
  return { transactionCode: code, description: info?.description ?? code, transactionGroup: info?.group ?? 'MISC', hotelId };
}

/** Reads carry only a masked ID number, masked the way Oracle's own example is (`C03005988` -> `C030059XX`). */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length <= 2 ? 'XX' : `${idNumber.slice(0, -2)}XX`;
}

export type ProfileInstruction = 'Profile' | 'Address' | 'Communication';

/** `profile`: the `getProfile` / `putProfile` response. */
export function profileView(profile: Profile, instructions: Set<ProfileInstruction> | 'all') {
  const wants = (i: ProfileInstruction) => instructions === 'all' || instructions.has(i);
  const customer = {
    personName: [{ ...(profile.givenName ? { givenName: profile.givenName } : {}), surname: profile.surname, nameType: 'Primary' }],
    ...(profile.birthDate ? { birthDate: profile.birthDate } : {}),
    ...(profile.nationality ? { nationality: profile.nationality } : {}),
    identifications: {
      identificationInfo: profile.identifications.map(({ id, value }) => ({
        identification: {
          idType: value.idType,
          idNumberMasked: maskIdNumber(value.idNumber),
          ...(value.issuedCountry ? { issuedCountry: value.issuedCountry } : {}),
          ...(value.issuedDate ? { issuedDate: value.issuedDate } : {}),
          ...(value.expirationDate ? { expirationDate: value.expirationDate } : {}),
          ...(value.issuedPlace ? { issuedPlace: value.issuedPlace } : {}),
          primaryInd: value.primaryInd ?? false,
        },
        id,
        type: 'Identification',
      })),
      totalResults: profile.identifications.length,
      count: profile.identifications.length,
    },
  };
  const addresses = {
    addressInfo: profile.addresses.map(({ id, value }) => ({
      address: {
        addressLine: value.addressLine ?? [],
        ...(value.cityName ? { cityName: value.cityName } : {}),
        ...(value.postalCode ? { postalCode: value.postalCode } : {}),
        ...(value.state ? { state: value.state } : {}),
        ...(value.countryCode ? { country: { code: value.countryCode } } : {}),
        ...(value.type ? { type: value.type } : {}),
        primaryInd: value.primaryInd ?? false,
      },
      id,
      type: 'Address',
    })),
    totalResults: profile.addresses.length,
    count: profile.addresses.length,
  };
  const telephones = {
    telephoneInfo: profile.telephones.map(({ id, value }) => ({ telephone: { ...value, primaryInd: value.primaryInd ?? false }, id, type: 'Telephone' })),
    totalResults: profile.telephones.length,
    count: profile.telephones.length,
  };
  const emails = {
    emailInfo: profile.emails.map(({ id, value }) => ({ email: { ...value, primaryInd: value.primaryInd ?? false }, id, type: 'Email' })),
    totalResults: profile.emails.length,
    count: profile.emails.length,
  };
  return {
    profileIdList: [{ id: profile.profileId, type: 'Profile', idContext: 'OPERA' }],
    profileDetails: {
      customer,
      ...(wants('Address') ? { addresses } : {}),
      ...(wants('Communication') ? { telephones, emails } : {}),
      profileType: 'Guest',
      statusCode: 'Active',
      createDateTime: profile.createdAt.toISOString(),
      lastModifyDateTime: profile.modifiedAt.toISOString(),
      markForHistory: false,
    },
    links: [],
    warnings: [],
  };
}
