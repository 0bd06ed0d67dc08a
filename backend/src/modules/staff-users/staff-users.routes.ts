import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import { adminStaffUserSchema, createStaffUserBody, staffUserParams, updateStaffUserBody } from './staff-users.schemas.js';
import type { StaffUsersService } from './staff-users.service.js';

export function staffUsersRoutes(deps: { staffUsers: StaffUsersService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/api/v1/admin/staff-users';
    const tags = ['admin'];
    const security = [{ bearer: [] }];
    const adminOnly = deps.guards.staff(['admin']);

    app.get(
      base,
      {
        preValidation: adminOnly,
        schema: { tags, security, summary: 'Staff users all of whose properties the admin also has', response: { 200: z.array(adminStaffUserSchema), ...errorResponses } },
      },
      (request) => deps.staffUsers.list(request.staff!),
    );

    app.post(
      base,
      {
        preValidation: adminOnly,
        schema: { tags, security, summary: 'Create a staff user', body: createStaffUserBody, response: { 201: adminStaffUserSchema, ...errorResponses } },
      },
      async (request, reply) => reply.code(201).send(await deps.staffUsers.create(request.staff!, request.body)),
    );

    app.patch(
      `${base}/:staffId`,
      {
        preValidation: adminOnly,
        schema: {
          tags,
          security,
          summary: 'Change name, role, properties, password or active; deactivating ends their sessions',
          params: staffUserParams,
          body: updateStaffUserBody,
          response: { 200: adminStaffUserSchema, ...errorResponses },
        },
      },
      (request) => deps.staffUsers.update(request.staff!, request.params.staffId, request.body),
    );
  };
}
