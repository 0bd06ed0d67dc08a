import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { paymentSettingsBody, paymentSettingsSchema } from './payment-settings.schemas.js';
import type { PaymentSettingsService } from './payment-settings.service.js';

/** Who sets a property's holds and the front desk's money limits: its managers and admins. */
const SETTINGS_MANAGERS = ['admin', 'manager'] as const;

export function paymentSettingsRoutes(deps: { settings: PaymentSettingsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const path = '/api/v1/admin/properties/:propertyId/payment-settings';
    const common = { preValidation: deps.guards.staff(SETTINGS_MANAGERS) };
    const schema = { tags: ['admin'], security: [{ bearer: [] }], params: propertyParams };

    app.get(
      path,
      { ...common, schema: { ...schema, summary: "A property's card hold amounts and front-desk money limits", response: { 200: paymentSettingsSchema, ...errorResponses } } },
      (request) => deps.settings.get(request.staffProperty!.id),
    );

    app.put(
      path,
      {
        ...common,
        schema: {
          ...schema,
          summary: "Set a property's card hold amounts and front-desk money limits (audit-logged)",
          description: 'Holds placed from now on use the new amounts (per night of the stay, plus the deposit); holds in place are not changed.',
          body: paymentSettingsBody,
          response: { 200: paymentSettingsSchema, ...errorResponses },
        },
      },
      (request) => deps.settings.save(request.staffProperty!.id, request.staff!, request.body),
    );
  };
}
