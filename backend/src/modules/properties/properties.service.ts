import type { Database } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { guestLanguageOf, type GuestLanguage } from '../../lib/languages.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import {
  parseHotelFacts,
  resolveHotelInformation,
  type HotelFacts,
  type HotelInformationByLanguage,
  type HotelInformationText,
} from './hotel-information.js';
import type { PropertiesRepository, PropertyProfileRow } from './properties.repository.js';

export interface HotelInformationSettings {
  defaultLanguage: GuestLanguage;
  country: string | null;
  logoUrl: string | null;
  information: HotelInformationByLanguage;
}

const defaultLanguageOf = (row: PropertyProfileRow) => guestLanguageOf(row.defaultLanguage) ?? 'en';

/** Blank fields and languages with nothing in them are not stored, so they fall back. */
function withoutBlanks(information: HotelInformationByLanguage): HotelInformationByLanguage {
  const kept = Object.entries(information).flatMap(([language, texts]) => {
    const filled = Object.entries(texts ?? {}).filter(([, value]) => value);
    return filled.length ? [[language, Object.fromEntries(filled) as HotelInformationText]] : [];
  });
  return Object.fromEntries(kept);
}

export function createPropertiesService(deps: { db: Database; properties: PropertiesRepository; audit: AuditRepository }) {
  async function existing(propertyId: string) {
    const row = await deps.properties.findById(propertyId);
    if (!row) throw new AppError('not_found', 'No such property.');
    return row;
  }

  const settingsOf = (row: PropertyProfileRow): HotelInformationSettings => {
    const facts = parseHotelFacts(row.hotelFacts);
    return { defaultLanguage: defaultLanguageOf(row), country: facts.country ?? null, logoUrl: facts.logoUrl ?? null, information: facts.information ?? {} };
  };

  return {
    /** What anyone may know of a hotel by its code: enough to greet a guest before they sign in. */
    async publicProfile(code: string) {
      const row = await deps.properties.findByCode(code);
      if (!row) throw new AppError('not_found', 'No hotel has this code.');
      const facts = parseHotelFacts(row.hotelFacts);
      return { code: row.code, name: row.name, logoUrl: facts.logoUrl ?? null, defaultLanguage: defaultLanguageOf(row), country: facts.country ?? null, timeZone: row.timeZone };
    },

    /** The hotel information for a signed-in guest, each field in `language` or the default language. */
    async forGuest(propertyId: string, language: GuestLanguage | undefined) {
      const row = await existing(propertyId);
      const defaultLanguage = defaultLanguageOf(row);
      const wanted = language ?? defaultLanguage;
      return { language: wanted, facts: resolveHotelInformation(parseHotelFacts(row.hotelFacts).information, wanted, defaultLanguage) };
    },

    async settings(propertyId: string) {
      return settingsOf(await existing(propertyId));
    },

    /** Replaces the hotel information (audit-logged with the languages and fields, not the values). */
    async update(propertyId: string, input: HotelInformationSettings, actor: { id: string }) {
      const information = withoutBlanks(input.information);
      const facts: Omit<HotelFacts, 'rooms'> = { ...(input.country && { country: input.country }), ...(input.logoUrl && { logoUrl: input.logoUrl }), information };
      await deps.db.transaction(async (tx) => {
        await deps.properties.saveHotelFacts(propertyId, facts, input.defaultLanguage, tx);
        await deps.audit.record(
          {
            propertyId,
            actorType: 'staff',
            actorId: actor.id,
            action: 'property.hotel_information_updated',
            subjectType: 'property',
            subjectId: propertyId,
            details: { defaultLanguage: input.defaultLanguage, languages: Object.keys(information) },
          },
          tx,
        );
      });
      return settingsOf((await deps.properties.findById(propertyId))!);
    },

    /** The room numbers the admin keeps, for check-in where the PMS cannot list its rooms. */
    async rooms(propertyId: string) {
      return { rooms: parseHotelFacts((await existing(propertyId)).hotelFacts).rooms ?? [] };
    },

    /** Replaces the room list (sorted, each number once; audit-logged with how many). */
    async saveRooms(propertyId: string, rooms: string[], actor: { id: string }) {
      const unique = [...new Set(rooms)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      await deps.db.transaction(async (tx) => {
        await deps.properties.saveRooms(propertyId, unique, tx);
        await deps.audit.record(
          { propertyId, actorType: 'staff', actorId: actor.id, action: 'property.rooms_updated', subjectType: 'property', subjectId: propertyId, details: { rooms: unique.length } },
          tx,
        );
      });
      return { rooms: unique };
    },
  };
}

export type PropertiesService = ReturnType<typeof createPropertiesService>;
