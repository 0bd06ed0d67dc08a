import type { FastifyInstance } from 'fastify';
import { MEWS_CLIENT_TOKEN, mewsDemoEnterprises } from '../../mocks/mews/credentials.js';
import { bearer } from './test-app.js';

/** Puts a demo hotel on the Mews mock (at `platformUrl`), as an admin saves it on the integrations page; answers the response. */
export function useMewsPms(app: FastifyInstance, adminToken: string, platformUrl: string, hotel: keyof typeof mewsDemoEnterprises = 'harbour') {
  const enterprise = mewsDemoEnterprises[hotel];
  return app.inject({
    method: 'PUT',
    url: `/api/v1/admin/properties/${hotel}/integrations/pms`,
    headers: bearer(adminToken),
    payload: {
      provider: 'mews',
      config: { platformUrl, clientToken: MEWS_CLIENT_TOKEN, accessToken: enterprise.accessToken, chargeServiceId: enterprise.chargeServiceId, taxCode: enterprise.taxCodes.misc },
    },
  });
}
