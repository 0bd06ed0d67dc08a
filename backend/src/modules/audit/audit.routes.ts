import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { AuditService } from './audit.service.js';

const actorType = z.enum(['staff', 'guest', 'system']);

const auditQuery = z
  .object({
    actor: z.string().trim().min(1).max(100).optional().describe("Part of a staff member's name or e-mail, or of a guest's confirmation number"),
    actorType: actorType.optional(),
    action: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('An action, or the start of one: `integration.` finds every integration change'),
    from: z.iso.date().optional().describe("Logged on or after this day (YYYY-MM-DD, the property's time zone)"),
    to: z.iso.date().optional().describe("Logged on or before this day (YYYY-MM-DD, the property's time zone)"),
    before: z.coerce.number().int().positive().optional().describe('`nextBefore` of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['to'], message: 'Must not be before from.' });

const auditPage = z
  .object({
    entries: z.array(
      z.object({
        id: z.number().int(),
        at: z.iso.datetime(),
        actor: z.object({
          type: actorType,
          id: z.string().nullable().describe('Staff user id, or the stay id for a guest'),
          name: z.string().nullable().describe("The staff member's name, or the guest's confirmation number"),
          email: z.string().nullable(),
        }),
        action: z.string(),
        subjectType: z.string().nullable(),
        subjectId: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).describe('What changed; never secrets, passwords or tokens'),
      }),
    ),
    nextBefore: z.number().int().nullable().describe('Pass as `before` for the next (older) page; null on the last page'),
  })
  .meta({ id: 'AuditLogPage' });

export function auditRoutes(deps: { audit: AuditService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/admin/properties/:propertyId/audit-log',
      {
        preValidation: deps.guards.staff(['admin']),
        schema: {
          tags: ['admin'],
          security: [{ bearer: [] }],
          summary: "Who did what at the property, newest first, filtered by actor, action and days; paginated",
          params: propertyParams,
          querystring: auditQuery,
          response: { 200: auditPage, ...errorResponses },
        },
      },
      (request) => deps.audit.list(request.staffProperty!.id, request.query),
    );
  };
}
