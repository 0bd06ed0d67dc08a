import { systemClock } from '../../../lib/clock.js';
import { runPaymentsContract } from '../payments.contract.js';
import { createMockPayments } from './mock-payments.js';

runPaymentsContract('mock', async () => {
  const payments = createMockPayments(systemClock);
  return {
    payments,
    currency: 'EUR',
    cards: {
      incremental: 'pm_card_visa',
      noIncrement: 'pm_card_amex',
      insufficientFunds: 'pm_card_chargeDeclinedInsufficientFunds',
      authenticationRequired: 'pm_card_authenticationRequired',
    },
    completeCardSetup: async (setupId, _clientSecret, paymentMethodId) => payments.completeCardSetup(setupId, paymentMethodId),
    countPayments: async (customerId) => payments.paymentCount(customerId),
    loseNextResponse: async () => payments.loseNextResponse(),
    webhook: async (paymentId, options) => payments.webhook(paymentId, options),
    close: async () => undefined,
  };
});
