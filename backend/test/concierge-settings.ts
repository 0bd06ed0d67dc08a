import type { FastifyInstance } from 'fastify';
import { bearer } from './test-app.js';

/** Saves harbour's concierge settings as an admin does: auto mode and the defaults, with the changes a test needs. */
export const putConciergeSettings = (app: FastifyInstance, adminToken: string, settings: object = {}) =>
  app.inject({
    method: 'PUT',
    url: '/api/v1/staff/properties/harbour/concierge/settings',
    headers: bearer(adminToken),
    payload: {
      mode: 'auto',
      humanTopics: ['billing_dispute', 'complaint', 'medical', 'safety'],
      businessHours: null,
      alertThreshold: -0.5,
      maxAiMessagesPerStay: 60,
      maxCostMicroUsdPerStay: 500_000,
      ...settings,
    },
  });
