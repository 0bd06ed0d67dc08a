import { runPmsContract } from '../pms.contract.js';
import { createMockPms } from './mock-pms.js';

runPmsContract('mock', async () => ({
  pms: createMockPms({ code: 'harbour', timeZone: 'Europe/Lisbon', currency: 'EUR' }, () => new Date()),
  vacantRoom: '201',
  roomForMove: '202',
  close: async () => undefined,
}));
