import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FRONT_OFFICE, type AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import { idempotencyHeaders, paymentSchema } from '../payments/payments.schemas.js';
import { stayParams } from '../stays/stays.schemas.js';
import {
  captureResponse,
  cardChargeBody,
  cardOverviewSchema,
  cardSetupSchema,
  completeSetupBody,
  guestPaymentBody,
  guestPaymentResponse,
  guestPaymentsSchema,
  holdParams,
  holdSchema,
  placeHoldBody,
  webhookParams,
} from './card-payments.schemas.js';
import type { CardPaymentsService } from './card-payments.service.js';

export function cardPaymentsRoutes(deps: { cards: CardPaymentsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staff = { preValidation: deps.guards.staff(FRONT_OFFICE) };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };
    const stayPath = '/api/v1/staff/properties/:propertyId/stays/:stayId/holds';

    app.post(
      '/api/v1/stay/payments/card-setup',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Start saving a card for this stay',
          description: "Answers what the browser needs to collect the card with the payment provider's own field; the card number never reaches this API.",
          response: { 200: cardSetupSchema, ...errorResponses },
        },
      },
      (request) => deps.cards.startCardSetup(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/payments/card-setup/complete',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Tell the API the card was saved: it asks the provider, keeps the card and places the hold',
          description: '422 when the provider has not confirmed the card (yet).',
          body: completeSetupBody,
          response: { 200: cardOverviewSchema, ...errorResponses },
        },
      },
      (request) => deps.cards.completeCardSetup(request.guestStay!, request.body.setupId),
    );

    app.get(
      '/api/v1/stay/payments',
      { ...guest, schema: { ...guestSchema, summary: "The stay's card on file, holds and payments", response: { 200: guestPaymentsSchema, ...errorResponses } } },
      (request) => deps.cards.guestOverview(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/payments',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Pay with the card on file, with an optional tip (idempotent per Idempotency-Key)',
          description:
            '201: taken and recorded. 200: this Idempotency-Key was used before; the payments as they are now. 202: `nextAction` says the guest must ' +
            'authenticate in the browser (or the provider has not answered); send the same request again afterwards. 422: declined.',
          headers: idempotencyHeaders,
          body: guestPaymentBody,
          response: { 200: guestPaymentResponse, 201: guestPaymentResponse, 202: guestPaymentResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await deps.cards.guestPay(request.guestStay!, request.body, request.headers['idempotency-key']);
        const done = result.payments.every((payment) => payment.providerStatus === 'succeeded');
        return reply.code(!done ? 202 : result.created ? 201 : 200).send({ payments: result.payments, nextAction: result.nextAction });
      },
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/card-charges',
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: "Charge the stay's card on file, with what it is for (idempotent per Idempotency-Key)",
          description:
            '201: taken and posted to the folio. 200: this Idempotency-Key was used before; the payment as it is now. 202: not finished (the bank asks the ' +
            'guest for 3-D Secure, or the provider or the PMS has not answered; it is retried). 409: the key was used for a different payment. 422: no card on file, or declined.',
          params: stayParams,
          headers: idempotencyHeaders,
          body: cardChargeBody,
          response: { 200: paymentSchema, 201: paymentSchema, 202: paymentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { payment, created } = await deps.cards.staffCharge(request.staffProperty!.id, request.params.stayId, request.staff!, request.body, request.headers['idempotency-key']);
        return reply.code(payment.status === 'pending' ? 202 : created ? 201 : 200).send(payment);
      },
    );

    app.get(
      stayPath,
      { ...staff, schema: { ...staffSchema, summary: "The stay's card on file and its holds", params: stayParams, response: { 200: cardOverviewSchema, ...errorResponses } } },
      (request) => deps.cards.staffOverview(request.staffProperty!.id, request.params.stayId),
    );

    app.post(
      stayPath,
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: "Place a hold on the stay's card on file",
          description: '201: placed (or being placed). 200: the stay already has an open hold, answered instead. 422: no card on file, or declined.',
          params: stayParams,
          body: placeHoldBody,
          response: { 200: holdSchema, 201: holdSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { hold, created } = await deps.cards.staffPlaceHold(request.staffProperty!.id, request.params.stayId, request.staff!, request.body.amountMinor);
        return reply.code(created ? 201 : 200).send(hold);
      },
    );

    app.post(
      `${stayPath}/:holdId/capture`,
      {
        ...staff,
        schema: {
          ...staffSchema,
          summary: 'Capture a hold up to the folio balance and release the rest; the amount taken is posted to the folio once',
          params: holdParams,
          response: { 200: captureResponse, ...errorResponses },
        },
      },
      (request) => deps.cards.captureHold(request.staffProperty!.id, request.params.stayId, request.params.holdId, request.staff!),
    );

    app.post(
      `${stayPath}/:holdId/release`,
      {
        ...staff,
        schema: { ...staffSchema, summary: 'Release a hold', params: holdParams, response: { 200: holdSchema, ...errorResponses } },
      },
      (request) => deps.cards.releaseHold(request.staffProperty!.id, request.params.stayId, request.params.holdId, request.staff!),
    );

    // Stripe signs the exact bytes it sends: this route alone keeps JSON bodies raw.
    const webhookRoutes: FastifyPluginAsyncZod = async (webhooks) => {
      webhooks.removeContentTypeParser('application/json');
      webhooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      webhooks.post(
        '/api/v1/webhooks/stripe/:propertyId',
        {
          schema: {
            tags: ['webhooks'],
            summary: "Stripe webhook endpoint of one property (the property's signing secret is the authentication)",
            description:
              'Point the Stripe webhook endpoint of the property at this address, with its code. The body must be the event exactly as Stripe sent it; ' +
              '`Stripe-Signature` must verify with the property\'s webhook secret within 300 s. 200 once stored (a repeat is answered the same and ignored); ' +
              'a job applies it. 400 when the signature is missing or does not verify: nothing is stored.',
            params: webhookParams,
            headers: z.object({ 'stripe-signature': z.string().max(8192).optional() }),
            response: { 200: z.object({ received: z.literal(true), duplicate: z.boolean() }), ...errorResponses },
          },
        },
        (request) => {
          const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          return deps.cards.receiveWebhook(request.params.propertyId, raw, request.headers['stripe-signature']);
        },
      );
    };
    await app.register(webhookRoutes);
  };
}
