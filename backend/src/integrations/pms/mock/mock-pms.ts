import { demoStays } from './demo-stays.js';
import { AppError } from '../../../lib/errors.js';
import { normalizeName } from '../../../lib/names.js';
import type {
  Folio,
  FolioLine,
  GuestProfile,
  GuestProfileUpdate,
  PmsPort,
  PmsRoom,
  PostChargeInput,
  PostingResult,
  PostPaymentInput,
  Reservation,
} from '../pms.port.js';
import { readyFirst } from '../pms.port.js';

/** Nightly rate per currency for the demo folios, in minor units. */
const NIGHTLY_RATE: Record<string, number> = { EUR: 14_500, CHF: 21_000 };
const MINIBAR = 1_850;

/**
 * The demo hotels' rooms as the in-process PMS keeps them: every room a demo stay uses plus free
 * ones, some still with housekeeping (not ready) and one out of order (never offered).
 */
const ROOMS: Record<string, Record<string, 'ready' | 'dirty' | 'out_of_order'>> = {
  harbour: {
    ...Object.fromEntries(['101', '112', '201', '202', '203', '204', '208', '209', '210', '301', '305'].map((room) => [room, 'ready' as const])),
    '118': 'dirty',
    '205': 'dirty',
    '207': 'out_of_order',
  },
  alpine: {
    ...Object.fromEntries(['1', '2', '4', '6', '7', '12', '14', '21'].map((room) => [room, 'ready' as const])),
    '3': 'dirty',
    '5': 'out_of_order',
  },
};

interface MockReservation {
  reservation: Reservation;
  profile: GuestProfile;
  lines: FolioLine[];
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The zero-configuration PMS: in memory, deterministic, holding the demo reservations of one
 * property (db/demo-stays.json: the same ones as db/seed.sql and the vendor mock servers). It keeps
 * the rules a real PMS enforces, so the product behaves the same on it.
 */
export function createMockPms(property: { code: string; timeZone: string; currency: string }, now: () => Date): PmsPort {
  const today = todayIn(property.timeZone, now());
  const rate = NIGHTLY_RATE[property.currency] ?? 15_000;
  const reservations = new Map<string, MockReservation>();

  for (const stay of demoStays.filter((candidate) => candidate.property === property.code)) {
    const arrivalDate = addDays(today, stay.arrivalOffset);
    const departureDate = addDays(today, stay.departureOffset);
    const reservationId = `MOCK-${stay.confirmation}`;
    const profile: GuestProfile = {
      profileId: `P-${stay.confirmation}`,
      firstName: stay.firstName,
      lastName: stay.lastName,
      email: stay.email,
    };
    const lines: FolioLine[] = [];
    if (stay.status === 'checked_in' || stay.status === 'checked_out') {
      const nights = stay.status === 'checked_in' ? -stay.arrivalOffset : stay.departureOffset - stay.arrivalOffset;
      for (let night = 0; night < nights; night += 1) {
        lines.push({ id: `${reservationId}-N${night}`, date: addDays(arrivalDate, night), description: 'Room night', amountMinor: rate, kind: 'charge' });
      }
      if (stay.status === 'checked_in') {
        lines.push({ id: `${reservationId}-MB`, date: today, description: 'Minibar', amountMinor: MINIBAR, kind: 'charge' });
      } else {
        lines.push({ id: `${reservationId}-PAY`, date: departureDate, description: 'Card payment', amountMinor: rate * nights, kind: 'payment' });
      }
    }
    reservations.set(reservationId, {
      reservation: {
        reservationId,
        confirmationNumber: stay.confirmation,
        status: stay.status,
        arrivalDate,
        departureDate,
        ...(stay.room ? { room: stay.room } : {}),
        adults: stay.adults,
        children: stay.children,
        guest: {
          profileId: profile.profileId,
          firstName: stay.firstName,
          lastName: stay.lastName,
          email: stay.email,
          ...(stay.language ? { language: stay.language } : {}),
        },
      },
      profile,
      lines,
    });
  }

  const get = (reservationId: string) => {
    const found = reservations.get(reservationId);
    if (!found) throw new AppError('not_found', 'The PMS has no such reservation.');
    return found;
  };
  /** Rooms held by every other in-house or expected reservation. */
  const takenBy = (reservationId: string) =>
    new Set(
      [...reservations.values()]
        .filter(({ reservation }) => reservation.reservationId !== reservationId && (reservation.status === 'checked_in' || reservation.status === 'reserved'))
        .map(({ reservation }) => reservation.room),
    );
  const balance = (lines: FolioLine[]) =>
    lines.reduce((total, line) => total + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0);
  const snapshot = (entry: MockReservation): Reservation => ({
    ...entry.reservation,
    guest: { ...entry.reservation.guest, email: entry.profile.email, phone: entry.profile.phone },
  });
  const post = (reservationId: string, key: string, line: Omit<FolioLine, 'id' | 'date' | 'reference'>): PostingResult => {
    const entry = get(reservationId);
    const existing = entry.lines.find((candidate) => candidate.reference === key);
    if (existing) return { postingId: existing.id, duplicate: true };
    if (entry.reservation.status === 'cancelled' || entry.reservation.status === 'checked_out') {
      throw new AppError('upstream_rejected', 'The PMS does not accept postings on this reservation.');
    }
    const id = `${reservationId}-${entry.lines.length + 1}`;
    entry.lines.push({ ...line, id, date: todayIn(property.timeZone, now()), reference: key });
    return { postingId: id, duplicate: false };
  };

  return {
    capabilities: { folioLines: true, checkInRequiresRoom: true, checkOutRequiresZeroBalance: true, refunds: true },

    async healthCheck() {},

    async findReservation(confirmationNumber, lastName) {
      const wanted = normalizeName(lastName);
      for (const entry of reservations.values()) {
        if (entry.reservation.confirmationNumber === confirmationNumber.trim().toUpperCase()
          && normalizeName(entry.profile.lastName) === wanted) return snapshot(entry);
      }
      return null;
    },

    async getReservation(reservationId) {
      return snapshot(get(reservationId));
    },

    async getFolio(reservationId): Promise<Folio> {
      const { lines } = get(reservationId);
      return { currency: property.currency, lines: lines.map((line) => ({ ...line })), balanceMinor: balance(lines), complete: true };
    },

    async getGuestProfile(reservationId) {
      return { ...get(reservationId).profile };
    },

    async updateGuestProfile(reservationId, patch: GuestProfileUpdate) {
      const entry = get(reservationId);
      entry.profile = { ...entry.profile, ...patch };
      return { ...entry.profile };
    },

    async checkIn(reservationId, room) {
      const entry = get(reservationId);
      if (entry.reservation.status !== 'reserved') {
        throw new AppError('upstream_rejected', 'Only a reservation that is due in can be checked in.');
      }
      const assigned = room ?? entry.reservation.room;
      if (!assigned) throw new AppError('upstream_rejected', 'Assign a room before checking in.');
      entry.reservation = { ...entry.reservation, status: 'checked_in', room: assigned };
      return snapshot(entry);
    },

    async listRooms(reservationId): Promise<PmsRoom[]> {
      get(reservationId);
      const taken = takenBy(reservationId);
      return readyFirst(
        Object.entries(ROOMS[property.code] ?? {})
          .filter(([room, state]) => state !== 'out_of_order' && !taken.has(room))
          .map(([room, state]) => ({ room, ready: state === 'ready' })),
      );
    },

    async moveRoom(reservationId, room) {
      const entry = get(reservationId);
      if (entry.reservation.status !== 'checked_in') throw new AppError('upstream_rejected', 'Only an in-house guest can be moved to another room.');
      const state = ROOMS[property.code]?.[room];
      if (!state || state === 'out_of_order') throw new AppError('upstream_rejected', `Room ${room} cannot be given to a guest.`);
      if (takenBy(reservationId).has(room)) throw new AppError('upstream_rejected', `Room ${room} is occupied or assigned to another reservation.`);
      if (state !== 'ready') throw new AppError('upstream_rejected', `Room ${room} is not ready yet.`);
      entry.reservation = { ...entry.reservation, room };
      return snapshot(entry);
    },

    async checkOut(reservationId) {
      const entry = get(reservationId);
      if (entry.reservation.status !== 'checked_in') {
        throw new AppError('upstream_rejected', 'Only an in-house reservation can be checked out.');
      }
      if (balance(entry.lines) !== 0) throw new AppError('upstream_rejected', 'The folio balance must be settled first.');
      entry.reservation = { ...entry.reservation, status: 'checked_out' };
      return snapshot(entry);
    },

    async postCharge(reservationId, input: PostChargeInput) {
      return post(reservationId, input.idempotencyKey, { description: input.description, amountMinor: input.amountMinor, kind: 'charge' });
    },

    async postPayment(reservationId, input: PostPaymentInput) {
      // A refund (negative payment) reads as a debit line, as Mews shows one: folio lines are positive.
      const kind = input.amountMinor < 0 ? 'charge' : 'payment';
      return post(reservationId, input.idempotencyKey, { description: input.description, amountMinor: Math.abs(input.amountMinor), kind });
    },
  };
}
