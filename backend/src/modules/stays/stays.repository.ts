import { and, asc, eq, gt, inArray, isNull, lte, gte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import type { Address, Reservation } from '../../integrations/pms/pms.port.js';
import { guestLanguageOf, type GuestLanguage } from '../../lib/languages.js';
import { guests, guestSessions, guestSignInLinks, properties, propertySettings, stays } from '../../db/drizzle/schema.js';
import { enqueueJob } from '../../jobs/queue.js';
import { revokeRealtimeAccess } from '../../realtime/revoke-realtime-access.js';
import { RAISE_CARD_HOLD_TASK } from '../card-payments/card-payments.service.js';
import { queueKeySync } from '../keys/key-sync-job.js';
import { ROOM_READY_TASK } from '../check-in/check-in-tasks.js';

/** What a guest and staff see of a stay. */
const stayView = {
  id: stays.id,
  propertyId: stays.propertyId,
  pmsReservationId: stays.pmsReservationId,
  guestId: stays.guestId,
  syncedAt: stays.syncedAt,
  confirmationNumber: stays.confirmationNumber,
  arrivalDate: stays.arrivalDate,
  departureDate: stays.departureDate,
  room: stays.room,
  status: stays.status,
  lateCheckOut: stays.lateCheckOut,
  adults: stays.adults,
  children: stays.children,
  property: {
    code: properties.code,
    name: properties.name,
    timeZone: properties.timeZone,
    currency: properties.currency,
  },
  guest: {
    firstName: guests.firstName,
    lastName: guests.lastName,
    email: guests.email,
    phone: guests.phone,
    address: sql<Address | null>`${guests.address}`,
    language: sql<GuestLanguage | null>`${guests.language}`,
  },
};

export type StayStatus = (typeof stays.status.enumValues)[number];
export type StayView = {
  id: string;
  propertyId: string;
  pmsReservationId: string;
  guestId: string;
  syncedAt: Date | null;
  confirmationNumber: string;
  arrivalDate: string;
  departureDate: string;
  room: string | null;
  status: StayStatus;
  /** Late check-out granted on the departure day (property time, HH:MM); null: the hotel's check-out time. */
  lateCheckOut: string | null;
  adults: number;
  children: number;
  property: { code: string; name: string; timeZone: string; currency: string };
  guest: {
    firstName: string | null;
    lastName: string;
    email: string | null;
    phone: string | null;
    address: Address | null;
    language: GuestLanguage | null;
  };
};

export type StayListFilter = 'arrivals' | 'in_house' | 'departures';

/** Which stays a list of the day holds; no filter: every stay spanning the day. */
function listConditions(date: string, filter: StayListFilter | undefined): SQL[] {
  switch (filter) {
    case 'arrivals':
      return [eq(stays.arrivalDate, date), ne(stays.status, 'cancelled')];
    case 'departures':
      return [eq(stays.departureDate, date), inArray(stays.status, ['checked_in', 'checked_out'])];
    case 'in_house':
      return [eq(stays.status, 'checked_in'), lte(stays.arrivalDate, date), gte(stays.departureDate, date)];
    case undefined:
      return [lte(stays.arrivalDate, date), gte(stays.departureDate, date)];
  }
}

/**
 * normalizeName (lib/names.ts) in SQL, so a search for "muller" or "oconnor" finds "Müller" and
 * "O'Connor" the way a guest lookup does: NFKD, combining marks (U+0300–U+036F) dropped, lower
 * case, ß as ss, spaces, apostrophes, hyphens and dots removed.
 */
const normalizedName = (value: SQL) =>
  sql`replace(regexp_replace(lower(regexp_replace(normalize(${value}, NFKD), '[\\u0300-\\u036f]', '', 'g')), '[[:space:]''’\`.-]', '', 'g'), 'ß', 'ss')`;

/**
 * The query behind every guest request: a live session for the token hash, and its stay. Exported
 * so the benchmark's bare server runs exactly the same SQL.
 */
export function stayByGuestTokenQuery(db: Database) {
  return db
    .select({ ...stayView, sessionId: guestSessions.id })
    .from(guestSessions)
    .innerJoin(stays, eq(stays.id, guestSessions.stayId))
    .innerJoin(properties, eq(properties.id, stays.propertyId))
    .innerJoin(guests, eq(guests.id, stays.guestId))
    .where(
      and(
        eq(guestSessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(guestSessions.revokedAt),
        gt(guestSessions.expiresAt, sql`now()`),
        ne(stays.status, 'cancelled'),
      ),
    );
}

/** The close of the day after departure, in the property's time zone: when guest access to a stay ends. */
const guestAccessEnd = (stayId: string) =>
  sql`(SELECT ((s.departure_date + 2)::timestamp AT TIME ZONE p.time_zone)
       FROM ${stays} s JOIN ${properties} p ON p.id = s.property_id
       WHERE s.id = ${stayId})`;

export function createStaysRepository(db: Database) {
  const selectStays = (executor: Executor) =>
    executor
      .select(stayView)
      .from(stays)
      .innerJoin(properties, eq(properties.id, stays.propertyId))
      .innerJoin(guests, eq(guests.id, stays.guestId));

  // The guest hot path: token -> session -> stay in one round trip, as a named prepared statement.
  const findByGuestToken = stayByGuestTokenQuery(db).prepare('stay_by_guest_token');

  /**
   * Ends every live guest session and sign-in link of a stay, and its guests' open realtime streams
   * (in the same transaction, so no stream outlives the commit); answers how many of each.
   */
  async function revokeGuestAccess(stayId: string, tx: Executor = db) {
    const sessions = await tx
      .update(guestSessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(guestSessions.stayId, stayId), isNull(guestSessions.revokedAt), gt(guestSessions.expiresAt, sql`now()`)))
      .returning({ id: guestSessions.id });
    const links = await tx
      .update(guestSignInLinks)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(guestSignInLinks.stayId, stayId), isNull(guestSignInLinks.revokedAt), gt(guestSignInLinks.expiresAt, sql`now()`)))
      .returning({ id: guestSignInLinks.id });
    await revokeRealtimeAccess(tx, { kind: 'stay', id: stayId });
    return { sessions: sessions.length, links: links.length };
  }

  async function findById(propertyId: string, stayId: string): Promise<StayView | undefined> {
    const [row] = await selectStays(db).where(and(eq(stays.propertyId, propertyId), eq(stays.id, stayId)));
    return row;
  }

  return {
    findById,

    async propertyIds(code?: string): Promise<string[]> {
      const rows = await db
        .select({ id: properties.id })
        .from(properties)
        .where(code ? eq(properties.code, code) : undefined);
      return rows.map((row) => row.id);
    },

    /**
     * Keeps a reservation read from the PMS: updates the stay with that confirmation number (and
     * its guest) or creates both, stamping synced_at. One transaction, so no half-written stay;
     * `within` writes what the change means for us (its audit entry) in that transaction too.
     */
    async upsertFromPms(propertyId: string, reservation: Reservation, within?: (tx: Executor, stayId: string) => Promise<unknown>): Promise<StayView> {
      const id = await db.transaction(async (tx) => {
        const pmsLanguage = guestLanguageOf(reservation.guest.language);
        const guestFields = {
          firstName: reservation.guest.firstName ?? null,
          lastName: reservation.guest.lastName,
          ...(reservation.guest.email ? { email: reservation.guest.email } : {}),
          ...(reservation.guest.phone ? { phone: reservation.guest.phone } : {}),
          // The PMS's language fills an empty one; the guest's own choice in the app is kept.
          ...(pmsLanguage ? { language: sql`coalesce(${guests.language}, ${pmsLanguage})` } : {}),
          updatedAt: sql`now()`,
        };
        const stayFields = {
          pmsReservationId: reservation.reservationId,
          arrivalDate: reservation.arrivalDate,
          departureDate: reservation.departureDate,
          room: reservation.room ?? null,
          status: reservation.status,
          adults: reservation.adults,
          children: reservation.children,
          syncedAt: sql`now()`,
          updatedAt: sql`now()`,
        };
        const [existing] = await tx
          .select({ id: stays.id, guestId: stays.guestId, status: stays.status, departureDate: stays.departureDate, room: stays.room })
          .from(stays)
          .where(and(eq(stays.propertyId, propertyId), eq(stays.confirmationNumber, reservation.confirmationNumber)))
          .for('update');
        if (existing) {
          const departureMoved = existing.departureDate !== reservation.departureDate;
          await tx.update(guests).set(guestFields).where(eq(guests.id, existing.guestId));
          // A late check-out was granted for the departure day it was asked on, not for a new one.
          await tx
            .update(stays)
            .set({ ...stayFields, ...(departureMoved ? { lateCheckOut: null } : {}) })
            .where(eq(stays.id, existing.id));
          // A stay the PMS extended gets its card hold raised to the new dates, by the worker, once per new date.
          if (reservation.departureDate > existing.departureDate && (reservation.status === 'reserved' || reservation.status === 'checked_in')) {
            await enqueueJob(tx, RAISE_CARD_HOLD_TASK, { propertyId, stayId: existing.id }, { jobKey: `raise-hold:${existing.id}:${reservation.departureDate}` });
          }
          // The mobile key follows the stay: issued at check-in, moved, extended, revoked at check-out,
          // cancellation and no-show, whoever made the change (our app, staff or the PMS).
          if (existing.status !== reservation.status || existing.room !== stayFields.room || departureMoved) {
            await queueKeySync(tx, propertyId, existing.id);
          }
          // A room assigned (by the PMS or at the desk): a guest checked in online hears it is ready.
          if (reservation.room && reservation.room !== existing.room) {
            await enqueueJob(tx, ROOM_READY_TASK, { propertyId, stayId: existing.id }, { jobKey: `room-ready:${existing.id}` });
          }
          // A cancelled booking opens nothing any more, open streams included.
          if (reservation.status === 'cancelled' && existing.status !== 'cancelled') {
            await revokeGuestAccess(existing.id, tx);
          }
          await within?.(tx, existing.id);
          return existing.id;
        }
        const [guest] = await tx
          .insert(guests)
          .values({ propertyId, ...guestFields, ...(pmsLanguage ? { language: pmsLanguage } : {}) })
          .returning({ id: guests.id });
        const [created] = await tx
          .insert(stays)
          .values({ propertyId, confirmationNumber: reservation.confirmationNumber, guestId: guest!.id, ...stayFields })
          .returning({ id: stays.id });
        if (reservation.status === 'checked_in') await queueKeySync(tx, propertyId, created!.id);
        await within?.(tx, created!.id);
        return created!.id;
      });
      const stay = await findById(propertyId, id);
      if (!stay) throw new Error('upserted stay vanished');
      return stay;
    },

    /** Grants a late check-out to a stay that is still checked in; false when it is not (any more). */
    async setLateCheckOut(stayId: string, time: string, tx: Executor): Promise<boolean> {
      const rows = await tx
        .update(stays)
        .set({ lateCheckOut: time, updatedAt: sql`now()` })
        .where(and(eq(stays.id, stayId), eq(stays.status, 'checked_in')))
        .returning({ id: stays.id });
      return rows.length > 0;
    },

    /** The hotel's check-out time (property time, HH:MM). */
    async checkOutTimeAt(propertyId: string): Promise<string> {
      const [row] = await db
        .select({ time: sql<string>`coalesce(${propertySettings.checkOutTime}, '11:00')` })
        .from(properties)
        .leftJoin(propertySettings, eq(propertySettings.propertyId, properties.id))
        .where(eq(properties.id, propertyId));
      if (!row) throw new Error(`property ${propertyId} vanished`);
      return row.time;
    },

    async updateGuestContact(guestId: string, patch: { email?: string; phone?: string; address?: Address; language?: GuestLanguage }) {
      await db
        .update(guests)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(guests.id, guestId));
    },

    /** Stays with this confirmation number, in one property or in all of them. */
    async findByConfirmation(confirmation: string, propertyCode?: string): Promise<StayView[]> {
      const conditions: SQL[] = [eq(stays.confirmationNumber, confirmation)];
      if (propertyCode) conditions.push(eq(properties.code, propertyCode));
      return selectStays(db).where(and(...conditions));
    },

    /** The stay a live guest session opens, and that session (which realtime streams record). */
    async findByGuestTokenHash(tokenHash: string): Promise<{ stay: StayView; sessionId: string } | undefined> {
      const [row] = await findByGuestToken.execute({ tokenHash });
      if (!row) return undefined;
      const { sessionId, ...stay } = row;
      return { stay, sessionId };
    },

    /** Creates a guest session that ends at the close of the day after departure, property time. */
    async createGuestSession(input: { propertyId: string; stayId: string; tokenHash: string }, tx: Executor = db) {
      const [row] = await tx
        .insert(guestSessions)
        .values({ ...input, expiresAt: guestAccessEnd(input.stayId) })
        .returning({ expiresAt: guestSessions.expiresAt });
      if (!row) throw new Error('guest session insert returned nothing');
      return row;
    },

    /** Keeps the hash of a sign-in link's code; the link lasts as long as a guest token would. */
    async createSignInLink(input: { propertyId: string; stayId: string; codeHash: string; notificationId: string | null }, tx: Executor = db) {
      await tx.insert(guestSignInLinks).values({ ...input, expiresAt: guestAccessEnd(input.stayId) });
    },

    /** The stay a live sign-in link opens (marking the link used), or undefined. */
    async useSignInLink(codeHash: string): Promise<{ propertyId: string; stayId: string } | undefined> {
      const [row] = await db
        .update(guestSignInLinks)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(
            eq(guestSignInLinks.codeHash, codeHash),
            isNull(guestSignInLinks.revokedAt),
            gt(guestSignInLinks.expiresAt, sql`now()`),
            sql`EXISTS (SELECT 1 FROM ${stays} s WHERE s.id = ${guestSignInLinks.stayId} AND s.status <> 'cancelled')`,
          ),
        )
        .returning({ propertyId: guestSignInLinks.propertyId, stayId: guestSignInLinks.stayId });
      return row;
    },

    revokeGuestAccess,

    /** The property's calendar day now, in its own time zone. */
    async todayAt(propertyId: string): Promise<string> {
      const [row] = await db
        .select({ today: sql<string>`(now() AT TIME ZONE ${properties.timeZone})::date::text` })
        .from(properties)
        .where(eq(properties.id, propertyId));
      if (!row) throw new Error(`property ${propertyId} vanished`);
      return row.today;
    },

    async listForDate(propertyId: string, date: string, filter?: StayListFilter): Promise<StayView[]> {
      return selectStays(db)
        .where(and(eq(stays.propertyId, propertyId), ...listConditions(date, filter)))
        .orderBy(asc(stays.arrivalDate), asc(guests.lastName));
    },

    /** How many stays each list of the day holds, in one query. */
    async countsForDate(propertyId: string, date: string): Promise<Record<StayListFilter, number>> {
      const count = (filter: StayListFilter) => sql<number>`(count(*) FILTER (WHERE ${and(...listConditions(date, filter))}))::int`;
      const [row] = await db
        .select({ arrivals: count('arrivals'), in_house: count('in_house'), departures: count('departures') })
        .from(stays)
        .where(eq(stays.propertyId, propertyId));
      return row!;
    },

    /**
     * Stays of any date whose guest name contains `nameKey` (already normalized with
     * normalizeName), or whose confirmation number or room starts with `text`; those nearest to
     * `date` first.
     */
    async search(propertyId: string, input: { nameKey: string; text: string; date: string; limit: number }): Promise<StayView[]> {
      const text = input.text.toLowerCase();
      const matches: SQL[] = [
        sql`starts_with(lower(${stays.confirmationNumber}), ${text})`,
        sql`starts_with(lower(coalesce(${stays.room}, '')), ${text})`,
      ];
      if (input.nameKey) matches.push(sql`strpos(${normalizedName(sql`coalesce(${guests.firstName}, '') || ${guests.lastName}`)}, ${input.nameKey}) > 0`);
      return selectStays(db)
        .where(and(eq(stays.propertyId, propertyId), or(...matches)))
        .orderBy(sql`abs(${stays.arrivalDate} - ${input.date}::date)`, asc(guests.lastName))
        .limit(input.limit);
    },
  };
}

export type StaysRepository = ReturnType<typeof createStaysRepository>;
