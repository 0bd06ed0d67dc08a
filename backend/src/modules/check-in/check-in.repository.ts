import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { checkIns, guests, properties, propertySettings, stays } from '../../db/drizzle/schema.js';
import type { CheckInProgress, CheckInStep, StepMark } from './check-in-steps.js';

/** A property's online check-in settings. */
export interface CheckInSettings {
  steps: CheckInStep[];
  retentionDays: number;
  idImagesStored: boolean;
  registrationCardKept: boolean;
  registrationTerms: Record<string, string>;
  selfCheckIn: boolean;
  defaultLanguage: string;
}

const settingsColumns = {
  steps: sql<CheckInStep[]>`${propertySettings.checkInSteps}`,
  retentionDays: propertySettings.checkInRetentionDays,
  idImagesStored: propertySettings.idImagesStored,
  registrationCardKept: propertySettings.registrationCardKept,
  registrationTerms: sql<Record<string, string>>`${propertySettings.registrationTerms}`,
  selfCheckIn: propertySettings.selfCheckIn,
  defaultLanguage: propertySettings.defaultLanguage,
};

const rowColumns = {
  stayId: checkIns.stayId,
  propertyId: checkIns.propertyId,
  progress: sql<CheckInProgress>`${checkIns.progress}`,
  idSealed: checkIns.idSealed,
  idKeyId: checkIns.idKeyId,
  idFlags: checkIns.idFlags,
  idProvider: checkIns.idProvider,
  idConfirmedAt: checkIns.idConfirmedAt,
  reviewStatus: checkIns.reviewStatus,
  reviewedBy: checkIns.reviewedBy,
  reviewedAt: checkIns.reviewedAt,
  registrationSealed: checkIns.registrationSealed,
  registrationKeyId: checkIns.registrationKeyId,
  signedAt: checkIns.signedAt,
  arrivalTime: checkIns.arrivalTime,
  arrivalRequests: sql<ArrivalRequests | null>`${checkIns.arrivalRequests}`,
  completedAt: checkIns.completedAt,
  roomReadyAt: checkIns.roomReadyAt,
  purgedAt: checkIns.purgedAt,
};

export interface ArrivalRequests {
  earlyCheckIn: boolean;
  cot: boolean;
  parking: boolean;
  note: string | null;
}

export interface CheckInRow {
  stayId: string;
  propertyId: string;
  progress: CheckInProgress;
  idSealed: string | null;
  idKeyId: string | null;
  idFlags: string[];
  idProvider: string | null;
  idConfirmedAt: Date | null;
  reviewStatus: 'none' | 'pending' | 'approved';
  reviewedBy: string | null;
  reviewedAt: Date | null;
  registrationSealed: string | null;
  registrationKeyId: string | null;
  signedAt: Date | null;
  arrivalTime: string | null;
  arrivalRequests: ArrivalRequests | null;
  completedAt: Date | null;
  roomReadyAt: Date | null;
  purgedAt: Date | null;
}

/** Sealed values with the id of the key that sealed them. */
export interface Sealed {
  ciphertext: string;
  keyId: string;
}

export interface IdReadingWrite {
  sealed: Sealed;
  images: Sealed | null;
  flags: string[];
  provider: string;
}

export function createCheckInRepository(db: Database) {
  /** The row of a stay, made empty on first use (concurrent first uses make one). */
  async function ensure(tx: Executor, propertyId: string, stayId: string): Promise<void> {
    await tx.insert(checkIns).values({ stayId, propertyId }).onConflictDoNothing({ target: checkIns.stayId });
  }

  return {
    async settings(propertyId: string, tx: Executor = db): Promise<CheckInSettings | undefined> {
      const [row] = await tx.select(settingsColumns).from(propertySettings).where(eq(propertySettings.propertyId, propertyId));
      return row;
    },

    async saveSettings(propertyId: string, settings: Omit<CheckInSettings, 'defaultLanguage'>, tx: Executor = db): Promise<void> {
      const values = {
        checkInSteps: settings.steps,
        checkInRetentionDays: settings.retentionDays,
        idImagesStored: settings.idImagesStored,
        registrationCardKept: settings.registrationCardKept,
        registrationTerms: settings.registrationTerms,
        selfCheckIn: settings.selfCheckIn,
      };
      await tx
        .insert(propertySettings)
        .values({ propertyId, ...values })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { ...values, updatedAt: sql`now()` } });
    },

    async find(propertyId: string, stayId: string, tx: Executor = db): Promise<CheckInRow | undefined> {
      const [row] = await tx
        .select(rowColumns)
        .from(checkIns)
        .where(and(eq(checkIns.propertyId, propertyId), eq(checkIns.stayId, stayId)));
      return row;
    },

    /** Rows of these stays (for the arrivals list's ticks). */
    async findMany(propertyId: string, stayIds: string[]): Promise<CheckInRow[]> {
      if (stayIds.length === 0) return [];
      return db
        .select(rowColumns)
        .from(checkIns)
        .where(and(eq(checkIns.propertyId, propertyId), inArray(checkIns.stayId, stayIds)));
    },

    /** The row locked for the rest of the transaction. */
    async lock(tx: Executor, propertyId: string, stayId: string): Promise<CheckInRow> {
      await ensure(tx, propertyId, stayId);
      const [row] = await tx
        .select(rowColumns)
        .from(checkIns)
        .where(and(eq(checkIns.propertyId, propertyId), eq(checkIns.stayId, stayId)))
        .for('update');
      return row!;
    },

    async markSteps(tx: Executor, stayId: string, marks: Partial<Record<CheckInStep, StepMark>>): Promise<void> {
      await tx
        .update(checkIns)
        .set({ progress: sql`${checkIns.progress} || ${JSON.stringify(marks)}::jsonb`, updatedAt: sql`now()` })
        .where(eq(checkIns.stayId, stayId));
    },

    /** A new reading replaces the last one, confirmation and review included. */
    async saveIdReading(tx: Executor, stayId: string, reading: IdReadingWrite): Promise<void> {
      await tx
        .update(checkIns)
        .set({
          idSealed: reading.sealed.ciphertext,
          idKeyId: reading.sealed.keyId,
          idImagesSealed: reading.images?.ciphertext ?? null,
          idImagesKeyId: reading.images?.keyId ?? null,
          idFlags: reading.flags,
          idProvider: reading.provider,
          idConfirmedAt: null,
          reviewStatus: 'none',
          reviewedBy: null,
          reviewedAt: null,
          progress: sql`${checkIns.progress} - 'id'`,
          purgedAt: null,
          updatedAt: sql`now()`,
        })
        .where(eq(checkIns.stayId, stayId));
    },

    async confirmId(tx: Executor, stayId: string, update: { sealed: Sealed; flags: string[]; review: boolean }): Promise<void> {
      await tx
        .update(checkIns)
        .set({
          idSealed: update.sealed.ciphertext,
          idKeyId: update.sealed.keyId,
          idFlags: update.flags,
          idConfirmedAt: sql`now()`,
          reviewStatus: update.review ? 'pending' : 'none',
          updatedAt: sql`now()`,
        })
        .where(eq(checkIns.stayId, stayId));
    },

    async approve(tx: Executor, stayId: string, staffId: string): Promise<void> {
      await tx
        .update(checkIns)
        .set({ reviewStatus: 'approved', reviewedBy: staffId, reviewedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(checkIns.stayId, stayId));
    },

    async saveRegistration(tx: Executor, stayId: string, card: Sealed): Promise<void> {
      await tx
        .update(checkIns)
        .set({ registrationSealed: card.ciphertext, registrationKeyId: card.keyId, signedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(checkIns.stayId, stayId));
    },

    async saveArrival(tx: Executor, stayId: string, arrivalTime: string | null, requests: ArrivalRequests): Promise<void> {
      await tx.update(checkIns).set({ arrivalTime, arrivalRequests: requests, updatedAt: sql`now()` }).where(eq(checkIns.stayId, stayId));
    },

    async complete(tx: Executor, stayId: string): Promise<boolean> {
      const rows = await tx
        .update(checkIns)
        .set({ completedAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(checkIns.stayId, stayId), isNull(checkIns.completedAt)))
        .returning({ stayId: checkIns.stayId });
      return rows.length > 0;
    },

    /** Marks the guest told of their room, once: true only for the call that marked it. */
    async claimRoomReady(tx: Executor, propertyId: string, stayId: string): Promise<{ room: string; status: string; arrivalDate: string } | undefined> {
      const [row] = await tx
        .update(checkIns)
        .set({ roomReadyAt: sql`now()`, updatedAt: sql`now()` })
        .from(stays)
        .where(
          and(
            eq(checkIns.propertyId, propertyId),
            eq(checkIns.stayId, stayId),
            eq(stays.id, checkIns.stayId),
            sql`${checkIns.completedAt} IS NOT NULL`,
            isNull(checkIns.roomReadyAt),
            sql`${stays.room} IS NOT NULL`,
            inArray(stays.status, ['reserved', 'checked_in']),
          ),
        )
        .returning({ room: sql<string>`${stays.room}`, status: stays.status, arrivalDate: stays.arrivalDate });
      return row;
    },

    /** Stays whose ID needs a look, oldest first. */
    async reviewQueue(propertyId: string) {
      return db
        .select({
          stayId: checkIns.stayId,
          confirmationNumber: stays.confirmationNumber,
          firstName: guests.firstName,
          lastName: guests.lastName,
          arrivalDate: stays.arrivalDate,
          departureDate: stays.departureDate,
          status: stays.status,
          flags: checkIns.idFlags,
          provider: checkIns.idProvider,
          updatedAt: checkIns.updatedAt,
        })
        .from(checkIns)
        .innerJoin(stays, eq(stays.id, checkIns.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(eq(checkIns.propertyId, propertyId), eq(checkIns.reviewStatus, 'pending')))
        .orderBy(asc(checkIns.updatedAt));
    },

    /**
     * Check-ins of stays that ended at least `retention_days` days before `today` in their property's
     * time zone and still hold something to purge. A stay ends on its departure day once it is no
     * longer reserved or in house (checked out, cancelled, no-show).
     */
    async purgeable(now: Date): Promise<Array<{ stayId: string; propertyId: string; keepCard: boolean }>> {
      const today = sql`(${now.toISOString()}::timestamptz AT TIME ZONE ${properties.timeZone})::date`;
      return db
        .select({ stayId: checkIns.stayId, propertyId: checkIns.propertyId, keepCard: propertySettings.registrationCardKept })
        .from(checkIns)
        .innerJoin(stays, eq(stays.id, checkIns.stayId))
        .innerJoin(properties, eq(properties.id, checkIns.propertyId))
        .innerJoin(propertySettings, eq(propertySettings.propertyId, checkIns.propertyId))
        .where(
          and(
            isNull(checkIns.purgedAt),
            inArray(stays.status, ['checked_out', 'cancelled', 'no_show']),
            lte(sql`${stays.departureDate} + ${propertySettings.checkInRetentionDays}::int`, today),
          ),
        );
    },

    /** Empties what was read from the ID, its pictures and (unless kept) the registration card. */
    async purge(tx: Executor, stayId: string, keepCard: boolean): Promise<void> {
      await tx
        .update(checkIns)
        .set({
          idSealed: null,
          idKeyId: null,
          idImagesSealed: null,
          idImagesKeyId: null,
          ...(keepCard ? {} : { registrationSealed: null, registrationKeyId: null }),
          arrivalRequests: null,
          purgedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(eq(checkIns.stayId, stayId));
    },

    /** Arriving stays of a day at a property. */
    async arrivalsOn(propertyId: string, date: string): Promise<string[]> {
      const rows = await db
        .select({ id: stays.id })
        .from(stays)
        .where(and(eq(stays.propertyId, propertyId), eq(stays.arrivalDate, date)));
      return rows.map((row) => row.id);
    },
  };
}

export type CheckInRepository = ReturnType<typeof createCheckInRepository>;
