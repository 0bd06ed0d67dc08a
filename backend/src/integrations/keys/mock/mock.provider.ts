import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { capabilityNames } from '../keys.port.js';
import { createMockKeys, type MockKeys } from './mock-keys.js';

export const mockKeysConfigSchema = z.object({
  /** Whether a later departure changes the key itself (else it is revoked and reissued). */
  extendInPlace: z.boolean().default(true).meta({ title: 'Extend in place' }).describe('Extend keys in place (false: revoke and reissue).'),
  /** Whether a room move changes the key itself (else it is revoked and reissued). */
  moveInPlace: z.boolean().default(true).meta({ title: 'Move in place' }).describe('Move keys to another room in place (false: revoke and reissue).'),
});

/**
 * Every mock instance made, per property, so a test can reach the one its property uses
 * (arm failures, count keys). Tests only: `mock` is never a production provider.
 */
export const mockKeysByProperty = new Map<string, MockKeys>();

export const mockKeysProvider = defineProvider({
  id: 'mock',
  kind: 'keys',
  label: 'Test double (in-process, no real locks)',
  configSchema: mockKeysConfigSchema,
  secretFields: [],
  capabilities: capabilityNames({ issuesKeys: true, walletPasses: true, shareWithSecondGuest: true, extendInPlace: true, moveInPlace: true }),
  fromEnv: () => ({}),
  create: (config, deps) => {
    const mock = createMockKeys(deps.clock, config);
    mockKeysByProperty.set(deps.property.id, mock);
    return mock.port;
  },
});
