import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createLocalConcierge } from '../local/local-concierge.js';
import { createMockConcierge, type MockConcierge } from './mock-concierge.js';

/**
 * Every mock instance made, per property, so a test can reach the one its property uses (script
 * turns, arm failures, read what reached the model); what is not scripted, the local concierge
 * answers. Tests only: `mock` is never a production provider.
 */
export const mockConciergeByProperty = new Map<string, MockConcierge>();

export const mockConciergeProvider = defineProvider({
  id: 'mock',
  kind: 'concierge',
  label: 'Test double (in-process, scripted)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['chat', 'tools', 'sentiment', 'moderation'],
  fromEnv: () => ({}),
  create: (_config, deps) => {
    const mock = createMockConcierge(createLocalConcierge());
    mockConciergeByProperty.set(deps.property.id, mock);
    return mock.port;
  },
});
