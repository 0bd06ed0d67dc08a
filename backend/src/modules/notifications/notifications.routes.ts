import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import type { NotificationsService } from './notifications.service.js';

const stayParams = z.object({
  propertyId: z.string().min(1).max(64).describe('Property id or code'),
  stayId: z.uuid(),
});

const notificationSchema = z
  .object({
    id: z.uuid(),
    type: z.string().describe('request.created, request.acknowledged, request.completed, request.overdue, stay.pre_arrival, stay.sign_in_link'),
    channel: z.enum(['email', 'sms', 'push']),
    recipient: z.string().describe('Email address, E.164 number or push subscription id'),
    status: z.enum(['queued', 'sending', 'sent', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable().describe('Why the last attempt failed; kept for failed notifications'),
    sentAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Notification' });

export function notificationsRoutes(deps: { notifications: NotificationsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/notifications',
      {
        preValidation: deps.guards.staff(['admin', 'manager', 'front_desk']),
        schema: {
          tags: ['staff'],
          security: [{ bearer: [] }],
          summary: "A stay's notifications with their delivery status, newest first",
          params: stayParams,
          response: { 200: z.object({ notifications: z.array(notificationSchema) }), ...errorResponses },
        },
      },
      (request) => deps.notifications.listForStay(request.staffProperty!.id, request.params.stayId),
    );
  };
}
