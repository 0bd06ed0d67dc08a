import { runKeysContract } from '../keys.contract.js';
import { createMockKeys } from './mock-keys.js';

runKeysContract('mock', async () => {
  const mock = createMockKeys({ now: () => new Date() });
  return {
    keys: mock.port,
    loseNextIssue: async () => mock.loseNextIssue(),
    countKeys: async (reservationId) => mock.keysOf(reservationId).length,
    close: async () => undefined,
  };
});
