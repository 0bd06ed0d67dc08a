import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Env } from './config/env.js';
import { repoRoot } from './config/env.js';
import { connectDatabase, type DatabaseHandle } from './db/client.js';
import { createListener } from './db/listener.js';
import { createHttpClientFactory } from './integrations/http.js';
import { createIntegrationManager } from './integrations/integration-manager.js';
import { registry } from './integrations/registry.js';
import { logDestination, loggerOptions } from './http/logging.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createSecretBox, developmentKey, parseKey } from './lib/secrets.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { createCheckInRepository } from './modules/check-in/check-in.repository.js';
import { createCheckInService } from './modules/check-in/check-in.service.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthFailuresRepository } from './modules/auth/auth-failures.repository.js';
import { createFailureLimiter } from './modules/auth/failure-limiter.js';
import { createStaffAuthService } from './modules/auth/staff-auth.service.js';
import { createStaffRepository } from './modules/auth/staff.repository.js';
import { createIntegrationSettingsRepository } from './modules/integrations/integration-settings.repository.js';
import { createIntegrationsService } from './modules/integrations/integrations.service.js';
import { notificationPlanner } from './modules/notifications/notification-planner.js';
import { createCardPaymentsRepository } from './modules/card-payments/card-payments.repository.js';
import { closeTesseractWorkers } from './integrations/ocr/local/tesseract-engine.js';
import { createPaymentSettingsRepository } from './modules/payment-settings/payment-settings.repository.js';
import { createPaymentSettingsService } from './modules/payment-settings/payment-settings.service.js';
import { createExpressCheckoutService } from './modules/express-checkout/express-checkout.service.js';
import { createCardPaymentsService } from './modules/card-payments/card-payments.service.js';
import { createFolioPosting } from './modules/payments/folio-posting.js';
import { createFolioPostingRepository } from './modules/payments/folio-posting.repository.js';
import { createPaymentsRepository } from './modules/payments/payments.repository.js';
import { createPaymentsService } from './modules/payments/payments.service.js';
import { createTipsRepository } from './modules/tips/tips.repository.js';
import { createTipsService } from './modules/tips/tips.service.js';
import { createRequestsRepository } from './modules/requests/requests.repository.js';
import { createRequestsService } from './modules/requests/requests.service.js';
import { createConciergeRepository } from './modules/concierge/concierge.repository.js';
import { createConciergeService } from './modules/concierge/concierge.service.js';
import { createStaffUsersRepository } from './modules/staff-users/staff-users.repository.js';
import { createStaffUsersService } from './modules/staff-users/staff-users.service.js';
import { createNotificationsRepository } from './modules/notifications/notifications.repository.js';
import { createNotificationsService } from './modules/notifications/notifications.service.js';
import { createPropertiesRepository } from './modules/properties/properties.repository.js';
import { createPropertiesService } from './modules/properties/properties.service.js';
import { createStaysRepository } from './modules/stays/stays.repository.js';
import { createKeysRepository } from './modules/keys/keys.repository.js';
import { createKeysService } from './modules/keys/keys.service.js';
import { createStaysService } from './modules/stays/stays.service.js';
import { createSpaRepository } from './modules/spa/spa.repository.js';
import { createSpaService } from './modules/spa/spa.service.js';
import { publishEvent } from './realtime/publish-event.js';
import { publishTransient } from './realtime/publish-transient.js';
import { createRealtimeHub } from './realtime/realtime-hub.js';
import { createRealtimeRepository } from './realtime/realtime.repository.js';
import { createRealtimeService } from './realtime/realtime.service.js';

export const version: string = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;

function secretBoxFor(env: Env) {
  const current = env.INTEGRATIONS_ENCRYPTION_KEY ? parseKey(env.INTEGRATIONS_ENCRYPTION_KEY) : developmentKey(env.DATA_DIR);
  const previous = (env.INTEGRATIONS_ENCRYPTION_PREVIOUS_KEYS ?? '').split(',').filter(Boolean).map(parseKey);
  return createSecretBox(current, previous);
}

/** Everything a process needs, wired once. Tests build it with their own database, clock and log. */
export function createContext(env: Env, databaseUrl: string, options: { clock?: Clock; logStream?: Writable } = {}) {
  const clock = options.clock ?? systemClock;
  const logger: Logger = pino(loggerOptions(env), options.logStream ?? logDestination(env, process.stdout.isTTY === true));
  const database: DatabaseHandle = connectDatabase(databaseUrl, env.DATABASE_POOL_SIZE);
  const listener = createListener(databaseUrl, (message, error) => logger.warn({ err: error }, message));
  const { db } = database;
  const audit = createAuditRepository(db);
  const staff = createStaffRepository(db);
  const notifications = createNotificationsRepository(db);
  const stays = createStaysRepository(db);
  const limiter = createFailureLimiter({ failures: createAuthFailuresRepository(db), clock });
  // One key ring for everything sealed at rest: integration secrets and what online check-in reads from IDs.
  const secrets = secretBoxFor(env);
  const integrations = createIntegrationManager({
    db,
    settings: createIntegrationSettingsRepository(db),
    registry,
    secrets,
    http: createHttpClientFactory({ production: env.NODE_ENV === 'production' }),
    clock,
    listener,
    envProviders: { pms: env.PMS_PROVIDER, payments: env.PAYMENTS_PROVIDER, keys: env.DIGITAL_KEY_PROVIDER, spa: env.SPA_PROVIDER, email: env.EMAIL_PROVIDER, sms: env.SMS_PROVIDER, push: env.PUSH_PROVIDER, ocr: env.OCR_PROVIDER, 'ocr-fallback': env.OCR_FALLBACK_PROVIDER, concierge: env.CONCIERGE_PROVIDER },
    log: (message, error) => logger.warn({ err: error }, message),
  });
  const realtime = createRealtimeRepository(db);
  const realtimeHub = createRealtimeHub({ listener, events: realtime, sessions: realtime, log: (message, error) => logger.warn({ err: error }, message) });
  const propertiesService = createPropertiesService({ db, properties: createPropertiesRepository(db), audit });
  const staysService = createStaysService({ db, stays, audit, integrations, limiter, planner: notificationPlanner, propertyRooms: propertiesService.rooms, clock, env });
  const folioPosting = createFolioPosting({ repository: createFolioPostingRepository(db), integrations, stayInPms: staysService.staffStay, clock });
  const paymentsService = createPaymentsService({ db, payments: createPaymentsRepository(db), stays, folio: folioPosting, integrations, audit, publish: publishEvent });
  const tipsService = createTipsService({ db, tips: createTipsRepository(db), audit });
  const cardPaymentsService = createCardPaymentsService({
    db,
    cards: createCardPaymentsRepository(db),
    checkTip: tipsService.checkGuestTip,
    stays,
    folio: staysService.folio,
    checkOut: staysService.checkOut,
    staffStay: staysService.staffStay,
    payments: paymentsService,
    planner: notificationPlanner,
    integrations,
    audit,
    publish: publishEvent,
    clock,
  });
  const requestsService = createRequestsService({ db, requests: createRequestsRepository(db), audit, planner: notificationPlanner, publish: publishEvent, clock });
  const spaService = createSpaService({
    db,
    repository: createSpaRepository(db),
    stays,
    folio: folioPosting,
    cards: cardPaymentsService,
    planner: notificationPlanner,
    integrations,
    audit,
    publish: publishEvent,
    clock,
  });
  const conciergeService = createConciergeService({
    db,
    repository: createConciergeRepository(db),
    concierge: (propertyId) => integrations.resolve('concierge', propertyId),
    requests: requestsService,
    folio: staysService.folio,
    spa: spaService,
    audit,
    publish: publishEvent,
    publishTransient,
    clock,
  });
  const checkInService = createCheckInService({
    db,
    checkIns: createCheckInRepository(db),
    stays,
    updateContact: staysService.updateContact,
    checkIn: staysService.checkIn,
    cards: cardPaymentsService,
    integrations,
    secrets,
    audit,
    publish: publishEvent,
    planner: notificationPlanner,
    clock,
  });
  return {
    env,
    version,
    clock,
    logger,
    database,
    listener,
    realtimeHub,
    integrations,
    repositories: { notifications, stays },
    services: {
      staffAuth: createStaffAuthService({ db, staff, audit, limiter, clock, env }),
      stays: staysService,
      keys: createKeysService({ db, repository: createKeysRepository(db), integrations, audit, clock, log: logger }),
      properties: propertiesService,
      payments: paymentsService,
      cardPayments: cardPaymentsService,
      tips: tipsService,
      paymentSettings: createPaymentSettingsService({ db, settings: createPaymentSettingsRepository(db), audit }),
      checkIn: checkInService,
      spa: spaService,
      expressCheckout: createExpressCheckoutService({ stays, folio: staysService.folio, cards: cardPaymentsService }),
      integrations: createIntegrationsService({ db, integrations, audit }),
      staffUsers: createStaffUsersService({ db, staffUsers: createStaffUsersRepository(db), audit }),
      requests: requestsService,
      concierge: conciergeService,
      realtime: createRealtimeService({ realtime, hub: realtimeHub, clock }),
      notifications: createNotificationsService({ repository: notifications }),
      audit: createAuditService({ audit }),
    },
    async close() {
      realtimeHub.close();
      // The local ID reader's tesseract worker thread would keep the process alive.
      await closeTesseractWorkers();
      await listener.close();
      await database.close();
    },
  };
}

export type AppContext = ReturnType<typeof createContext>;
