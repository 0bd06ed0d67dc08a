import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses } from '../../http/schemas.js';
import { staySchema } from '../stays/stays.schemas.js';
import type { ExpressCheckoutService } from './express-checkout.service.js';

export const expressCheckoutResponse = z.object({
  stay: staySchema,
  receiptTo: z.string().nullable().describe('Where the receipt goes; null when the stay has no email (the desk prints one)'),
});

export function expressCheckoutRoutes(deps: { expressCheckout: ExpressCheckoutService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/stay/check-out',
      {
        preValidation: deps.guards.guest(),
        schema: {
          tags: ['guest'],
          security: [{ bearer: [] }],
          summary: 'Express checkout: check out once the balance is paid, and get the receipt by email (idempotent per stay)',
          description:
            'Open on the departure day and the day before (property time), for a checked-in stay whose folio balance is paid, or covered by the card hold. ' +
            'The same check-out as the desk (the hold captured up to the balance and posted to the folio, the rest released, then the PMS); a receipt with the itemised folio is emailed once per stay, ' +
            'so asking again answers the checked-out stay and sends nothing. The stay is the idempotency key: no header is needed. ' +
            '409: not checked in, not the day yet, or the balance is neither paid nor covered by the hold (`details.missing: "payment"`).',
          response: { 200: expressCheckoutResponse, ...errorResponses },
        },
      },
      (request) => deps.expressCheckout.checkOut(request.guestStay!),
    );
  };
}
