import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createLocalConcierge } from './local-concierge.js';

export const localConciergeProvider = defineProvider({
  id: 'local',
  kind: 'concierge',
  label: 'Built-in (no network: answers from the hotel information, rules for requests)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['chat', 'tools', 'sentiment'],
  fromEnv: () => ({}),
  create: () => createLocalConcierge(),
});
