import { z } from 'zod';
import { defineProvider } from '../../provider.js';
import { createMockOcr } from './mock-ocr.js';

export const mockOcrProvider = defineProvider({
  id: 'mock',
  kind: 'ocr',
  label: 'Test double (in-process; reads only the marked pictures of the mock servers)',
  configSchema: z.object({}),
  secretFields: [],
  capabilities: ['passport', 'id-card', 'driving-licence', 'mrz'],
  fromEnv: () => ({}),
  create: () => createMockOcr(),
});
