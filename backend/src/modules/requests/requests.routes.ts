import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffRole } from '../../db/drizzle/schema.js';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { guestLanguage, stayParams } from '../stays/stays.schemas.js';
import {
  assigneeSchema,
  assigneesQuery,
  categorySchema,
  createRequestBody,
  guestRequestParams,
  guestRequestSchema,
  noteBody,
  noteSchema,
  requestParams,
  staffActionBody,
  staffRequestSchema,
  staffRequestsQuery,
} from './requests.schemas.js';
import type { RequestsService } from './requests.service.js';

/** Every role works some queue; which requests each sees is decided in the service. */
const ANY_STAFF = staffRole.enumValues;

export function requestsRoutes(deps: { requests: RequestsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const staff = { preValidation: deps.guards.staff(ANY_STAFF) };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };

    app.get(
      '/api/v1/stay/request-categories',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: "What the guest can ask for, named in the guest's language",
          querystring: z.object({
            language: guestLanguage.optional().describe("The language to name the categories in; one the hotel gave no label in falls back to the hotel's default language"),
          }),
          response: { 200: z.object({ categories: z.array(categorySchema) }), ...errorResponses },
        },
      },
      async (request) => ({ categories: await deps.requests.categoriesForGuest(request.guestStay!, request.query.language) }),
    );

    app.post(
      '/api/v1/stay/requests',
      { ...guest, schema: { ...guestSchema, summary: 'Ask for something', body: createRequestBody, response: { 201: guestRequestSchema, ...errorResponses } } },
      async (request, reply) => reply.code(201).send(await deps.requests.createForGuest(request.guestStay!, request.body)),
    );

    app.get(
      '/api/v1/stay/requests',
      { ...guest, schema: { ...guestSchema, summary: "The stay's requests, newest first", response: { 200: z.object({ requests: z.array(guestRequestSchema) }), ...errorResponses } } },
      async (request) => ({ requests: await deps.requests.listForGuest(request.guestStay!) }),
    );

    app.post(
      '/api/v1/stay/requests/:requestId/cancel',
      {
        ...guest,
        schema: { ...guestSchema, summary: 'Cancel an own open request', params: guestRequestParams, response: { 200: guestRequestSchema, ...errorResponses } },
      },
      (request) => deps.requests.cancelByGuest(request.guestStay!, request.params.requestId),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/requests',
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: "The property's requests in the departments the role sees, newest first",
          params: propertyParams,
          querystring: staffRequestsQuery,
          response: { 200: z.object({ requests: z.array(staffRequestSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ requests: await deps.requests.listForStaff(request.staffProperty!.id, request.staff!, request.query) }),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/request-categories',
      {
        ...staff,
        schema: { ...staffSchema, summary: 'What can be asked for on behalf of a guest', params: propertyParams, response: { 200: z.object({ categories: z.array(categorySchema) }), ...errorResponses } },
      },
      async (request) => ({ categories: await deps.requests.categories(request.staffProperty!.id) }),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/staff',
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: "Colleagues who can be assigned requests: the property's active staff in the queues the caller sees",
          params: propertyParams,
          querystring: assigneesQuery,
          response: { 200: z.object({ staff: z.array(assigneeSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ staff: await deps.requests.assignees(request.staffProperty!.id, request.staff!, request.query.department) }),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/requests/:requestId',
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: 'A request with its internal notes',
          params: requestParams,
          response: { 200: staffRequestSchema.extend({ notes: z.array(noteSchema) }), ...errorResponses },
        },
      },
      (request) => deps.requests.detailForStaff(request.staffProperty!.id, request.staff!, request.params.requestId),
    );

    app.patch(
      '/api/v1/staff/properties/:propertyId/requests/:requestId',
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: 'Acknowledge, assign, start, complete or cancel (an illegal move is 409)',
          params: requestParams,
          body: staffActionBody,
          response: { 200: staffRequestSchema, ...errorResponses },
        },
      },
      (request) => deps.requests.act(request.staffProperty!.id, request.staff!, request.params.requestId, request.body),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/requests/:requestId/notes',
      {
        ...staff,
        schema: { ...staffSchema, summary: 'Add an internal note (never shown to guests)', params: requestParams, body: noteBody, response: { 201: noteSchema, ...errorResponses } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.requests.addNote(request.staffProperty!.id, request.staff!, request.params.requestId, request.body.body)),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/requests',
      {
        ...staff,
        schema: { ...staffSchema, summary: 'Create a request on behalf of a guest', params: stayParams, body: createRequestBody, response: { 201: staffRequestSchema, ...errorResponses } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.requests.createForStaff(request.staffProperty!.id, request.params.stayId, request.staff!, request.body)),
    );
  };
}
