import { runSpaContract } from '../spa.contract.js';
import { createMockSpa } from './mock-spa.js';

runSpaContract('mock', async () => {
  const timeZone = 'Europe/Lisbon';
  const mock = createMockSpa({ now: () => new Date() }, { timeZone, currency: 'EUR' });
  return {
    spa: mock.port,
    timeZone,
    loseNextBook: async () => mock.loseNextBook(),
    countBookings: async (reference) => mock.bookingsFor(reference).length,
    close: async () => undefined,
  };
});
