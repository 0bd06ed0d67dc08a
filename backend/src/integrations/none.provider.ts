import { z } from 'zod';
import { defineProvider, type IntegrationKind } from './provider.js';

/** "Not used at this property": an optional kind switched off. */
export function noneProvider(kind: IntegrationKind) {
  return defineProvider({
    id: 'none',
    kind,
    label: 'Not used',
    configSchema: z.object({}),
    secretFields: [],
    capabilities: [],
    fromEnv: () => ({}),
    create: () => ({ healthCheck: async () => undefined }),
  });
}
