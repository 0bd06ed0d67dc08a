import { sql, type SQL } from 'drizzle-orm';
import { properties } from './drizzle/schema.js';

/** The instant a calendar day (`YYYY-MM-DD`) begins in the property's time zone, for date filters on timestamps. */
export const propertyDayStart = (propertyId: string, day: string): SQL =>
  sql`(${day}::date::timestamp AT TIME ZONE (SELECT ${properties.timeZone} FROM ${properties} WHERE ${properties.id} = ${propertyId}))`;

/** The instant the day after `day` begins there: the exclusive end of a filter "up to and including `day`". */
export const propertyDayEnd = (propertyId: string, day: string): SQL =>
  sql`((${day}::date + 1)::timestamp AT TIME ZONE (SELECT ${properties.timeZone} FROM ${properties} WHERE ${properties.id} = ${propertyId}))`;
