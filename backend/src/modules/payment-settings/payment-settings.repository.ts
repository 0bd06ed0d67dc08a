import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { properties, propertySettings } from '../../db/drizzle/schema.js';
import type { PaymentSettings } from './payment-settings.schemas.js';

const columns = {
  holdPerNightMinor: propertySettings.holdPerNightMinor,
  holdDepositMinor: propertySettings.holdDepositMinor,
  deskPaymentMaxMinor: propertySettings.deskPaymentMaxMinor,
  refundFrontDeskMaxMinor: propertySettings.refundFrontDeskMaxMinor,
};

export function createPaymentSettingsRepository(db: Database) {
  return {
    /** The property's settings with its currency (every property has its settings row: seeded with it, defaults in the columns). */
    async find(propertyId: string): Promise<(PaymentSettings & { currency: string }) | undefined> {
      const [row] = await db
        .select({ ...columns, currency: properties.currency })
        .from(properties)
        .innerJoin(propertySettings, eq(propertySettings.propertyId, properties.id))
        .where(eq(properties.id, propertyId));
      return row;
    },

    async save(propertyId: string, settings: PaymentSettings, tx: Executor): Promise<PaymentSettings> {
      const [row] = await tx
        .insert(propertySettings)
        .values({ propertyId, ...settings })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { ...settings, updatedAt: sql`now()` } })
        .returning(columns);
      return row!;
    },
  };
}

export type PaymentSettingsRepository = ReturnType<typeof createPaymentSettingsRepository>;
