import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { guests, mobileKeys, properties, propertySettings, stays } from '../../db/drizzle/schema.js';

export type MobileKeyRow = typeof mobileKeys.$inferSelect;
export type MobileKeyStatus = MobileKeyRow['status'];

/** A key the vendor has (or may have) made and that still opens, or is about to. */
export const LIVE_KEY_STATUSES: readonly MobileKeyStatus[] = ['issuing', 'pending', 'issued'];

/** What a key needs of its stay, `keyEnd` being the departure day at the stay's late check-out or else the hotel's check-out time. */
export interface KeyStay {
  id: string;
  propertyId: string;
  pmsReservationId: string;
  status: (typeof stays.status.enumValues)[number];
  room: string | null;
  keyEnd: Date;
  holder: { firstName: string | null; lastName: string; phone: string | null; email: string | null };
}

export function createKeysRepository(db: Database) {
  return {
    /** The stay, locked for the transaction, so one decision about its key is made at a time. */
    async lockStay(propertyId: string, stayId: string, tx: Executor): Promise<KeyStay | undefined> {
      const [row] = await tx
        .select({
          id: stays.id,
          propertyId: stays.propertyId,
          pmsReservationId: stays.pmsReservationId,
          status: stays.status,
          room: stays.room,
          keyEnd: sql<Date>`((${stays.departureDate}::text || ' ' || coalesce(${stays.lateCheckOut}, ${propertySettings.checkOutTime}, '11:00'))::timestamp AT TIME ZONE ${properties.timeZone})`.mapWith(
            (value: string | Date) => new Date(value),
          ),
          holder: { firstName: guests.firstName, lastName: guests.lastName, phone: guests.phone, email: guests.email },
        })
        .from(stays)
        .innerJoin(properties, eq(properties.id, stays.propertyId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .leftJoin(propertySettings, eq(propertySettings.propertyId, stays.propertyId))
        .where(and(eq(stays.propertyId, propertyId), eq(stays.id, stayId)))
        .for('update', { of: stays });
      return row;
    },

    /** Every key of the stay, oldest first. */
    listForStay(propertyId: string, stayId: string, tx: Executor = db): Promise<MobileKeyRow[]> {
      return tx
        .select()
        .from(mobileKeys)
        .where(and(eq(mobileKeys.propertyId, propertyId), eq(mobileKeys.stayId, stayId)))
        .orderBy(asc(mobileKeys.generation));
    },

    async insert(row: typeof mobileKeys.$inferInsert, tx: Executor): Promise<MobileKeyRow> {
      const [created] = await tx.insert(mobileKeys).values(row).returning();
      return created!;
    },

    /** The key as it is now, locked for the transaction. */
    async lock(id: string, tx: Executor): Promise<MobileKeyRow> {
      const [row] = await tx.select().from(mobileKeys).where(eq(mobileKeys.id, id)).for('update');
      return row!;
    },

    async update(id: string, patch: Partial<typeof mobileKeys.$inferInsert>, tx: Executor = db): Promise<MobileKeyRow> {
      const [row] = await tx
        .update(mobileKeys)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(mobileKeys.id, id))
        .returning();
      return row!;
    },

    /** Keys whose last provider call failed and that are not settled yet, newest first, with their stay. */
    attention(propertyId: string) {
      return db
        .select({
          key: mobileKeys,
          stay: { id: stays.id, confirmationNumber: stays.confirmationNumber, status: stays.status, arrivalDate: stays.arrivalDate, departureDate: stays.departureDate },
          guest: { firstName: guests.firstName, lastName: guests.lastName },
        })
        .from(mobileKeys)
        .innerJoin(stays, eq(stays.id, mobileKeys.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(eq(mobileKeys.propertyId, propertyId), isNotNull(mobileKeys.lastError), inArray(mobileKeys.status, ['issuing', 'pending', 'issued', 'revoking', 'failed'])))
        .orderBy(desc(mobileKeys.updatedAt));
    },
  };
}

export type KeysRepository = ReturnType<typeof createKeysRepository>;
