import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { integrationKinds } from '../../integrations/provider.js';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { IntegrationsService } from './integrations.service.js';

const source = z.enum(['saved', 'env', 'default']);
const health = z.object({
  ok: z.boolean(),
  message: z.string(),
  checkedAt: z.iso.datetime(),
  issues: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('Settings missing or not valid (`config.<field>`), each with a sentence naming it; the vendor was not called'),
});

const kindDescription = z
  .object({
    kind: z.enum(integrationKinds),
    provider: z.string(),
    providerSource: source,
    enabled: z.boolean(),
    capabilities: z.array(z.string()).readonly(),
    config: z.record(z.string(), z.unknown()),
    secrets: z.record(z.string(), z.object({ set: z.boolean(), source: source.nullable() })),
    sources: z.record(z.string(), source),
    version: z.number().int().nullable(),
    updatedAt: z.iso.datetime().nullable(),
    lastHealth: health.nullable(),
    providers: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        capabilities: z.array(z.string()).readonly(),
        secretFields: z.array(z.string()).readonly(),
        configSchema: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'IntegrationKind' });

const draft = z.strictObject({
  provider: z.string().min(1).max(64),
  config: z.record(z.string(), z.unknown()).default({}).describe('Provider settings; an empty secret keeps the stored one'),
});

const kindParams = propertyParams.extend({ kind: z.string().min(1).max(32) });

export function integrationsRoutes(deps: { integrations: IntegrationsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const base = '/api/v1/admin/properties/:propertyId/integrations';
    const tags = ['admin'];
    const security = [{ bearer: [] }];

    app.get(
      base,
      {
        preValidation: deps.guards.staff(['admin', 'manager']),
        schema: { tags, security, summary: 'Integrations of a property', params: propertyParams, response: { 200: z.array(kindDescription), ...errorResponses } },
      },
      (request) => deps.integrations.list(request.staffProperty!.id),
    );

    app.put(
      `${base}/:kind`,
      {
        preValidation: deps.guards.staff(['admin']),
        schema: { tags, security, summary: 'Choose and configure a provider', params: kindParams, body: draft, response: { 200: kindDescription, ...errorResponses } },
      },
      (request) => deps.integrations.save(request.staffProperty!.id, request.params.kind, request.body, request.staff!.id),
    );

    app.post(
      `${base}/:kind/test`,
      {
        preValidation: deps.guards.staff(['admin']),
        schema: {
          tags,
          security,
          summary: 'Test the connection with the saved settings or with a draft',
          params: kindParams,
          body: draft.nullish(),
          response: { 200: health, ...errorResponses },
        },
      },
      (request) => deps.integrations.test(request.staffProperty!.id, request.params.kind, request.body ?? undefined),
    );
  };
}
