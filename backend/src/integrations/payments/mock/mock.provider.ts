import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createMockPayments } from './mock-payments.js';

export const mockPaymentsProvider = defineProvider({
  id: 'mock',
  kind: 'payments',
  label: 'Test double (in-process, no real payments)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['card-on-file', 'holds', 'incremental-authorization', 'partial-capture', 'charges', 'refunds', 'webhooks'],
  fromEnv: () => ({}),
  create: (_config, deps) => createMockPayments(deps.clock),
});
