import type { Folio } from '../../integrations/pms/pms.port.js';
import type { Receipt } from '../notifications/notification-planner.js';
import type { PaymentView } from '../payments/payments.repository.js';

const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

/** The folio as the receipt lists it, with the tips the guest gave (posted ones: they are on the folio). */
export function receiptOf(folio: Folio, payments: PaymentView[]): Receipt {
  const item = (line: Folio['lines'][number]) => ({ date: line.date, description: line.description, amountMinor: line.amountMinor });
  const charges = folio.lines.filter((line) => line.kind === 'charge');
  const paid = folio.lines.filter((line) => line.kind === 'payment');
  return {
    currency: folio.currency,
    charges: charges.map(item),
    payments: paid.map(item),
    tipMinor: sum(payments.filter((payment) => payment.kind === 'tip' && payment.status === 'posted').map((payment) => payment.amountMinor)),
    chargesMinor: sum(charges.map((line) => line.amountMinor)),
    paidMinor: sum(paid.map((line) => line.amountMinor)),
    balanceMinor: folio.balanceMinor,
  };
}
