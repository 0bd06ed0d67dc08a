import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { capabilityNames } from '../spa.port.js';
import { createMockSpa, type MockSpa } from './mock-spa.js';

/**
 * Every mock instance made, per property, so a test can reach the one its property uses.
 * Tests only: `mock` is never a production provider.
 */
export const mockSpaByProperty = new Map<string, MockSpa>();

export const mockSpaProvider = defineProvider({
  id: 'mock',
  kind: 'spa',
  label: 'Test double (in-process, no real spa)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: capabilityNames({ therapists: true, localizedCatalog: true }),
  fromEnv: () => ({}),
  create: (_config, deps) => {
    const mock = createMockSpa(deps.clock, deps.property);
    mockSpaByProperty.set(deps.property.id, mock);
    return mock.port;
  },
});
