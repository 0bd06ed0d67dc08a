import {
  localDateTime,
  postingsOf,
  stayNights,
  totalsOf,
  type CloudbedsState,
  type Guest,
  type Property,
  type Reservation,
} from './state.js';

/**
 * Wire shapes of the v1.3 responses, field for field as `GetReservationResponse`,
 * `GetReservationsResponse` and `GetGuestResponse` name them. Cloudbeds sends money as decimal
 * numbers except a room's `roomTotal` and the counts of guests, which are strings.
 */
export const decimal = (minor: number): number => minor / 100;
const decimalString = (minor: number): string => (minor / 100).toFixed(2);

function roomOf(property: Property, reservation: Reservation) {
  const roomType = property.roomTypes.find((t) => t.roomTypeID === reservation.roomTypeID)!;
  const room = reservation.roomID === null ? undefined : property.rooms.find((r) => r.roomID === reservation.roomID);
  return { roomType, room };
}

function dailyRates(state: CloudbedsState, reservation: Reservation) {
  const rates = postingsOf(state, reservation.reservationID).filter((p) => p.kind === 'rate');
  return stayNights(reservation.startDate, reservation.endDate).map((date) => ({
    date,
    rate: decimal(rates.filter((p) => p.serviceDate === date).reduce((s, p) => s + p.amountMinor, 0)),
  }));
}

function guestListEntry(property: Property, reservation: Reservation, guest: Guest) {
  const { roomType, room } = roomOf(property, reservation);
  return {
    guestID: guest.guestID,
    guestFirstName: guest.firstName,
    guestLastName: guest.lastName,
    guestGender: guest.gender,
    guestEmail: guest.email,
    guestPhone: guest.phone ?? '',
    guestCellPhone: guest.cellPhone ?? '',
    guestAddress: guest.address1 ?? '',
    guestAddress2: guest.address2 ?? '',
    guestCity: guest.city ?? '',
    guestState: guest.state ?? '',
    guestCountry: guest.country ?? '',
    guestZip: guest.zip ?? '',
    guestStatus: reservation.status,
    guestBirthdate: guest.birthDate,
    guestDocumentType: guest.documentType,
    guestDocumentNumber: guest.documentNumber,
    guestDocumentIssueDate: guest.documentIssueDate,
    guestDocumentIssuingCountry: guest.documentIssuingCountry,
    guestDocumentExpirationDate: guest.documentExpirationDate,
    taxID: guest.taxID,
    companyTaxID: guest.companyTaxID,
    companyName: guest.companyName,
    assignedRoom: room !== undefined,
    isAnonymized: false,
    roomID: room?.roomID ?? null,
    roomName: room?.roomName ?? null,
    roomTypeName: roomType.name,
    isMainGuest: true,
    customFields: [],
    rooms: room
      ? [{ reservationRoomID: reservation.reservationRoomID, roomID: room.roomID, roomName: room.roomName, roomTypeName: roomType.name, subReservationID: reservation.subReservationID }]
      : [],
    unassignedRooms: room
      ? []
      : [{ reservationRoomID: reservation.reservationRoomID, roomTypeID: roomType.roomTypeID, roomTypeName: roomType.name, subReservationID: reservation.subReservationID }],
  };
}

/** `getReservation` data (also the `data` of a successful `putReservation`). */
export function reservationView(state: CloudbedsState, property: Property, reservation: Reservation) {
  const guest = state.guests.get(reservation.guestID)!;
  const { roomType, room } = roomOf(property, reservation);
  const totals = totalsOf(state, reservation);
  const roomStay = {
    reservationRoomID: reservation.reservationRoomID,
    roomTypeName: roomType.name,
    roomTypeIsVirtual: false,
    roomTypeID: roomType.roomTypeID,
    subReservationID: reservation.subReservationID,
    isRoomLocked: false,
    startDate: reservation.startDate,
    endDate: reservation.endDate,
    adults: String(reservation.adults),
    children: String(reservation.children),
    dailyRates: dailyRates(state, reservation),
    roomTotal: decimalString(totals.roomsMinor),
  };
  return {
    propertyID: property.propertyID,
    guestName: `${guest.firstName} ${guest.lastName}`,
    guestEmail: guest.email,
    isAnonymized: false,
    guestList: { [guest.guestID]: guestListEntry(property, reservation, guest) },
    reservationID: reservation.reservationID,
    dateCreated: localDateTime(property.timeZone, reservation.dateCreated),
    dateModified: localDateTime(property.timeZone, reservation.dateModified),
    estimatedArrivalTime: reservation.estimatedArrivalTime,
    source: 'Website',
    sourceID: 's-1',
    thirdPartyIdentifier: null,
    status: reservation.status,
    total: decimal(totals.grandTotalMinor),
    balance: decimal(totals.balanceMinor),
    balanceDetailed: {
      suggestedDeposit: '0.00',
      subTotal: decimal(totals.roomsMinor),
      additionalItems: decimal(totals.itemsMinor),
      taxesFees: decimal(totals.taxesFeesMinor),
      grandTotal: decimal(totals.grandTotalMinor),
      paid: decimal(totals.paidMinor),
    },
    assigned: room ? [{ ...roomStay, roomTypeNameShort: roomType.shortName, dormRoomName: null, roomName: room.roomName, roomID: room.roomID }] : [],
    unassigned: room ? [] : [roomStay],
    cardsOnFile: [],
    customFields: [],
    startDate: reservation.startDate,
    endDate: reservation.endDate,
    allotmentBlockCode: null,
    channelProvidedCreditCard: false,
    groupInventory: [],
    origin: '',
    mealPlans: '',
  };
}

/** getReservations' guestList entry: like getReservation's, without guestStatus, with stay details. */
function guestListSummaryEntry(property: Property, reservation: Reservation, guest: Guest) {
  const { guestStatus: _omitted, rooms, unassignedRooms, ...common } = guestListEntry(property, reservation, guest);
  const { roomType } = roomOf(property, reservation);
  const roomDetails = { roomTypeIsVirtual: false, roomTypeID: roomType.roomTypeID, roomTypeNameShort: roomType.shortName, isRoomLocked: false };
  return {
    ...common,
    guestName: `${guest.firstName} ${guest.lastName}`,
    subReservationID: reservation.subReservationID,
    startDate: reservation.startDate,
    endDate: reservation.endDate,
    roomTypeIsVirtual: false,
    rooms: rooms.map((room) => ({ ...room, ...roomDetails, roomStatus: roomStatus[reservation.status] })),
    unassignedRooms: unassignedRooms.map((room) => ({ ...room, ...roomDetails })),
  };
}

const roomStatus = {
  confirmed: 'not_checked_in',
  not_confirmed: 'not_checked_in',
  checked_in: 'in_house',
  checked_out: 'checked_out',
  canceled: 'cancelled',
  no_show: 'not_checked_in',
} as const;

/** One element of `getReservations` data; `guestList` only with `includeGuestsDetails=true`. */
export function reservationSummaryView(state: CloudbedsState, property: Property, reservation: Reservation, withGuests: boolean) {
  const guest = state.guests.get(reservation.guestID)!;
  const { roomType, room } = roomOf(property, reservation);
  const guestName = `${guest.firstName} ${guest.lastName}`;
  const full = reservationView(state, property, reservation);
  return {
    propertyID: property.propertyID,
    reservationID: reservation.reservationID,
    dateCreated: full.dateCreated,
    dateModified: full.dateModified,
    status: reservation.status,
    guestID: guest.guestID,
    profileID: guest.guestID,
    guestName,
    startDate: reservation.startDate,
    endDate: reservation.endDate,
    allotmentBlockCode: null,
    groupCode: null,
    adults: String(reservation.adults),
    children: String(reservation.children),
    balance: full.balance,
    sourceName: full.source,
    sourceID: full.sourceID,
    thirdPartyIdentifier: '',
    subReservationID: reservation.subReservationID,
    rooms: [
      {
        roomTypeID: roomType.roomTypeID,
        roomTypeName: roomType.name,
        roomTypeIsVirtual: false,
        subReservationID: reservation.subReservationID,
        isRoomLocked: false,
        guestID: guest.guestID,
        guestName,
        adults: String(reservation.adults),
        children: String(reservation.children),
        reservationRoomID: reservation.reservationRoomID,
        ...(room ? { roomID: room.roomID } : {}),
        roomName: room?.roomName ?? null,
        roomCheckIn: reservation.startDate,
        roomCheckOut: reservation.endDate,
        roomStatus: roomStatus[reservation.status],
      },
    ],
    ...(withGuests ? { guestList: { [guest.guestID]: guestListSummaryEntry(property, reservation, guest) } } : {}),
    origin: '',
    mealPlans: '',
  };
}

/** `getGuest` data: un-prefixed field names, empty strings where nothing is on file. */
export function guestView(guest: Guest) {
  return {
    firstName: guest.firstName,
    lastName: guest.lastName,
    gender: guest.gender,
    email: guest.email,
    phone: guest.phone ?? '',
    cellPhone: guest.cellPhone ?? '',
    country: guest.country ?? '',
    address: guest.address1 ?? '',
    address2: guest.address2 ?? '',
    city: guest.city ?? '',
    zip: guest.zip ?? '',
    state: guest.state ?? '',
    birthDate: guest.birthDate ?? '',
    documentType: guest.documentType ?? '',
    documentNumber: guest.documentNumber ?? '',
    documentIssueDate: guest.documentIssueDate ?? '',
    documentIssuingCountry: guest.documentIssuingCountry ?? '',
    documentExpirationDate: guest.documentExpirationDate ?? '',
    customFields: [],
    specialRequests: '',
    taxID: guest.taxID,
    companyTaxID: guest.companyTaxID,
    companyName: guest.companyName,
    isAnonymized: false,
    guestOptIn: false,
    isMerged: false,
  };
}
