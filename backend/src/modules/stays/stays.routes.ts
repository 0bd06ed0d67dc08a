import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FRONT_OFFICE, type AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { GuestSignIn, SignInLinkSent, StaysService } from './stays.service.js';
import {
  checkInBody,
  checkInRooms,
  contactUpdateBody,
  folioSchema,
  guestLanguage,
  guestLanguageBody,
  lateCheckOutBody,
  lookupBody,
  lookupQuery,
  lookupResponse,
  revokedGuestAccess,
  roomMoveBody,
  signInLinkBody,
  signInLinkSentResponse,
  staffStaysQuery,
  staffStaysResponse,
  staySchema,
  stayParams,
} from './stays.schemas.js';

export function staysRoutes(deps: {
  stays: StaysService;
  /** Check-out with the stay's card hold settled first (card payments own that order). */
  checkOut: StaysService['checkOut'];
  guards: AuthGuards;
}): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };

    const lookupSchema = {
      tags: ['guest'],
      summary: 'Open a stay with confirmation number and last name',
      description: 'Past the failure limits the answer is 202 `SignInLinkSent` for any details, never a token.',
      response: { 200: lookupResponse, 202: signInLinkSentResponse, ...errorResponses },
    };
    const answerLookup = (reply: FastifyReply, result: GuestSignIn | SignInLinkSent) => reply.code('token' in result ? 200 : 202).send(result);
    app.post('/api/v1/stays/lookup', { schema: { ...lookupSchema, body: lookupBody } }, async (request, reply) =>
      answerLookup(reply, await deps.stays.lookup({ ...request.body, ip: request.ip })),
    );
    app.get('/api/v1/stays/lookup', { schema: { ...lookupSchema, querystring: lookupQuery } }, async (request, reply) =>
      answerLookup(reply, await deps.stays.lookup({ ...request.query, ip: request.ip })),
    );

    app.post(
      '/api/v1/stays/sign-in-link',
      {
        schema: {
          tags: ['guest'],
          summary: "Open a stay with the code of a sign-in link from the hotel's email or SMS",
          body: signInLinkBody,
          response: { 200: lookupResponse, ...errorResponses },
        },
      },
      (request) => deps.stays.openSignInLink(request.body.code),
    );

    app.get(
      '/api/v1/stay',
      { ...guest, schema: { ...guestSchema, summary: "The guest token's stay", response: { 200: staySchema, ...errorResponses } } },
      (request) => deps.stays.current(request.guestStay!),
    );

    app.get(
      '/api/v1/stay/folio',
      { ...guest, schema: { ...guestSchema, summary: 'Folio lines and balance from the PMS', response: { 200: folioSchema, ...errorResponses } } },
      (request) => deps.stays.folio(request.guestStay!),
    );

    app.patch(
      '/api/v1/stay/guest',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Update contact details (written to the PMS and to our record)',
          body: contactUpdateBody,
          response: { 200: staySchema, ...errorResponses },
        },
      },
      (request) => deps.stays.updateContact(request.guestStay!, request.body),
    );

    app.put(
      '/api/v1/stay/guest/language',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'The language the guest chose in the guest app; messages to the guest are written in it',
          body: guestLanguageBody,
          response: { 200: z.object({ language: guestLanguage }), ...errorResponses },
        },
      },
      (request) => deps.stays.setLanguage(request.guestStay!, request.body.language),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays',
      {
        preValidation: deps.guards.staff(['admin', 'manager', 'front_desk', 'concierge']),
        schema: {
          ...staffSchema,
          summary: 'Arrivals, in-house guests or departures of a day (with the size of each list), or a search',
          params: propertyParams,
          querystring: staffStaysQuery,
          response: { 200: staffStaysResponse, ...errorResponses },
        },
      },
      (request) => deps.stays.listForStaff(request.staffProperty!.id, request.query),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays/:stayId',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'A stay with its folio',
          params: stayParams,
          response: {
            200: z.object({ stay: staySchema, folio: folioSchema.nullable(), folioError: z.string().nullable() }),
            ...errorResponses,
          },
        },
      },
      (request) => deps.stays.detailForStaff(request.staffProperty!.id, request.params.stayId),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/rooms',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: "Rooms to choose at check-in or for a room move: the PMS's vacant rooms of the booked type, else the property's room list",
          params: stayParams,
          response: { 200: checkInRooms, ...errorResponses },
        },
      },
      (request) => deps.stays.roomsForCheckIn(request.staffProperty!.id, request.params.stayId),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/check-in',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Check in through the PMS (idempotent)',
          params: stayParams,
          body: checkInBody.nullish(),
          response: { 200: staySchema, ...errorResponses },
        },
      },
      (request) => deps.stays.checkIn(request.staffProperty!.id, request.params.stayId, { type: 'staff', id: request.staff!.id }, request.body?.room),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/room-move',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Move a checked-in guest to another room through the PMS (audit-logged); the mobile key follows',
          description:
            "409: the guest is not checked in. 400 naming `room`: the guest's own room, or a room not free or not ready in the room list (GET …/rooms). 422: the PMS refused the move.",
          params: stayParams,
          body: roomMoveBody,
          response: { 200: staySchema, ...errorResponses },
        },
      },
      (request) => deps.stays.moveRoom(request.staffProperty!.id, request.params.stayId, { type: 'staff', id: request.staff!.id }, request.body.room),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/late-check-out',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Grant a late check-out on the departure day (audit-logged); the mobile key is extended to it',
          description: '409: the guest is not checked in. 400 naming `time`: not a later time than the guest may stay now. An extra night is a new departure date, made in the PMS.',
          params: stayParams,
          body: lateCheckOutBody,
          response: { 200: staySchema, ...errorResponses },
        },
      },
      (request) => deps.stays.lateCheckOut(request.staffProperty!.id, request.params.stayId, { type: 'staff', id: request.staff!.id }, request.body.time),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/revoke-guest-access',
      {
        preHandler: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: "End every guest session and sign-in link of a stay (audit-logged)",
          params: stayParams,
          response: { 200: revokedGuestAccess, ...errorResponses },
        },
      },
      (request) => deps.stays.revokeGuestAccess(request.staffProperty!.id, request.params.stayId, request.staff!),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/check-out',
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Check out through the PMS (idempotent), capturing the open card hold first',
          description:
            'The open hold is captured up to the folio balance and the rest released, the payment posted to the folio, then the PMS checks the guest out. ' +
            '409: a hold is still being placed. 422: the capture or the check-out was refused. 503: the payment is not on the folio yet; ask again.',
          params: stayParams,
          response: { 200: staySchema, ...errorResponses },
        },
      },
      (request) => deps.checkOut(request.staffProperty!.id, request.params.stayId, { type: 'staff', id: request.staff!.id }),
    );
  };
}
