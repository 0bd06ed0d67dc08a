import { demoProperties, demoStays, type DemoStay } from '../shared/demo-stays.js';
import { OPERA_HOTEL_IDS } from './credentials.js';

/**
 * The mock's in-memory OPERA: hotels with rooms, reservations with their folio postings, and guest
 * profiles. Balances are always derived from postings, never stored.
 */
export type HousekeepingStatus = 'Clean' | 'Dirty' | 'Pickup' | 'Inspected' | 'OutOfOrder' | 'OutOfService';
/** Stored OPERA statuses; `DueIn`/`DueOut` are computed from dates (see `computedStatus`). */
export type StoredStatus = 'Reserved' | 'InHouse' | 'CheckedOut' | 'Cancelled' | 'NoShow';
export type ComputedStatus = StoredStatus | 'DueIn' | 'DueOut';

export interface Room {
  roomId: string;
  roomType: string;
  housekeeping: HousekeepingStatus;
}

export interface Hotel {
  hotelId: string;
  name: string;
  timeZone: string;
  currency: string;
  /** Nightly rate per room type, minor units. */
  rates: Record<string, number>;
  rooms: Map<string, Room>;
}

export interface Posting {
  transactionNo: number;
  transactionCode: string;
  description: string;
  type: 'Revenue' | 'Payment';
  /** Always positive, minor units; `type` says whether it is a debit or a credit. */
  amountMinor: number;
  priceMinor: number;
  quantity: number;
  windowNo: number;
  transactionDate: string;
  /** Business date the posting was made on. */
  postingDate: string;
  postedAt: Date;
  cashierId: number;
  reference?: string;
  remark?: string;
}

export interface Reservation {
  reservationId: string;
  confirmationNumber: string;
  hotelId: string;
  status: StoredStatus;
  arrivalDate: string;
  departureDate: string;
  roomType: string;
  roomId: string | null;
  adults: number;
  children: number;
  profileId: string;
  ratePlanCode: string;
  createdAt: Date;
  postings: Posting[];
  /** Folio numbers issued by `POST …/folios`, per window. */
  folioNumbers: Map<number, number>;
}

export interface ProfileEntry<T> {
  id: string;
  value: T;
}
export interface EmailValue {
  emailAddress: string;
  type?: string;
  primaryInd?: boolean;
}
export interface TelephoneValue {
  phoneNumber: string;
  phoneTechType?: string;
  phoneUseType?: string;
  primaryInd?: boolean;
}
export interface AddressValue {
  addressLine?: string[];
  cityName?: string;
  postalCode?: string;
  state?: string;
  countryCode?: string;
  type?: string;
  primaryInd?: boolean;
}
export interface IdentificationValue {
  idType: string;
  idNumber: string;
  issuedCountry?: string;
  issuedDate?: string;
  expirationDate?: string;
  issuedPlace?: string;
  primaryInd?: boolean;
}

export interface Profile {
  profileId: string;
  givenName?: string;
  surname: string;
  birthDate?: string;
  nationality?: string;
  emails: ProfileEntry<EmailValue>[];
  telephones: ProfileEntry<TelephoneValue>[];
  addresses: ProfileEntry<AddressValue>[];
  identifications: ProfileEntry<IdentificationValue>[];
  createdAt: Date;
  modifiedAt: Date;
}

export interface TransactionCode {
  description: string;
  group: string;
  type: 'Revenue' | 'Payment';
}

/** Hotel-configured transaction codes; the same set in both demo hotels. */
export const TRANSACTION_CODES: Record<string, TransactionCode> = {
  '1000': { description: 'Accommodation', group: 'ROOM', type: 'Revenue' },
  '2000': { description: 'Restaurant', group: 'FB', type: 'Revenue' },
  '2100': { description: 'Room Service', group: 'FB', type: 'Revenue' },
  '2300': { description: 'Minibar', group: 'FB', type: 'Revenue' },
  '4410': { description: 'Spa Treatment', group: 'SPA', type: 'Revenue' },
  '5000': { description: 'Miscellaneous', group: 'MISC', type: 'Revenue' },
  '5010': { description: 'Gratuity', group: 'MISC', type: 'Revenue' },
  '9000': { description: 'Cash', group: 'PAY', type: 'Payment' },
  '9004': { description: 'Visa', group: 'PAY', type: 'Payment' },
  '9005': { description: 'MasterCard', group: 'PAY', type: 'Payment' },
  '9050': { description: 'Web Payment', group: 'PAY', type: 'Payment' },
};

/** Payment method code (what `paymentMethod.paymentMethod` carries) -> its transaction code. */
export const PAYMENT_METHODS: Record<string, string> = { CA: '9000', VA: '9004', MC: '9005', WEB: '9050' };

export const ROOM_CHARGE_CODE = '1000';
/** Cashier the mock books its own (night audit, seed) postings under. */
export const SYSTEM_CASHIER_ID = 1;
/** Room status Oracle's check-in workflow expects; `Clean` is accepted too. */
export const CHECK_IN_READY: ReadonlySet<HousekeepingStatus> = new Set(['Inspected', 'Clean']);

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** "Today" in the hotel's time zone: the mock's business date (no night audit runs). */
export function localDate(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** ISO date-time of a wall-clock time in the hotel's zone, with its UTC offset (e.g. `+01:00`). */
export function localDateTime(timeZone: string, date: string, time: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(probe)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name === 'GMT' || !name ? '+00:00' : name.replace('GMT', '');
  return `${date}T${time}${offset}`;
}

// Room inventories: every room a demo stay uses plus vacant rooms in each housekeeping state, so
// check-in can be tested against clean, dirty and out-of-order rooms.
const HOTEL_SETUP: Record<DemoStay['property'], { rates: Record<string, number>; rooms: Array<[string, string, HousekeepingStatus]> }> = {
  harbour: {
    rates: { STDT: 12_000, DLXK: 16_500, JRSU: 24_000 },
    rooms: [
      ['101', 'STDT', 'Inspected'],
      ['112', 'STDT', 'Clean'],
      ['118', 'STDT', 'Dirty'],
      ['201', 'DLXK', 'Inspected'],
      ['202', 'DLXK', 'Inspected'],
      ['203', 'DLXK', 'Clean'],
      ['204', 'DLXK', 'Clean'],
      ['205', 'DLXK', 'Dirty'],
      ['206', 'DLXK', 'Pickup'],
      ['207', 'DLXK', 'OutOfOrder'],
      ['208', 'DLXK', 'Inspected'],
      ['209', 'DLXK', 'Inspected'],
      ['210', 'DLXK', 'Clean'],
      ['301', 'JRSU', 'Inspected'],
      ['305', 'JRSU', 'Clean'],
    ],
  },
  alpine: {
    rates: { ALPD: 21_000, ALPS: 29_000 },
    rooms: [
      ['1', 'ALPD', 'Inspected'],
      ['2', 'ALPD', 'Inspected'],
      ['3', 'ALPD', 'Dirty'],
      ['4', 'ALPD', 'Clean'],
      ['5', 'ALPD', 'OutOfService'],
      ['6', 'ALPD', 'Inspected'],
      ['7', 'ALPD', 'Clean'],
      ['12', 'ALPS', 'Clean'],
      ['14', 'ALPS', 'Inspected'],
      ['21', 'ALPS', 'Clean'],
    ],
  },
};

/** Room type booked by demo stays that have no room yet. */
const UNASSIGNED_ROOM_TYPE: Record<DemoStay['property'], string> = { harbour: 'DLXK', alpine: 'ALPD' };

const STATUS_OF: Record<DemoStay['status'], StoredStatus> = {
  reserved: 'Reserved',
  checked_in: 'InHouse',
  checked_out: 'CheckedOut',
  cancelled: 'Cancelled',
  no_show: 'NoShow',
};

/**
 * Stable ids derived from the confirmation number: HV1001 -> reservation 511001, profile 771001;
 * AL2001 -> reservation 522001, profile 772001.
 */
export function demoReservationId(confirmation: string): string {
  return `5${confirmation.startsWith('HV') ? '1' : '2'}${confirmation.slice(2)}`;
}
export function demoProfileId(confirmation: string): string {
  return `77${confirmation.slice(2)}`;
}

export class OperaState {
  readonly hotels = new Map<string, Hotel>();
  readonly reservations = new Map<string, Reservation>();
  readonly profiles = new Map<string, Profile>();
  private transactionSeq = 9_000_100;
  private entrySeq = 40_000;
  private folioSeq = 7_000;

  constructor(private readonly clock: () => Date) {
    this.seed();
  }

  now(): Date {
    return this.clock();
  }

  businessDate(hotel: Hotel): string {
    return localDate(hotel.timeZone, this.clock());
  }

  nextTransactionNo(): number {
    this.transactionSeq += 1;
    return this.transactionSeq;
  }

  nextEntryId(): string {
    this.entrySeq += 1;
    return String(this.entrySeq);
  }

  nextFolioNo(): number {
    this.folioSeq += 1;
    return this.folioSeq;
  }

  computedStatus(reservation: Reservation): ComputedStatus {
    const hotel = this.hotelOf(reservation);
    const today = this.businessDate(hotel);
    if (reservation.status === 'Reserved' && reservation.arrivalDate === today) return 'DueIn';
    if (reservation.status === 'InHouse' && reservation.departureDate <= today) return 'DueOut';
    return reservation.status;
  }

  hotelOf(reservation: Reservation): Hotel {
    const hotel = this.hotels.get(reservation.hotelId);
    if (!hotel) throw new Error(`reservation ${reservation.reservationId} has unknown hotel`);
    return hotel;
  }

  profileOf(reservation: Reservation): Profile {
    const profile = this.profiles.get(reservation.profileId);
    if (!profile) throw new Error(`reservation ${reservation.reservationId} has unknown profile`);
    return profile;
  }

  /** Signed balance of one window or of all windows: debits minus credits, minor units. */
  balanceMinor(reservation: Reservation, windowNo?: number): number {
    return reservation.postings
      .filter((p) => windowNo === undefined || p.windowNo === windowNo)
      .reduce((sum, p) => sum + (p.type === 'Revenue' ? p.amountMinor : -p.amountMinor), 0);
  }

  revenueMinor(reservation: Reservation, windowNo?: number): number {
    return reservation.postings
      .filter((p) => p.type === 'Revenue' && (windowNo === undefined || p.windowNo === windowNo))
      .reduce((sum, p) => sum + p.amountMinor, 0);
  }

  paymentMinor(reservation: Reservation, windowNo?: number): number {
    return this.revenueMinor(reservation, windowNo) - this.balanceMinor(reservation, windowNo);
  }

  nightlyRateMinor(reservation: Reservation): number {
    return this.hotelOf(reservation).rates[reservation.roomType] ?? 0;
  }

  /** True when another reservation occupies or holds the room over overlapping nights. */
  roomTaken(room: Room, hotelId: string, forReservation: Reservation): boolean {
    for (const other of this.reservations.values()) {
      if (other === forReservation || other.hotelId !== hotelId || other.roomId !== room.roomId) continue;
      if (other.status === 'InHouse') return true;
      const overlaps = other.arrivalDate < forReservation.departureDate && forReservation.arrivalDate < other.departureDate;
      if (other.status === 'Reserved' && overlaps) return true;
    }
    return false;
  }

  addPosting(reservation: Reservation, posting: Omit<Posting, 'transactionNo'>): Posting {
    const created = { transactionNo: this.nextTransactionNo(), ...posting };
    reservation.postings.push(created);
    return created;
  }

  private seed(): void {
    const start = this.clock();
    for (const [property, hotelId] of Object.entries(OPERA_HOTEL_IDS) as Array<[DemoStay['property'], string]>) {
      const setup = HOTEL_SETUP[property];
      const rooms = new Map(setup.rooms.map(([roomId, roomType, housekeeping]) => [roomId, { roomId, roomType, housekeeping }]));
      const { name, timeZone, currency } = demoProperties[property];
      this.hotels.set(hotelId, { hotelId, name, timeZone, currency, rates: setup.rates, rooms });
    }
    demoStays.forEach((stay, index) => this.seedStay(stay, index, start));
  }

  private seedStay(stay: DemoStay, index: number, start: Date): void {
    const hotel = this.hotels.get(OPERA_HOTEL_IDS[stay.property]);
    if (!hotel) throw new Error(`no hotel for ${stay.property}`);
    const today = this.businessDate(hotel);
    const room = stay.room ? hotel.rooms.get(stay.room) : undefined;
    if (stay.room && !room) throw new Error(`demo room ${stay.room} missing from ${hotel.hotelId}`);
    const createdAt = new Date(start.getTime() - (30 + index) * DAY_MS);
    const profile: Profile = {
      profileId: demoProfileId(stay.confirmation),
      givenName: stay.firstName,
      surname: stay.lastName,
      emails: [{ id: this.nextEntryId(), value: { emailAddress: stay.email, type: 'EMAIL', primaryInd: true } }],
      telephones: [],
      addresses: [],
      identifications: [],
      createdAt,
      modifiedAt: createdAt,
    };
    this.profiles.set(profile.profileId, profile);
    const reservation: Reservation = {
      reservationId: demoReservationId(stay.confirmation),
      confirmationNumber: stay.confirmation,
      hotelId: hotel.hotelId,
      status: STATUS_OF[stay.status],
      arrivalDate: addDays(today, stay.arrivalOffset),
      departureDate: addDays(today, stay.departureOffset),
      roomType: room?.roomType ?? UNASSIGNED_ROOM_TYPE[stay.property],
      roomId: room?.roomId ?? null,
      adults: stay.adults,
      children: stay.children,
      profileId: profile.profileId,
      ratePlanCode: 'BAR',
      createdAt,
      postings: [],
      folioNumbers: new Map(),
    };
    this.reservations.set(reservation.reservationId, reservation);
    this.seedPostings(reservation, index, today);
  }

  /**
   * Room nights the night audit has posted so far, a minibar or restaurant charge for in-house
   * and departed stays, a card payment of the first night for every other in-house stay, and a
   * settling payment for departed stays (they left with a zero balance).
   */
  private seedPostings(reservation: Reservation, index: number, today: string): void {
    if (reservation.status !== 'InHouse' && reservation.status !== 'CheckedOut') return;
    const rate = this.nightlyRateMinor(reservation);
    const lastNight = reservation.status === 'InHouse' ? today : reservation.departureDate;
    const nights = Math.max(0, daysBetween(reservation.arrivalDate, lastNight));
    const base = { priceMinor: 0, quantity: 1, windowNo: 1, cashierId: SYSTEM_CASHIER_ID };
    const postedOn = (date: string) => new Date(`${date}T23:30:00Z`);
    for (let night = 0; night < nights; night += 1) {
      const date = addDays(reservation.arrivalDate, night);
      this.addPosting(reservation, { ...base, transactionCode: ROOM_CHARGE_CODE, description: 'Accommodation', type: 'Revenue', amountMinor: rate, priceMinor: rate, transactionDate: date, postingDate: date, postedAt: postedOn(date) });
    }
    const extraCode = index % 2 === 0 ? '2300' : '2000';
    const extraMinor = extraCode === '2300' ? 1_450 : 5_800;
    this.addPosting(reservation, { ...base, transactionCode: extraCode, description: TRANSACTION_CODES[extraCode]?.description ?? '', type: 'Revenue', amountMinor: extraMinor, priceMinor: extraMinor, transactionDate: reservation.arrivalDate, postingDate: reservation.arrivalDate, postedAt: postedOn(reservation.arrivalDate) });
    const settleMinor = reservation.status === 'CheckedOut' ? this.balanceMinor(reservation) : index % 2 === 0 ? rate : 0;
    if (settleMinor > 0) {
      const date = reservation.status === 'CheckedOut' ? addDays(reservation.departureDate, -1) : reservation.arrivalDate;
      this.addPosting(reservation, { ...base, transactionCode: '9004', description: 'Visa', type: 'Payment', amountMinor: settleMinor, priceMinor: settleMinor, transactionDate: date, postingDate: date, postedAt: postedOn(date), reference: 'seed-card-payment' });
    }
  }
}
