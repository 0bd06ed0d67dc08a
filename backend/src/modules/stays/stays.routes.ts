import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { AuthGuards } from '../../http/auth-guards.js';
import type { StaysService } from './stays.service.js';
import { lookupBody, lookupQuery, lookupResponse, staffStaysQuery, staySchema } from './stays.schemas.js';

export function staysRoutes(deps: { stays: StaysService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const lookupSchema = {
      tags: ['guest'],
      summary: 'Open a stay with confirmation number and last name',
      response: { 200: lookupResponse, ...errorResponses },
    };
    app.post('/api/v1/stays/lookup', { schema: { ...lookupSchema, body: lookupBody } }, (request) =>
      deps.stays.lookup({ ...request.body, ip: request.ip }),
    );
    app.get('/api/v1/stays/lookup', { schema: { ...lookupSchema, querystring: lookupQuery } }, (request) =>
      deps.stays.lookup({ ...request.query, ip: request.ip }),
    );

    app.get(
      '/api/v1/stay',
      {
        preHandler: deps.guards.guest(),
        schema: { tags: ['guest'], summary: "The guest token's stay", security: [{ bearer: [] }], response: { 200: staySchema, ...errorResponses } },
      },
      async (request) => request.guestStay!,
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays',
      {
        preHandler: deps.guards.staff(['admin', 'manager', 'front_desk', 'concierge']),
        schema: {
          tags: ['staff'],
          summary: 'Arrivals, in-house guests or departures of a day',
          security: [{ bearer: [] }],
          params: propertyParams,
          querystring: staffStaysQuery,
          response: { 200: z.object({ date: z.iso.date(), stays: z.array(staySchema) }), ...errorResponses },
        },
      },
      (request) => deps.stays.listForStaff(request.staffProperty!.id, request.query),
    );
  };
}
