import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearerToken, type AuthGuards } from '../http/auth-guards.js';
import { errorResponses } from '../http/schemas.js';
import { staffRole } from '../db/drizzle/schema.js';
import { AppError } from '../lib/errors.js';
import type { RealtimeService, StreamGrant } from './realtime.service.js';
import { createSseStream } from './sse-stream.js';

const ticketQuery = z.object({
  propertyId: z.string().min(1).max(64).optional().describe('Staff: the property whose stream the ticket opens'),
  stayId: z
    .uuid()
    .optional()
    .describe("Staff: only this stay's events (a stay's page); the front office then gets every department's requests of the stay"),
});

const streamQuery = z.object({
  ticket: z.string().min(1).max(128).describe('Single-use ticket from POST /api/v1/realtime/tickets'),
  lastEventId: z.coerce.number().int().min(0).optional().describe('Last event id seen, for a new EventSource (which cannot set Last-Event-ID)'),
});

const streamHeaders = z.object({
  'last-event-id': z.string().regex(/^\d{1,15}$/, 'An event id').optional(),
});

const ticketResponse = z.object({ ticket: z.string(), expiresAt: z.iso.datetime() });

const streamDescription =
  'Server-sent events: `id:` is the event id, `event:` its type, `data:` a small JSON of ids (refetch for details). ' +
  'A ticket opens one connection only: to reconnect, get a new ticket and pass the last id seen as `lastEventId` ' +
  '(or the `Last-Event-ID` header). Missed events are replayed; past retention a `resync` event says to refetch. ' +
  'A comment line every 15 s keeps proxies from closing the stream. ' +
  "The server ends the stream when the session that opened it ends (logout, revocation, expiry) or a staff user's role, " +
  'properties or account change; a new ticket then opens a stream with what the identity may see now.';

export function realtimeRoutes(deps: { realtime: RealtimeService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const staffGuard = deps.guards.staff(staffRole.enumValues);
    const guestGuard = deps.guards.guest();

    app.post(
      '/api/v1/realtime/tickets',
      {
        // Staff name the property they want to watch; a guest token opens its own stay only.
        preHandler: async function (request: FastifyRequest<{ Querystring: z.infer<typeof ticketQuery> }>, reply: FastifyReply) {
          const isStaff = request.query.propertyId !== undefined;
          if (!isStaff && bearerToken(request)?.startsWith('stf_')) {
            throw new AppError('validation_failed', 'Staff tickets need a property.', {
              details: [{ field: 'querystring.propertyId', message: 'Required for staff.' }],
            });
          }
          await (isStaff ? staffGuard : guestGuard).call(this, request, reply);
        },
        schema: {
          tags: ['realtime'],
          security: [{ bearer: [] }],
          summary: 'A single-use ticket (valid 60 s) that opens one SSE stream',
          querystring: ticketQuery,
          response: { 200: ticketResponse, ...errorResponses },
        },
      },
      (request) =>
        request.staff
          ? deps.realtime.issueStaffTicket(request.staff, request.query.propertyId!, request.query.stayId)
          : deps.realtime.issueGuestTicket(request.guestStay!, request.guestSessionId!),
    );

    const lastEventId = (request: { headers: z.infer<typeof streamHeaders>; query: z.infer<typeof streamQuery> }) => {
      const header = request.headers['last-event-id'];
      return header !== undefined ? Number(header) : request.query.lastEventId;
    };
    const stream = async (reply: FastifyReply, grant: StreamGrant, after: number | undefined) => {
      await deps.realtime.attach(createSseStream(reply, grant), after);
    };

    app.get(
      '/api/v1/realtime/staff/:propertyId/events',
      {
        schema: {
          tags: ['realtime'],
          summary: "A property's events for staff, limited to the departments their role sees (or one stay's, with a stay ticket)",
          description: streamDescription,
          params: z.object({ propertyId: z.string().min(1).max(64).describe('Property id or code') }),
          querystring: streamQuery,
          headers: streamHeaders,
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const grant = await deps.realtime.redeemStaffTicket(request.query.ticket, request.params.propertyId);
        await stream(reply, grant, lastEventId(request));
      },
    );

    app.get(
      '/api/v1/realtime/stay/events',
      {
        schema: {
          tags: ['realtime'],
          summary: "The guest's stay events",
          description: streamDescription,
          querystring: streamQuery,
          headers: streamHeaders,
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const grant = await deps.realtime.redeemGuestTicket(request.query.ticket);
        await stream(reply, grant, lastEventId(request));
      },
    );
  };
}
