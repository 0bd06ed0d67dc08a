import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { repoRoot } from './config/env.js';
import type { AppContext } from './context.js';
import { apiReferenceRoutes } from './http/api-reference.js';
import { createAuthGuards } from './http/auth-guards.js';
import { registerErrorHandling, sendError } from './http/error-handler.js';
import { registerRequestLogging } from './http/logging.js';
import { apiSecurityHeaders, registerApiSecurityHeaders, registerDocsSecurityHeaders, registerPageSecurityHeaders } from './http/security-headers.js';
import { registerStorableStringCheck } from './http/storable-strings.js';
import { stripeBrowserOrigins } from './integrations/payments/stripe/stripe.provider.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { checkInRoutes } from './modules/check-in/check-in.routes.js';
import { expressCheckoutRoutes } from './modules/express-checkout/express-checkout.routes.js';
import { keysRoutes } from './modules/keys/keys.routes.js';
import { cardPaymentsRoutes } from './modules/card-payments/card-payments.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { integrationsRoutes } from './modules/integrations/integrations.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { paymentsRoutes } from './modules/payments/payments.routes.js';
import { tipsRoutes } from './modules/tips/tips.routes.js';
import { paymentSettingsRoutes } from './modules/payment-settings/payment-settings.routes.js';
import { requestsRoutes } from './modules/requests/requests.routes.js';
import { conciergeRoutes } from './modules/concierge/concierge.routes.js';
import { staffUsersRoutes } from './modules/staff-users/staff-users.routes.js';
import { propertiesRoutes } from './modules/properties/properties.routes.js';
import { staysRoutes } from './modules/stays/stays.routes.js';
import { spaRoutes } from './modules/spa/spa.routes.js';
import { realtimeRoutes } from './realtime/realtime.routes.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const builtWeb = path.join(repoRoot, 'web', 'dist');
const placeholderWeb = path.join(repoRoot, 'web', 'public');
/** Client-side routes look like `/stay` or `/staff/stays/…`; anything with a file extension is a file. */
const SPA_ROUTE = /^\/(?!api(?:\/|$))[^.]*$/;

/** The API as a Fastify instance, without listening: the server and the tests both use it. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const production = ctx.env.NODE_ENV === 'production';
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: ctx.env.BODY_LIMIT_BYTES,
    trustProxy: ctx.env.TRUST_PROXY,
    requestIdHeader: false,
    // Keep a caller's x-request-id for tracing across systems, if it is harmless to log.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Answered before routing (a path with malformed percent-encoding, say), so no hook has run yet.
    frameworkErrors: (error, request, reply) => {
      reply.headers({ ...apiSecurityHeaders({ production }), 'x-request-id': request.id });
      return sendError(reply, request, 'bad_request', error.code === 'FST_ERR_BAD_URL' ? 'The path is not validly percent-encoded.' : 'The request could not be processed.');
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('staff', null);
  app.decorateRequest('staffProperty', null);
  app.decorateRequest('guestStay', null);
  app.decorateRequest('guestSessionId', null);
  registerErrorHandling(app);
  registerRequestLogging(app);
  registerApiSecurityHeaders(app, { production });
  registerStorableStringCheck(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Innkeeper API', version: ctx.version },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (docs) => {
    registerDocsSecurityHeaders(docs);
    await docs.register(apiReferenceRoutes);
  });

  // Open SSE streams would hold app.close() forever: end them first.
  app.addHook('preClose', async () => ctx.realtimeHub.close());
  const guards = createAuthGuards(ctx.services);
  await app.register(async (api) => {
    await api.register(healthRoutes({ pool: ctx.database.pool, version: ctx.version }));
    await api.register(authRoutes({ staffAuth: ctx.services.staffAuth, guards }));
    await api.register(staysRoutes({ stays: ctx.services.stays, checkOut: ctx.services.cardPayments.checkOut, guards }));
    await api.register(propertiesRoutes({ properties: ctx.services.properties, guards }));
    await api.register(paymentsRoutes({ payments: ctx.services.payments, guards }));
    await api.register(keysRoutes({ keys: ctx.services.keys, guards }));
    await api.register(cardPaymentsRoutes({ cards: ctx.services.cardPayments, guards }));
    await api.register(expressCheckoutRoutes({ expressCheckout: ctx.services.expressCheckout, guards }));
    await api.register(tipsRoutes({ tips: ctx.services.tips, guards }));
    await api.register(paymentSettingsRoutes({ settings: ctx.services.paymentSettings, guards }));
    await api.register(checkInRoutes({ checkIn: ctx.services.checkIn, guards }));
    await api.register(spaRoutes({ spa: ctx.services.spa, guards }));
    await api.register(integrationsRoutes({ integrations: ctx.services.integrations, guards }));
    await api.register(staffUsersRoutes({ staffUsers: ctx.services.staffUsers, guards }));
    await api.register(auditRoutes({ audit: ctx.services.audit, guards }));
    await api.register(requestsRoutes({ requests: ctx.services.requests, guards }));
    await api.register(conciergeRoutes({ concierge: ctx.services.concierge, guards }));
    await api.register(realtimeRoutes({ realtime: ctx.services.realtime, guards }));
    await api.register(notificationsRoutes({ notifications: ctx.services.notifications, guards }));
    // Unknown /api paths stay here (404 with the API's headers) instead of reaching the web app's catch-all.
    api.all('/api/*', { schema: { hide: true } }, (_request, reply) => reply.callNotFound());
  });
  await app.register(async (pages) => {
    // From the environment, once: a property whose saved Stripe settings name other addresses needs them in STRIPE_API_BASE / STRIPE_JS_URL too (README).
    const origins = stripeBrowserOrigins({ apiBase: ctx.env.STRIPE_API_BASE, jsUrl: ctx.env.STRIPE_JS_URL });
    await registerPageSecurityHeaders(pages, { production, origins });
    await pages.register(webRoutes);
  });

  return app;
}

/**
 * The built web app (`npm run build -w web`) when there is one, else the placeholder page. Paths the
 * client router owns get index.html; unknown /api paths and missing files keep the JSON 404.
 */
async function webRoutes(app: FastifyInstance): Promise<void> {
  if (!existsSync(path.join(builtWeb, 'index.html'))) {
    if (existsSync(placeholderWeb)) await app.register(fastifyStatic, { root: placeholderWeb, wildcard: false });
    return;
  }
  await app.register(fastifyStatic, {
    root: builtWeb,
    wildcard: false,
    // Vite puts a content hash in every asset name, so those never change; index.html always may.
    setHeaders: (reply, filePath) => {
      const immutable = filePath.startsWith(path.join(builtWeb, 'assets'));
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    return SPA_ROUTE.test(pathname) ? reply.header('cache-control', 'no-cache').sendFile('index.html') : reply.callNotFound();
  });
}
