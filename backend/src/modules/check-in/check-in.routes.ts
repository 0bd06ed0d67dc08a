import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FRONT_OFFICE, type AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import {
  arrivalBody,
  arrivalsProgressQuery,
  arrivalsProgressSchema,
  checkInContactBody,
  checkInSettingsBody,
  checkInSettingsSchema,
  guestCheckInSchema,
  guestStateQuery,
  ID_UPLOAD_BODY_LIMIT,
  idConfirmBody,
  idReadingSchema,
  idUploadBody,
  reviewQueueSchema,
  signBody,
  staffCheckInSchema,
  staffIdSchema,
  stayParams,
} from './check-in.schemas.js';
import type { CheckInService } from './check-in.service.js';

export function checkInRoutes(deps: { checkIn: CheckInService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }], response: { 200: guestCheckInSchema, ...errorResponses } };
    const desk = { preValidation: deps.guards.staff(FRONT_OFFICE) };
    const deskSchema = { tags: ['staff'], security: [{ bearer: [] }], params: stayParams };
    const deskState = { ...deskSchema, response: { 200: staffCheckInSchema, ...errorResponses } };
    const managers = { preValidation: deps.guards.staff(['admin', 'manager']) };
    const guestPath = '/api/v1/stay/check-in';
    const stayPath = '/api/v1/staff/properties/:propertyId/stays/:stayId/check-in';
    const propertyPath = '/api/v1/staff/properties/:propertyId/check-in';
    const service = deps.checkIn;

    // The guest's own check-in: every step answers the progress as it now is.
    app.get(
      guestPath,
      { ...guest, schema: { ...guestSchema, summary: 'Online check-in: the steps, where the guest is, and what each step needs', querystring: guestStateQuery } },
      (request) => service.guestState(request.guestStay!, request.query.language),
    );
    app.post(
      `${guestPath}/contact`,
      { ...guest, schema: { ...guestSchema, summary: 'Contact step: confirm (and optionally change) the contact details', body: checkInContactBody } },
      async (request) => {
        await service.guest.contact(request.guestStay!, request.body);
        return service.guestState(request.guestStay!);
      },
    );
    app.post(
      `${guestPath}/id`,
      {
        ...guest,
        bodyLimit: ID_UPLOAD_BODY_LIMIT,
        schema: {
          ...guestSchema,
          summary: "ID step: read the ID document's pictures; the answer carries what was read, for the guest to confirm",
          description:
            '415 for a picture that is not JPEG, PNG, HEIC or PDF (by its bytes), 413 past 10 MB, 422 `upstream_rejected` when the reader cannot use it (retake it). ' +
            'Pictures are cleaned of metadata and not kept unless the property keeps them.',
          body: idUploadBody,
        },
      },
      async (request) => {
        await service.guest.readId(request.guestStay!, request.body);
        return service.guestState(request.guestStay!);
      },
    );
    app.post(
      `${guestPath}/id/confirm`,
      { ...guest, schema: { ...guestSchema, summary: 'ID step: confirm or correct what was read (a correction or an expired document goes to staff review)', body: idConfirmBody } },
      async (request) => {
        await service.guest.confirmId(request.guestStay!, request.body.fields);
        return service.guestState(request.guestStay!);
      },
    );
    app.post(
      `${guestPath}/registration`,
      { ...guest, schema: { ...guestSchema, summary: 'Registration card step: accept the terms and sign; the signed card is made as a PDF and kept for the hotel', body: signBody } },
      async (request) => {
        await service.guest.sign(request.guestStay!, request.body);
        return service.guestState(request.guestStay!, request.body.language);
      },
    );
    app.post(
      `${guestPath}/card`,
      { ...guest, schema: { ...guestSchema, summary: 'Card step: done once a card is on file with a hold (saved through the payments routes); 409 before' } },
      async (request) => {
        await service.guest.card(request.guestStay!);
        return service.guestState(request.guestStay!);
      },
    );
    app.post(
      `${guestPath}/arrival`,
      { ...guest, schema: { ...guestSchema, summary: 'Arrival step: estimated arrival time and requests (early check-in, cot, parking)', body: arrivalBody } },
      async (request) => {
        await service.guest.arrival(request.guestStay!, request.body);
        return service.guestState(request.guestStay!);
      },
    );

    // The same steps at the desk, for the guest.
    app.get(stayPath, { ...desk, schema: { ...deskState, summary: "A stay's online check-in progress, flags and review state (not what the ID says)" } }, (request) =>
      service.staffState(request.staffProperty!.id, request.params.stayId),
    );
    app.post(
      `${stayPath}/contact`,
      { ...desk, schema: { ...deskState, summary: 'Contact step at the desk: confirm (and optionally change) the contact details for the guest', body: checkInContactBody } },
      async (request) => {
        await service.staff.contact(request.staffProperty!.id, request.params.stayId, request.staff!, request.body);
        return service.staffState(request.staffProperty!.id, request.params.stayId);
      },
    );
    app.post(
      `${stayPath}/id`,
      {
        ...desk,
        bodyLimit: ID_UPLOAD_BODY_LIMIT,
        schema: {
          ...deskSchema,
          summary: "ID step at the desk: read the guest's ID; the answer carries what was read (audit-logged as a view)",
          body: idUploadBody,
          response: { 200: idReadingSchema, ...errorResponses },
        },
      },
      (request) => service.staff.readId(request.staffProperty!.id, request.params.stayId, request.staff!, request.body),
    );
    app.post(
      `${stayPath}/id/confirm`,
      { ...desk, schema: { ...deskState, summary: 'ID step at the desk: confirm or correct what was read', body: idConfirmBody } },
      async (request) => {
        await service.staff.confirmId(request.staffProperty!.id, request.params.stayId, request.staff!, request.body.fields);
        return service.staffState(request.staffProperty!.id, request.params.stayId);
      },
    );
    app.get(
      `${stayPath}/id`,
      {
        ...desk,
        schema: { ...deskSchema, summary: 'What was read from the ID and what was confirmed (every call is audit-logged)', response: { 200: staffIdSchema, ...errorResponses } },
      },
      (request) => service.idForStaff(request.staffProperty!.id, request.params.stayId, request.staff!),
    );
    app.post(
      `${stayPath}/registration`,
      { ...desk, schema: { ...deskState, summary: 'Registration card step at the desk: the guest signs on a tablet', body: signBody } },
      async (request) => {
        await service.staff.sign(request.staffProperty!.id, request.params.stayId, request.staff!, request.body);
        return service.staffState(request.staffProperty!.id, request.params.stayId);
      },
    );
    app.get(
      `${stayPath}/registration-card`,
      {
        ...desk,
        schema: {
          ...deskSchema,
          summary: 'The signed registration card as a PDF, to print (every download is audit-logged)',
          produces: ['application/pdf'],
          response: { 200: z.any().describe('application/pdf'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { filename, pdf } = await service.registrationCard(request.staffProperty!.id, request.params.stayId, request.staff!);
        return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
      },
    );
    app.post(
      `${stayPath}/card`,
      { ...desk, schema: { ...deskState, summary: 'Card step at the desk: done once a card is on file with a hold (place one with the holds routes); 409 before' } },
      async (request) => {
        await service.staff.card(request.staffProperty!.id, request.params.stayId, request.staff!);
        return service.staffState(request.staffProperty!.id, request.params.stayId);
      },
    );
    app.post(
      `${stayPath}/arrival`,
      { ...desk, schema: { ...deskState, summary: 'Arrival step at the desk: arrival time and requests', body: arrivalBody } },
      async (request) => {
        await service.staff.arrival(request.staffProperty!.id, request.params.stayId, request.staff!, request.body);
        return service.staffState(request.staffProperty!.id, request.params.stayId);
      },
    );
    app.post(
      `${stayPath}/review/approve`,
      { ...desk, schema: { ...deskState, summary: 'Approve an ID from the review queue: who and when are recorded (409 when it is not waiting for review)' } },
      (request) => service.approve(request.staffProperty!.id, request.params.stayId, request.staff!),
    );

    app.get(
      `${propertyPath}/review-queue`,
      {
        ...desk,
        schema: { tags: ['staff'], security: [{ bearer: [] }], summary: 'IDs that need a look (flags, corrections, fallback reader), oldest first', params: propertyParams, response: { 200: reviewQueueSchema, ...errorResponses } },
      },
      (request) => service.reviewQueue(request.staffProperty!.id),
    );
    app.get(
      `${propertyPath}/arrivals`,
      {
        preValidation: deps.guards.staff(['admin', 'manager', 'front_desk', 'concierge']),
        schema: {
          tags: ['staff'],
          security: [{ bearer: [] }],
          summary: 'Online check-in step ticks of the arrivals of a day',
          params: propertyParams,
          querystring: arrivalsProgressQuery,
          response: { 200: arrivalsProgressSchema, ...errorResponses },
        },
      },
      (request) => service.arrivalsProgress(request.staffProperty!.id, request.query.date),
    );
    app.get(
      `${propertyPath}/settings`,
      {
        ...managers,
        schema: { tags: ['staff'], security: [{ bearer: [] }], summary: "The property's online check-in settings", params: propertyParams, response: { 200: checkInSettingsSchema, ...errorResponses } },
      },
      (request) => service.settings(request.staffProperty!.id),
    );
    app.put(
      `${propertyPath}/settings`,
      {
        ...managers,
        schema: {
          tags: ['staff'],
          security: [{ bearer: [] }],
          summary: "Save the property's online check-in steps, retention and terms (audit-logged)",
          params: propertyParams,
          body: checkInSettingsBody,
          response: { 200: checkInSettingsSchema, ...errorResponses },
        },
      },
      (request) => service.saveSettings(request.staffProperty!.id, request.staff!, request.body),
    );
  };
}
