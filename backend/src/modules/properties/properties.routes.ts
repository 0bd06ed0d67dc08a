import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { guestLanguage } from '../stays/stays.schemas.js';
import { HOTEL_INFORMATION_FIELDS, hotelInformationByLanguage, roomNumber, type HotelInformationField } from './hotel-information.js';
import type { PropertiesService } from './properties.service.js';

const publicProperty = z
  .object({
    code: z.string(),
    name: z.string(),
    logoUrl: z.string().nullable(),
    defaultLanguage: guestLanguage,
    country: z.string().nullable().describe('ISO 3166-1 alpha-2'),
    timeZone: z.string(),
  })
  .meta({ id: 'PublicProperty' });

const hotelInformationSettings = z
  .strictObject({
    defaultLanguage: guestLanguage.describe('The language a text missing in another language falls back to'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Enter the country as its two-letter code, e.g. CH.')
      .nullable()
      .describe("ISO 3166-1 alpha-2; the guest app's phone and address examples follow it"),
    logoUrl: z.url({ protocol: /^https?$/, error: 'Enter the logo as a web address starting with https://.' }).max(500).nullable(),
    information: hotelInformationByLanguage,
  })
  .meta({ id: 'HotelInformationSettings' });

const guestHotelInformation = z.object({
  language: guestLanguage.describe('The language asked for; a field the hotel gave only in its default language comes in that one'),
  facts: z.object(Object.fromEntries(HOTEL_INFORMATION_FIELDS.map((field) => [field, z.string().nullable()])) as Record<HotelInformationField, z.ZodNullable<z.ZodString>>),
}).meta({ id: 'HotelInformation' });

const propertyRooms = z
  .strictObject({
    rooms: z.array(roomNumber).max(2000).describe('Room numbers; the desk picks from them at check-in when the PMS cannot list its rooms'),
  })
  .meta({ id: 'PropertyRooms' });

export function propertiesRoutes(deps: { properties: PropertiesService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/properties/:code/public',
      {
        schema: {
          tags: ['guest'],
          summary: "A hotel's name, logo, default language, country and time zone, for the guest app before sign-in",
          params: z.object({ code: z.string().trim().min(1).max(32).describe('Property code, as in the guest link (`?p=`)') }),
          response: { 200: publicProperty, ...errorResponses },
        },
      },
      (request) => deps.properties.publicProfile(request.params.code),
    );

    app.get(
      '/api/v1/stay/hotel-information',
      {
        preValidation: deps.guards.guest(),
        schema: {
          tags: ['guest'],
          security: [{ bearer: [] }],
          summary: "The hotel information (Wi-Fi, times, hours, parking, map, emergency numbers) for the guest token's stay",
          querystring: z.object({ language: guestLanguage.optional() }),
          response: { 200: guestHotelInformation, ...errorResponses },
        },
      },
      (request) => deps.properties.forGuest(request.guestStay!.propertyId, request.query.language),
    );

    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }], params: propertyParams };
    const managers = { preValidation: deps.guards.staff(['admin', 'manager']) };
    app.get(
      '/api/v1/staff/properties/:propertyId/hotel-information',
      { ...managers, schema: { ...staffSchema, summary: 'The hotel information in every language, to edit', response: { 200: hotelInformationSettings, ...errorResponses } } },
      (request) => deps.properties.settings(request.staffProperty!.id),
    );
    app.put(
      '/api/v1/staff/properties/:propertyId/hotel-information',
      {
        ...managers,
        schema: {
          ...staffSchema,
          summary: 'Replace the hotel information (audit-logged)',
          body: hotelInformationSettings,
          response: { 200: hotelInformationSettings, ...errorResponses },
        },
      },
      (request) => deps.properties.update(request.staffProperty!.id, request.body, request.staff!),
    );

    const adminSchema = { tags: ['admin'], security: [{ bearer: [] }], params: propertyParams };
    app.get(
      '/api/v1/admin/properties/:propertyId/rooms',
      { ...managers, schema: { ...adminSchema, summary: "The property's room list (for check-in where the PMS lists no rooms)", response: { 200: propertyRooms, ...errorResponses } } },
      (request) => deps.properties.rooms(request.staffProperty!.id),
    );
    app.put(
      '/api/v1/admin/properties/:propertyId/rooms',
      {
        preValidation: deps.guards.staff(['admin']),
        schema: { ...adminSchema, summary: 'Replace the room list (audit-logged)', body: propertyRooms, response: { 200: propertyRooms, ...errorResponses } },
      },
      (request) => deps.properties.saveRooms(request.staffProperty!.id, request.body.rooms, request.staff!),
    );
  };
}
