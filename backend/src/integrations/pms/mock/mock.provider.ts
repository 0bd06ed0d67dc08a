import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createMockPms } from './mock-pms.js';

export const mockPmsProvider = defineProvider({
  id: 'mock',
  kind: 'pms',
  label: 'Demo PMS (in-process)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['lookup', 'folio', 'profile', 'check-in', 'check-out', 'charges', 'payments'],
  fromEnv: () => ({}),
  create: (_config, deps) => createMockPms(deps.property, () => deps.clock.now()),
});
