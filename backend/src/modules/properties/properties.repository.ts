import { eq, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { properties, propertySettings } from '../../db/drizzle/schema.js';
import type { HotelFacts } from './hotel-information.js';

export interface PropertyProfileRow {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  hotelFacts: unknown;
  defaultLanguage: string | null;
}

export function createPropertiesRepository(db: Database) {
  const findOne = async (condition: SQL, tx: Executor = db): Promise<PropertyProfileRow | undefined> => {
    const [row] = await tx
      .select({
        id: properties.id,
        code: properties.code,
        name: properties.name,
        timeZone: properties.timeZone,
        hotelFacts: properties.hotelFacts,
        defaultLanguage: propertySettings.defaultLanguage,
      })
      .from(properties)
      .leftJoin(propertySettings, eq(propertySettings.propertyId, properties.id))
      .where(condition);
    return row;
  };

  return {
    findByCode: (code: string) => findOne(eq(properties.code, code)),
    findById: (propertyId: string, tx?: Executor) => findOne(eq(properties.id, propertyId), tx),

    async saveHotelFacts(propertyId: string, facts: HotelFacts, defaultLanguage: string, tx: Executor = db) {
      await tx.update(properties).set({ hotelFacts: facts }).where(eq(properties.id, propertyId));
      await tx
        .insert(propertySettings)
        .values({ propertyId, defaultLanguage })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { defaultLanguage } });
    },
  };
}

export type PropertiesRepository = ReturnType<typeof createPropertiesRepository>;
