import { eq, sql, type SQL } from 'drizzle-orm';
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

    /** Replaces the hotel information; the room list, kept by admins on another page, stays as it is. */
    async saveHotelFacts(propertyId: string, facts: Omit<HotelFacts, 'rooms'>, defaultLanguage: string, tx: Executor = db) {
      await tx
        .update(properties)
        .set({ hotelFacts: sql`${JSON.stringify(facts)}::jsonb || jsonb_strip_nulls(jsonb_build_object('rooms', ${properties.hotelFacts} -> 'rooms'))` })
        .where(eq(properties.id, propertyId));
      await tx
        .insert(propertySettings)
        .values({ propertyId, defaultLanguage })
        .onConflictDoUpdate({ target: propertySettings.propertyId, set: { defaultLanguage } });
    },

    /** Replaces the room list alone, in one statement, so an edit of the hotel information at the same time is kept. */
    async saveRooms(propertyId: string, rooms: string[], tx: Executor = db) {
      await tx
        .update(properties)
        .set({ hotelFacts: sql`${properties.hotelFacts} || jsonb_build_object('rooms', ${JSON.stringify(rooms)}::jsonb)` })
        .where(eq(properties.id, propertyId));
    },
  };
}

export type PropertiesRepository = ReturnType<typeof createPropertiesRepository>;
