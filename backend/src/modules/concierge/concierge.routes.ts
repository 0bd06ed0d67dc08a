import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { StaffRole } from '../auth/staff.repository.js';
import { stayParams } from '../stays/stays.schemas.js';
import {
  conversationDetailSchema,
  conversationParams,
  conversationSchema,
  draftDecisionBody,
  draftParams,
  guestConversationSchema,
  inboxEntrySchema,
  inboxQuery,
  placeBody,
  placeParams,
  placePatchBody,
  placeSchema,
  postMessageBody,
  postMessageResponse,
  proposalDecisionBody,
  proposalParams,
  proposalSchema,
  settingsSchema,
  staffMessageSchema,
  staffReplyBody,
} from './concierge.schemas.js';
import type { ConciergeService } from './concierge.service.js';

/** Who answers guests' chats. */
const CHAT_STAFF: readonly StaffRole[] = ['admin', 'manager', 'front_desk', 'concierge'];
/** Who sets the concierge's rules and its recommendations. */
const CONCIERGE_ADMINS: readonly StaffRole[] = ['admin', 'manager'];

export function conciergeRoutes(deps: { concierge: ConciergeService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const chatStaff = { preValidation: deps.guards.staff(CHAT_STAFF) };
    const admins = { preValidation: deps.guards.staff(CONCIERGE_ADMINS) };
    const guestSchema = { tags: ['guest', 'concierge'], security: [{ bearer: [] }] };
    const staffSchema = { tags: ['staff', 'concierge'], security: [{ bearer: [] }] };
    const base = '/api/v1/staff/properties/:propertyId/concierge';

    app.get(
      '/api/v1/stay/concierge',
      { ...guest, schema: { ...guestSchema, summary: "The stay's chat: who answers, messages, open proposals", response: { 200: guestConversationSchema, ...errorResponses } } },
      (request) => deps.concierge.guestConversation(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/concierge/messages',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Write to the concierge',
          description:
            'The answer streams over the stay\'s event stream as `concierge.delta` events (`{ messageId, delta }`, not replayed), then `concierge.message` with the stored message\'s id; ' +
            'the response carries the stored answer too. A retried post with the same `clientMessageId` gets the first one\'s answer. ' +
            '429: the stay\'s concierge caps are reached; `details.offerPerson` says a person can take over (POST /api/v1/stay/concierge/person).',
          body: postMessageBody,
          response: { 201: postMessageResponse, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.concierge.postGuestMessage(request.guestStay!, request.body)),
    );

    app.post(
      '/api/v1/stay/concierge/person',
      { ...guest, schema: { ...guestSchema, summary: 'Ask for a person', response: { 200: guestConversationSchema, ...errorResponses } } },
      (request) => deps.concierge.requestPerson(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/concierge/read',
      { ...guest, schema: { ...guestSchema, summary: 'Mark the chat read', response: { 204: z.null(), ...errorResponses } } },
      async (request, reply) => {
        await deps.concierge.markReadByGuest(request.guestStay!);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/stay/concierge/proposals/:proposalId',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Confirm or decline what the concierge proposed (a late check-out): only this call carries it out',
          params: proposalParams,
          body: proposalDecisionBody,
          response: { 200: proposalSchema, ...errorResponses },
        },
      },
      (request) => deps.concierge.decideProposal(request.guestStay!, request.params.proposalId, request.body.decision),
    );

    app.get(
      `${base}/conversations`,
      {
        ...chatStaff,
        schema: { ...staffSchema, summary: "The property's guest chats, most recent first", params: propertyParams, querystring: inboxQuery, response: { 200: z.object({ conversations: z.array(inboxEntrySchema) }), ...errorResponses } },
      },
      async (request) => ({ conversations: await deps.concierge.inbox(request.staffProperty!.id, request.query.filter, request.query.limit) }),
    );

    app.get(
      `${base}/conversations/:conversationId`,
      {
        ...chatStaff,
        schema: { ...staffSchema, summary: 'A chat with every message, draft, sentiment, tool call and cost', params: conversationParams, response: { 200: conversationDetailSchema, ...errorResponses } },
      },
      (request) => deps.concierge.staffDetail(request.staffProperty!.id, request.params.conversationId),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/concierge',
      {
        ...chatStaff,
        schema: {
          ...staffSchema,
          summary: "A stay's chat at a glance: mood, status, unread (null when the guest has not written)",
          params: stayParams,
          response: { 200: z.object({ conversation: conversationSchema.nullable() }), ...errorResponses },
        },
      },
      async (request) => ({ conversation: await deps.concierge.stayConversation(request.staffProperty!.id, request.params.stayId) }),
    );

    app.post(
      `${base}/conversations/:conversationId/messages`,
      {
        ...chatStaff,
        schema: { ...staffSchema, summary: 'Answer as a person (takes the chat over)', params: conversationParams, body: staffReplyBody, response: { 201: staffMessageSchema, ...errorResponses } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.concierge.replyAsStaff(request.staffProperty!.id, request.staff!, request.params.conversationId, request.body.text)),
    );

    app.post(
      `${base}/conversations/:conversationId/takeover`,
      { ...chatStaff, schema: { ...staffSchema, summary: 'Take the chat over from the AI; the guest is told a person joined', params: conversationParams, response: { 200: conversationSchema, ...errorResponses } } },
      (request) => deps.concierge.takeOver(request.staffProperty!.id, request.staff!, request.params.conversationId),
    );

    app.post(
      `${base}/conversations/:conversationId/give-back`,
      { ...chatStaff, schema: { ...staffSchema, summary: 'Give the chat back to the AI', params: conversationParams, response: { 200: conversationSchema, ...errorResponses } } },
      (request) => deps.concierge.giveBack(request.staffProperty!.id, request.staff!, request.params.conversationId),
    );

    app.post(
      `${base}/conversations/:conversationId/read`,
      { ...chatStaff, schema: { ...staffSchema, summary: 'Mark the chat read by staff', params: conversationParams, response: { 200: conversationSchema, ...errorResponses } } },
      (request) => deps.concierge.markReadByStaff(request.staffProperty!.id, request.params.conversationId),
    );

    app.post(
      `${base}/conversations/:conversationId/drafts/:messageId`,
      {
        ...chatStaff,
        schema: { ...staffSchema, summary: "Suggest mode: send the AI's draft (as is or edited) or discard it", params: draftParams, body: draftDecisionBody, response: { 200: staffMessageSchema, ...errorResponses } },
      },
      (request) => deps.concierge.decideDraft(request.staffProperty!.id, request.staff!, request.params.conversationId, request.params.messageId, request.body),
    );

    app.get(
      `${base}/settings`,
      { ...admins, schema: { ...staffSchema, summary: "The concierge's mode, topics for a person, hours, alert threshold and caps", params: propertyParams, response: { 200: settingsSchema, ...errorResponses } } },
      (request) => deps.concierge.settings(request.staffProperty!.id),
    );

    app.put(
      `${base}/settings`,
      { ...admins, schema: { ...staffSchema, summary: "Change the concierge's settings", params: propertyParams, body: settingsSchema, response: { 200: settingsSchema, ...errorResponses } } },
      (request) => deps.concierge.saveSettings(request.staffProperty!.id, request.staff!, request.body),
    );

    app.get(
      `${base}/places`,
      { ...chatStaff, schema: { ...staffSchema, summary: 'Places the concierge recommends', params: propertyParams, response: { 200: z.object({ places: z.array(placeSchema) }), ...errorResponses } } },
      async (request) => ({ places: await deps.concierge.places(request.staffProperty!.id) }),
    );

    app.post(
      `${base}/places`,
      { ...admins, schema: { ...staffSchema, summary: 'Add a place to recommend', params: propertyParams, body: placeBody, response: { 201: placeSchema, ...errorResponses } } },
      async (request, reply) => reply.code(201).send(await deps.concierge.addPlace(request.staffProperty!.id, request.staff!, request.body)),
    );

    app.patch(
      `${base}/places/:placeId`,
      { ...admins, schema: { ...staffSchema, summary: 'Change a place', params: placeParams, body: placePatchBody, response: { 200: placeSchema, ...errorResponses } } },
      (request) => deps.concierge.updatePlace(request.staffProperty!.id, request.staff!, request.params.placeId, request.body),
    );

    app.delete(
      `${base}/places/:placeId`,
      { ...admins, schema: { ...staffSchema, summary: 'Remove a place', params: placeParams, response: { 204: z.null(), ...errorResponses } } },
      async (request, reply) => {
        await deps.concierge.removePlace(request.staffProperty!.id, request.staff!, request.params.placeId);
        return reply.code(204).send(null);
      },
    );
  };
}
