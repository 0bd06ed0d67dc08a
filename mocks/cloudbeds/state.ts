import { demoProperties, demoStays, type DemoStatus, type DemoStay } from '../shared/demo-stays.js';
import { cloudbedsDemoItemIds, cloudbedsDemoProperties } from './credentials.js';

/**
 * In-memory Cloudbeds world: properties, guests, reservations and the postings every amount is
 * derived from (a reservation's total, balance and accounting folio are sums over postings, never
 * stored numbers). Money is integer minor units here and becomes decimals only on the wire.
 */
export type PropertyKey = keyof typeof cloudbedsDemoProperties;

export type ReservationStatus = 'confirmed' | 'not_confirmed' | 'canceled' | 'checked_in' | 'checked_out' | 'no_show';

export interface RoomType {
  roomTypeID: string;
  name: string;
  shortName: string;
  nightlyRateMinor: number;
  maxGuests: number;
}

export interface Room {
  roomID: string;
  roomName: string;
  roomTypeID: string;
}

export interface Property {
  key: PropertyKey;
  propertyID: string;
  apiKey: string;
  name: string;
  timeZone: string;
  currency: string;
  roomTypes: RoomType[];
  rooms: Room[];
}

export interface Guest {
  guestID: string;
  propertyID: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F' | 'N/A';
  email: string;
  phone: string | null;
  cellPhone: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  birthDate: string | null;
  documentType: string | null;
  documentNumber: string | null;
  documentIssueDate: string | null;
  documentIssuingCountry: string | null;
  documentExpirationDate: string | null;
  taxID: string | null;
  companyName: string | null;
  companyTaxID: string | null;
}

export interface Reservation {
  reservationID: string;
  /** Integer id the Accounting API calls `sourceId`; v1.3 never shows it. */
  sourceId: number;
  folioId: string;
  propertyID: string;
  guestID: string;
  status: ReservationStatus;
  startDate: string;
  endDate: string;
  adults: number;
  children: number;
  roomTypeID: string;
  roomID: string | null;
  reservationRoomID: string;
  subReservationID: string;
  estimatedArrivalTime: string | null;
  dateCreated: Date;
  dateModified: Date;
}

export type PostingKind = 'rate' | 'item' | 'tax' | 'fee' | 'payment';

export interface Posting {
  transactionID: string;
  reservationID: string;
  kind: PostingKind;
  description: string;
  /** Always positive: `kind` says whether it is a charge or a payment. */
  amountMinor: number;
  quantity: number;
  serviceDate: string;
  postedAt: Date;
  soldProductID?: string;
  appItemID?: string;
  itemCategoryName?: string;
  paymentID?: string;
  paymentType?: string;
  cardType?: string;
  referenceID?: string;
}

export interface CustomItemSale {
  soldProductID: string;
  transactionID: string;
}

export interface CloudbedsState {
  now: () => Date;
  properties: Property[];
  guests: Map<string, Guest>;
  reservations: Map<string, Reservation>;
  postings: Posting[];
  /** First name and category sent for an appItemID, per property (Cloudbeds reuses them). */
  itemCatalog: Map<string, { itemName: string; itemCategoryName: string | null }>;
  /** `${propertyID}:${referenceID}` -> the sale it created, for postCustomItem idempotency. */
  customItemReferences: Map<string, CustomItemSale>;
  nextId: (sequence: IdSequence) => string;
}

type IdSequence = 'transaction' | 'soldProduct' | 'payment';

const propertyLayout: Record<PropertyKey, { rooms: string[]; familyRooms: string[]; rates: [number, number] }> = {
  harbour: {
    rooms: [...range(101, 120), ...range(201, 215), ...range(301, 310)].map(String),
    familyRooms: ['110', '120', '210', '310'],
    rates: [16000, 22000],
  },
  alpine: {
    rooms: range(1, 24).map(String),
    familyRooms: ['5', '10', '15', '20'],
    rates: [24000, 31000],
  },
};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function buildProperty(key: PropertyKey): Property {
  const { propertyID, apiKey } = cloudbedsDemoProperties[key];
  const layout = propertyLayout[key];
  const roomTypes: RoomType[] = [
    { roomTypeID: `${propertyID}-1`, name: 'Double Room', shortName: 'DBL', nightlyRateMinor: layout.rates[0], maxGuests: 2 },
    { roomTypeID: `${propertyID}-2`, name: 'Family Room', shortName: 'FAM', nightlyRateMinor: layout.rates[1], maxGuests: 4 },
  ];
  const rooms = layout.rooms.map((roomName) => ({
    roomID: `${propertyID}-r${roomName}`,
    roomName,
    roomTypeID: layout.familyRooms.includes(roomName) ? roomTypes[1]!.roomTypeID : roomTypes[0]!.roomTypeID,
  }));
  return { key, propertyID, apiKey, ...demoProperties[key], roomTypes, rooms };
}

/** `YYYY-MM-DD` of `instant` in the property's time zone. */
export function localDate(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Cloudbeds v1 datetime: `Y-m-d H:i:s` in the property's time zone. */
export function localDateTime(timeZone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const atUtc = (date: string, time: string) => new Date(`${date}T${time}:00Z`);

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every night of a stay, arrival included, departure excluded. */
export function stayNights(startDate: string, endDate: string): string[] {
  const nights: string[] = [];
  for (let d = startDate; d < endDate; d = addDays(d, 1)) nights.push(d);
  return nights;
}

const demoStatus: Record<DemoStatus, ReservationStatus> = {
  reserved: 'confirmed',
  checked_in: 'checked_in',
  checked_out: 'checked_out',
  cancelled: 'canceled',
  no_show: 'no_show',
};

export function createState(now: () => Date = () => new Date()): CloudbedsState {
  const counters: Record<IdSequence, number> = { transaction: 991000000, soldProduct: 610000000, payment: 30000000 };
  const state: CloudbedsState = {
    now,
    properties: (Object.keys(cloudbedsDemoProperties) as PropertyKey[]).map(buildProperty),
    guests: new Map(),
    reservations: new Map(),
    postings: [],
    itemCatalog: new Map(),
    customItemReferences: new Map(),
    nextId: (sequence) => String(++counters[sequence]),
  };
  demoStays.forEach((stay, index) => seedStay(state, stay, index));
  return state;
}

export function today(state: CloudbedsState, property: Property): string {
  return localDate(property.timeZone, state.now());
}

function seedStay(state: CloudbedsState, stay: DemoStay, index: number): void {
  const property = state.properties.find((p) => p.key === stay.property)!;
  const now = state.now();
  const todayDate = localDate(property.timeZone, now);
  const roomType = property.roomTypes[stay.children > 0 ? 1 : 0]!;
  const room = stay.room === null ? undefined : property.rooms.find((r) => r.roomName === stay.room);
  const guestID = String(55190001 + index);
  const created = new Date(now.getTime() - (30 + index) * 86_400_000);

  state.guests.set(guestID, {
    guestID,
    propertyID: property.propertyID,
    firstName: stay.firstName,
    lastName: stay.lastName,
    gender: 'N/A',
    email: stay.email,
    phone: null, cellPhone: null, address1: null, address2: null, city: null, state: null, zip: null, country: null,
    birthDate: null, documentType: null, documentNumber: null, documentIssueDate: null,
    documentIssuingCountry: null, documentExpirationDate: null, taxID: null, companyName: null, companyTaxID: null,
  });

  const reservation: Reservation = {
    reservationID: stay.confirmation,
    sourceId: 380021000 + index,
    folioId: String(720044000 + index),
    propertyID: property.propertyID,
    guestID,
    status: demoStatus[stay.status],
    startDate: addDays(todayDate, stay.arrivalOffset),
    endDate: addDays(todayDate, stay.departureOffset),
    adults: stay.adults,
    children: stay.children,
    roomTypeID: room?.roomTypeID ?? roomType.roomTypeID,
    roomID: room?.roomID ?? null,
    reservationRoomID: String(88120000 + index),
    subReservationID: `${stay.confirmation}-1`,
    estimatedArrivalTime: null,
    dateCreated: created,
    dateModified: created,
  };
  state.reservations.set(reservation.reservationID, reservation);
  seedPostings(state, property, reservation, index);
}

/**
 * Room nights for live stays; a minibar or restaurant charge for in-house stays; a settlement for
 * departed stays and a first-night deposit for some others, so balances differ across the demo.
 */
function seedPostings(state: CloudbedsState, property: Property, reservation: Reservation, index: number): void {
  if (reservation.status === 'canceled' || reservation.status === 'no_show') return;
  const rate = property.roomTypes.find((t) => t.roomTypeID === reservation.roomTypeID)!.nightlyRateMinor;
  for (const night of stayNights(reservation.startDate, reservation.endDate)) {
    addPosting(state, reservation, {
      kind: 'rate', description: 'Room rate', amountMinor: rate, quantity: 1, serviceDate: night, postedAt: atUtc(night, '23:00'),
    });
  }
  if (reservation.status === 'checked_in') {
    const minibar = index % 2 === 0;
    const item = minibar ? cloudbedsDemoItemIds.minibar : cloudbedsDemoItemIds.food_beverage;
    const itemName = minibar ? 'Minibar' : 'Restaurant dinner';
    state.itemCatalog.set(`${property.propertyID}:${item.appItemID}`, { itemName, itemCategoryName: item.itemCategoryName });
    const soldProductID = state.nextId('soldProduct');
    addPosting(state, reservation, {
      kind: 'item', description: itemName, quantity: minibar ? 2 : 1, amountMinor: minibar ? 1300 : 4600,
      serviceDate: reservation.startDate, postedAt: atUtc(reservation.startDate, '20:00'),
      soldProductID, appItemID: item.appItemID, itemCategoryName: item.itemCategoryName,
    });
  }
  const payNow =
    reservation.status === 'checked_out' ? balanceMinor(state, reservation)
    : (reservation.status === 'checked_in' && index % 2 === 0) || (reservation.status === 'confirmed' && index % 3 === 0) ? rate
    : 0;
  if (payNow > 0) {
    const paidAt =
      reservation.status === 'checked_out' ? atUtc(reservation.endDate, '10:00')
      : reservation.status === 'checked_in' ? atUtc(reservation.startDate, '14:00')
      : reservation.dateCreated;
    addPosting(state, reservation, {
      kind: 'payment', description: 'Visa payment', amountMinor: payNow, quantity: 1,
      serviceDate: localDate(property.timeZone, paidAt), postedAt: paidAt,
      paymentID: state.nextId('payment'), paymentType: 'credit', cardType: 'visa',
    });
  }
}

/** `postedAt` defaults to now; the seed back-dates its postings to when they would have happened. */
export function addPosting(
  state: CloudbedsState,
  reservation: Reservation,
  posting: Omit<Posting, 'transactionID' | 'reservationID' | 'postedAt'> & { postedAt?: Date },
): Posting {
  const created: Posting = { postedAt: state.now(), ...posting, transactionID: state.nextId('transaction'), reservationID: reservation.reservationID };
  state.postings.push(created);
  return created;
}

export function postingsOf(state: CloudbedsState, reservationID: string): Posting[] {
  return state.postings.filter((p) => p.reservationID === reservationID);
}

export interface Totals {
  roomsMinor: number;
  itemsMinor: number;
  taxesFeesMinor: number;
  grandTotalMinor: number;
  paidMinor: number;
  balanceMinor: number;
}

export function totalsOf(state: CloudbedsState, reservation: Reservation): Totals {
  const sum = (kinds: PostingKind[]) =>
    postingsOf(state, reservation.reservationID).filter((p) => kinds.includes(p.kind)).reduce((s, p) => s + p.amountMinor, 0);
  const roomsMinor = sum(['rate']);
  const itemsMinor = sum(['item']);
  const taxesFeesMinor = sum(['tax', 'fee']);
  const grandTotalMinor = roomsMinor + itemsMinor + taxesFeesMinor;
  const paidMinor = sum(['payment']);
  return { roomsMinor, itemsMinor, taxesFeesMinor, grandTotalMinor, paidMinor, balanceMinor: grandTotalMinor - paidMinor };
}

function balanceMinor(state: CloudbedsState, reservation: Reservation): number {
  return totalsOf(state, reservation).balanceMinor;
}

/** Whether a night audit has posted it; future room nights are still pending. */
export function isPosted(state: CloudbedsState, property: Property, posting: Posting): boolean {
  return posting.kind !== 'rate' || posting.serviceDate < today(state, property);
}
