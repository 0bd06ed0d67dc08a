import { z } from 'zod';
import { defineProvider, type HealthCheck, type IntegrationKind } from './provider.js';

/** Answers every health check: a switched-off integration has nothing to reach. */
const healthy = async () => undefined;

/**
 * "Not used at this property": an optional kind switched off. `behaviour` is what the port does
 * meanwhile (a message channel refuses to send; a kind with no operations needs nothing).
 */
export function noneProvider<Port extends HealthCheck>(kind: IntegrationKind, behaviour: Omit<Port, 'healthCheck'>) {
  return defineProvider({
    id: 'none',
    kind,
    label: 'Not used',
    configSchema: z.object({}),
    secretFields: [],
    capabilities: [],
    fromEnv: () => ({}),
    create: () => ({ ...behaviour, healthCheck: healthy }) as Port,
  });
}
