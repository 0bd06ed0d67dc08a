import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FRONT_OFFICE, type AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import { stayParams } from '../stays/stays.schemas.js';
import { deskPaymentBody, idempotencyHeaders, paymentParams, paymentSchema, refundBody } from './payments.schemas.js';
import type { PaymentsService } from './payments.service.js';

export function paymentsRoutes(deps: { payments: PaymentsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };
    const path = '/api/v1/staff/properties/:propertyId/stays/:stayId/payments';

    app.post(
      path,
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Record a payment taken at the desk and post it to the folio (idempotent per Idempotency-Key)',
          description:
            '201: posted to the folio. 200: this Idempotency-Key was used before; its payment as it is now. ' +
            '202: recorded but not on the folio yet (the PMS did not answer, or another request with this key is posting it); ' +
            'it is retried until posted. 409: the key was used for a different payment. 422: the PMS refused it.',
          params: stayParams,
          headers: idempotencyHeaders,
          body: deskPaymentBody,
          response: { 200: paymentSchema, 201: paymentSchema, 202: paymentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { payment, created } = await deps.payments.record(
          request.staffProperty!.id,
          request.params.stayId,
          request.staff!,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(payment.status === 'pending' ? 202 : created ? 201 : 200).send(payment);
      },
    );

    app.post(
      `${path}/:paymentId/refunds`,
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: 'Refund a payment, in full or in part, with a reason (idempotent per Idempotency-Key)',
          description:
            'A card payment is refunded through the payments provider; a desk payment is recorded (the money leaves the till). Either is posted to the folio ' +
            'as a negative payment. 201: refunded. 200: this Idempotency-Key was used before; its refund as it is now. 202: not done yet (the provider or ' +
            'the PMS did not answer; it is retried). 403: above what the front desk may refund of one payment (the property setting ' +
            '`refund_front_desk_max_minor`): a manager refunds it. 409: the key was used for a different refund, or the payment cannot be refunded. ' +
            '422 `not_refundable`: more than is left to refund; `upstream_rejected`: the provider refused it.',
          params: paymentParams,
          headers: idempotencyHeaders,
          body: refundBody,
          response: { 200: paymentSchema, 201: paymentSchema, 202: paymentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { payment, created } = await deps.payments.refund(
          request.staffProperty!.id,
          request.params.stayId,
          request.params.paymentId,
          request.staff!,
          request.body,
          request.headers['idempotency-key'],
        );
        return reply.code(payment.status === 'pending' ? 202 : created ? 201 : 200).send(payment);
      },
    );

    app.get(
      path,
      {
        preValidation: deps.guards.staff(FRONT_OFFICE),
        schema: {
          ...staffSchema,
          summary: "A stay's payments, newest first, with their state",
          params: stayParams,
          response: { 200: z.object({ payments: z.array(paymentSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ payments: await deps.payments.listForStay(request.staffProperty!.id, request.params.stayId) }),
    );
  };
}
