import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { department, staffRole } from '../../db/drizzle/schema.js';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import { staffUserView, type StaffAuthService } from './staff-auth.service.js';

const ALL_ROLES = staffRole.enumValues;

const staffSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ALL_ROLES),
    propertyIds: z.array(z.uuid()),
    properties: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
    departments: z.array(z.enum(department.enumValues)).describe('The request queues this user sees'),
  })
  .meta({ id: 'StaffUser' });

export function authRoutes(deps: { staffAuth: StaffAuthService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/auth/staff/login',
      {
        schema: {
          tags: ['staff'],
          summary: 'Staff sign-in',
          body: z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(512) }),
          response: {
            200: z.object({ token: z.string(), expiresAt: z.iso.datetime(), staff: staffSchema }),
            ...errorResponses,
          },
        },
      },
      (request) => deps.staffAuth.login({ ...request.body, ip: request.ip }),
    );

    app.post(
      '/api/v1/auth/staff/logout',
      {
        preValidation: deps.guards.staff(ALL_ROLES),
        schema: { tags: ['staff'], summary: 'Revoke this staff token', security: [{ bearer: [] }], response: { 204: z.null(), ...errorResponses } },
      },
      async (request, reply) => {
        await deps.staffAuth.logout(request.staff!);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/staff/me',
      {
        preValidation: deps.guards.staff(ALL_ROLES),
        schema: { tags: ['staff'], summary: 'The signed-in staff user', security: [{ bearer: [] }], response: { 200: staffSchema, ...errorResponses } },
      },
      async (request) => staffUserView(request.staff!, request.staff!.properties),
    );
  };
}
