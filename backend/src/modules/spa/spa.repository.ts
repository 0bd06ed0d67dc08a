import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { guests, payments, properties, spaBookings, spaSettings, stays } from '../../db/drizzle/schema.js';

export type SpaBookingRow = typeof spaBookings.$inferSelect;
export type SpaBookingStatus = SpaBookingRow['status'];
export type SpaSettingsRow = Omit<typeof spaSettings.$inferSelect, 'propertyId' | 'updatedBy' | 'updatedAt'>;

/** A booking with where its room charge stands on the folio (the charge's posting state). */
export type SpaBookingView = SpaBookingRow & { chargeStatus: 'pending' | 'posted' | 'failed' | null };

/** The spa rules a property has until a manager saves its own (the table's defaults). */
export const SPA_SETTINGS_DEFAULTS: SpaSettingsRow = { cancellationWindowHours: 24, lateCancelFeePercent: 50, noShowFeePercent: 100, roomChargeAllowed: true };

export function createSpaRepository(db: Database) {
  const selectViews = (executor: Executor) =>
    executor
      .select({ booking: spaBookings, chargeStatus: payments.status })
      .from(spaBookings)
      .leftJoin(payments, eq(payments.id, spaBookings.chargePaymentId));
  const toView = ({ booking, chargeStatus }: { booking: SpaBookingRow; chargeStatus: SpaBookingView['chargeStatus'] }): SpaBookingView => ({ ...booking, chargeStatus });

  return {
    async settings(propertyId: string): Promise<SpaSettingsRow> {
      const [row] = await db
        .select({
          cancellationWindowHours: spaSettings.cancellationWindowHours,
          lateCancelFeePercent: spaSettings.lateCancelFeePercent,
          noShowFeePercent: spaSettings.noShowFeePercent,
          roomChargeAllowed: spaSettings.roomChargeAllowed,
        })
        .from(spaSettings)
        .where(eq(spaSettings.propertyId, propertyId));
      return row ?? SPA_SETTINGS_DEFAULTS;
    },

    async saveSettings(propertyId: string, settings: SpaSettingsRow, updatedBy: string, tx: Executor = db): Promise<void> {
      await tx
        .insert(spaSettings)
        .values({ propertyId, ...settings, updatedBy })
        .onConflictDoUpdate({ target: spaSettings.propertyId, set: { ...settings, updatedBy, updatedAt: sql`now()` } });
    },

    /** Writes the booking unless the stay already has one with this request key: then nothing, and false. */
    async insert(booking: typeof spaBookings.$inferInsert, tx: Executor = db): Promise<boolean> {
      const inserted = await tx
        .insert(spaBookings)
        .values(booking)
        .onConflictDoNothing({ target: [spaBookings.propertyId, spaBookings.stayId, spaBookings.requestKey] })
        .returning({ id: spaBookings.id });
      return inserted.length === 1;
    },

    async update(id: string, change: Partial<typeof spaBookings.$inferInsert>, tx: Executor = db): Promise<void> {
      await tx.update(spaBookings).set({ ...change, updatedAt: sql`now()` }).where(eq(spaBookings.id, id));
    },

    async findById(propertyId: string, id: string, tx: Executor = db): Promise<SpaBookingView | undefined> {
      const [row] = await selectViews(tx).where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.id, id)));
      return row && toView(row);
    },

    /** The booking, locked for the caller's transaction (one cancellation or no-show at a time). */
    async lock(propertyId: string, id: string, tx: Executor): Promise<SpaBookingRow | undefined> {
      const [row] = await tx.select().from(spaBookings).where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.id, id))).for('update');
      return row;
    },

    async findByRequestKey(propertyId: string, stayId: string, requestKey: string): Promise<SpaBookingView | undefined> {
      const [row] = await selectViews(db).where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.stayId, stayId), eq(spaBookings.requestKey, requestKey)));
      return row && toView(row);
    },

    async listForStay(propertyId: string, stayId: string): Promise<SpaBookingView[]> {
      const rows = await selectViews(db)
        .where(and(eq(spaBookings.propertyId, propertyId), eq(spaBookings.stayId, stayId)))
        .orderBy(asc(spaBookings.startsAt));
      return rows.map(toView);
    },

    async timeZone(propertyId: string): Promise<string> {
      const [row] = await db.select({ timeZone: properties.timeZone }).from(properties).where(eq(properties.id, propertyId));
      return row!.timeZone;
    },

    /** Bookings starting in [from, to), by start, with whom they are for. */
    async scheduleOf(propertyId: string, from: Date, to: Date) {
      const rows = await db
        .select({
          booking: spaBookings,
          chargeStatus: payments.status,
          guest: { firstName: guests.firstName, lastName: guests.lastName, room: stays.room, confirmationNumber: stays.confirmationNumber },
        })
        .from(spaBookings)
        .leftJoin(payments, eq(payments.id, spaBookings.chargePaymentId))
        .innerJoin(stays, eq(stays.id, spaBookings.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(eq(spaBookings.propertyId, propertyId), gte(spaBookings.startsAt, from), lt(spaBookings.startsAt, to), ne(spaBookings.status, 'failed')))
        .orderBy(asc(spaBookings.startsAt));
      return rows.map(({ guest, ...row }) => ({
        booking: toView(row),
        guest: { name: [guest.firstName, guest.lastName].filter(Boolean).join(' '), room: guest.room, confirmationNumber: guest.confirmationNumber },
      }));
    },
  };
}

export type SpaRepository = ReturnType<typeof createSpaRepository>;
