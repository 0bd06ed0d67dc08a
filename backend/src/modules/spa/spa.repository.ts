import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { guests, properties, propertySettings, spaBookings, spaCharges, stays } from '../../db/drizzle/schema.js';
import type { SpaSettings } from './spa.schemas.js';

export type SpaBookingRow = typeof spaBookings.$inferSelect;
export type SpaChargeRow = typeof spaCharges.$inferSelect;
export type NewSpaBooking = typeof spaBookings.$inferInsert;
export type NewSpaCharge = Pick<SpaChargeRow, 'id' | 'propertyId' | 'stayId' | 'bookingId' | 'kind' | 'amountMinor' | 'currency' | 'description' | 'pmsIdempotencyKey'>;

const settingsColumns = {
  cancellationWindowHours: propertySettings.spaCancellationWindowHours,
  lateCancelFeePercent: propertySettings.spaLateCancelFeePercent,
  noShowFeePercent: propertySettings.spaNoShowFeePercent,
  roomChargeAllowed: propertySettings.spaRoomChargeAllowed,
};

export function createSpaRepository(db: Database) {
  return {
    /** Every property has its settings row (seeded with it, defaults in the columns). */
    async settings(propertyId: string): Promise<SpaSettings | undefined> {
      const [row] = await db.select(settingsColumns).from(propertySettings).where(eq(propertySettings.propertyId, propertyId));
      return row;
    },

    async saveSettings(propertyId: string, settings: SpaSettings, tx: Executor): Promise<SpaSettings> {
      const values = {
        spaCancellationWindowHours: settings.cancellationWindowHours,
        spaLateCancelFeePercent: settings.lateCancelFeePercent,
        spaNoShowFeePercent: settings.noShowFeePercent,
        spaRoomChargeAllowed: settings.roomChargeAllowed,
      };
      const [row] = await tx
        .insert(propertySettings)
        .values({ propertyId, ...values })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { ...values, updatedAt: sql`now()` } })
        .returning(settingsColumns);
      return row!;
    },

    async timeZone(propertyId: string): Promise<string | undefined> {
      const [row] = await db.select({ timeZone: properties.timeZone }).from(properties).where(eq(properties.id, propertyId));
      return row?.timeZone;
    },

    /** False, and nothing written, when the stay already has a booking with this request key. */
    async insertBooking(booking: NewSpaBooking, tx: Executor): Promise<boolean> {
      const inserted = await tx
        .insert(spaBookings)
        .values(booking)
        .onConflictDoNothing({ target: [spaBookings.propertyId, spaBookings.stayId, spaBookings.requestKey] })
        .returning({ id: spaBookings.id });
      return inserted.length === 1;
    },

    async findByRequestKey(propertyId: string, stayId: string, requestKey: string): Promise<SpaBookingRow | undefined> {
      const [row] = await db
        .select()
        .from(spaBookings)
        .where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.stayId, stayId), eq(spaBookings.requestKey, requestKey)));
      return row;
    },

    async find(propertyId: string, id: string): Promise<SpaBookingRow | undefined> {
      const [row] = await db.select().from(spaBookings).where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.id, id)));
      return row;
    },

    async findById(id: string): Promise<SpaBookingRow | undefined> {
      const [row] = await db.select().from(spaBookings).where(eq(spaBookings.id, id));
      return row;
    },

    async update(id: string, patch: Partial<NewSpaBooking>, tx: Executor = db): Promise<SpaBookingRow> {
      const [row] = await tx
        .update(spaBookings)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(spaBookings.id, id))
        .returning();
      return row!;
    },

    /** A stay's bookings that were made (failed attempts left out), soonest first. */
    async listForStay(propertyId: string, stayId: string): Promise<SpaBookingRow[]> {
      return db
        .select()
        .from(spaBookings)
        .where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.stayId, stayId), ne(spaBookings.status, 'failed')))
        .orderBy(asc(spaBookings.startsAt));
    },

    /** The property's bookings starting in [from, to), failed attempts left out, with their stays. */
    async listBetween(propertyId: string, from: Date, to: Date) {
      return db
        .select({
          booking: spaBookings,
          stay: { id: stays.id, confirmationNumber: stays.confirmationNumber, room: stays.room },
          guestName: sql<string>`concat_ws(' ', ${guests.firstName}, ${guests.lastName})`,
        })
        .from(spaBookings)
        .innerJoin(stays, eq(stays.id, spaBookings.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(eq(spaBookings.propertyId, propertyId), gte(spaBookings.startsAt, from), lt(spaBookings.startsAt, to), ne(spaBookings.status, 'failed')))
        .orderBy(asc(spaBookings.startsAt));
    },

    /** False when the booking already has a charge of this kind. */
    async insertCharge(charge: NewSpaCharge, tx: Executor): Promise<boolean> {
      const inserted = await tx.insert(spaCharges).values(charge).onConflictDoNothing({ target: [spaCharges.bookingId, spaCharges.kind] }).returning({ id: spaCharges.id });
      return inserted.length === 1;
    },

    async chargesOf(bookingId: string): Promise<SpaChargeRow[]> {
      return db.select().from(spaCharges).where(eq(spaCharges.bookingId, bookingId)).orderBy(asc(spaCharges.createdAt));
    },

    async findCharge(id: string): Promise<SpaChargeRow | undefined> {
      const [row] = await db.select().from(spaCharges).where(eq(spaCharges.id, id));
      return row;
    },
  };
}

export type SpaRepository = ReturnType<typeof createSpaRepository>;
