import { runConciergeContract } from '../concierge.contract.js';
import { createLocalConcierge } from './local-concierge.js';

runConciergeContract('local', async () => ({ concierge: createLocalConcierge(), streams: true, moderates: false, close: async () => undefined }));
