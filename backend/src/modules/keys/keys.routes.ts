import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FRONT_OFFICE, type AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { stayParams } from '../stays/stays.schemas.js';
import { guestKeySchema, keysAttentionSchema, shareKeyBody, staffKeysSchema } from './keys.schemas.js';
import type { KeysService } from './keys.service.js';

export function keysRoutes(deps: { keys: KeysService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staff = { preValidation: deps.guards.staff(FRONT_OFFICE) };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };
    const keyPath = '/api/v1/staff/properties/:propertyId/stays/:stayId/key';

    app.get(
      '/api/v1/stay/key',
      { ...guest, schema: { ...guestSchema, summary: "The stay's mobile key", response: { 200: guestKeySchema, ...errorResponses } } },
      (request) => deps.keys.forGuest(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/key/share',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Share the mobile key with a second guest',
          description: '409 where the provider cannot share keys or there is no key yet.',
          body: shareKeyBody,
          response: { 200: guestKeySchema, ...errorResponses },
        },
      },
      (request) =>
        deps.keys.share(request.guestStay!, {
          firstName: request.body.firstName ?? null,
          lastName: request.body.lastName,
          phone: request.body.phone,
          email: request.body.email ?? null,
        }),
    );

    app.get(
      keyPath,
      { ...staff, schema: { ...staffSchema, summary: "The stay's mobile keys, newest first, with the provider's capabilities", params: stayParams, response: { 200: staffKeysSchema, ...errorResponses } } },
      (request) => deps.keys.staffView(request.staffProperty!.id, request.params.stayId),
    );

    const staffActions = [
      {
        action: 'reissue',
        summary: 'Issue a new mobile key, ending the current one (audit-logged)',
        description: 'The provider is called by a job; 409 when the stay is not checked in with a room.',
        call: deps.keys.reissue,
      },
      {
        action: 'revoke',
        summary: 'Revoke the mobile key now; no new key is issued until staff reissue one (audit-logged)',
        description: 'The provider is called by a job; 409 when there is no key.',
        call: deps.keys.revoke,
      },
    ] as const;
    for (const { action, summary, description, call } of staffActions) {
      app.post(
        `${keyPath}/${action}`,
        { ...staff, schema: { ...staffSchema, summary, description, params: stayParams, response: { 200: staffKeysSchema, ...errorResponses } } },
        (request) => call(request.staffProperty!.id, request.params.stayId, { type: 'staff', id: request.staff!.id }),
      );
    }

    app.get(
      '/api/v1/staff/properties/:propertyId/keys/attention',
      {
        ...staff,
        schema: { ...staffSchema, summary: 'Mobile keys whose last provider call failed and that are not settled yet', params: propertyParams, response: { 200: keysAttentionSchema, ...errorResponses } },
      },
      async (request) => ({ keys: await deps.keys.attention(request.staffProperty!.id) }),
    );
  };
}
