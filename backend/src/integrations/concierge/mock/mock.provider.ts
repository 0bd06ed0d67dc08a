import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import type { ConciergePort } from '../concierge.port.js';
import { createMockConcierge, type MockConcierge } from './mock-concierge.js';

/**
 * Every mock instance made, per property, so a test can reach the one its property uses (script
 * turns, arm failures, read what reached the model). Tests only: `mock` is never a production provider.
 */
export const mockConciergeByProperty = new Map<string, MockConcierge>();

/** Unscripted answers until the local provider lands: a fixed reply, neutral, never flagged. */
const plain: ConciergePort = {
  healthCheck: async () => undefined,
  async *turn() {
    yield { type: 'text', delta: 'Thank you for your message. ' };
    yield { type: 'text', delta: 'A member of our team will help you.' };
    yield { type: 'done', usage: { promptTokens: 0, completionTokens: 13, model: 'mock' }, sources: [] };
  },
  sentiment: async () => ({ score: 0, label: 'neutral', needsPerson: false, reason: null }),
  moderate: async () => ({ flagged: false, categories: [] }),
};

export const mockConciergeProvider = defineProvider({
  id: 'mock',
  kind: 'concierge',
  label: 'Test double (in-process, scripted)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['chat', 'tools', 'sentiment', 'moderation'],
  fromEnv: () => ({}),
  create: (_config, deps) => {
    const mock = createMockConcierge(plain);
    mockConciergeByProperty.set(deps.property.id, mock);
    return mock.port;
  },
});
