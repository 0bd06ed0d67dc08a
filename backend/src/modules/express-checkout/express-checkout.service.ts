import type { Folio } from '../../integrations/pms/pms.port.js';
import { AppError } from '../../lib/errors.js';
import type { CardPaymentsService } from '../card-payments/card-payments.service.js';
import type { notificationPlanner, Receipt } from '../notifications/notification-planner.js';
import type { PaymentView } from '../payments/payments.repository.js';
import type { PaymentsService } from '../payments/payments.service.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { StaysService } from '../stays/stays.service.js';

/** The day before departure, as an ISO date: express checkout opens then (a guest leaving at dawn settles up the evening before). */
const dayBefore = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

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

/**
 * The guest checks themselves out once they owe nothing: the same check-out as the desk's (card
 * hold settled first, then the PMS), with the guest as the actor, and a receipt with the itemised
 * folio planned in the transaction that records the check-out. Asking again answers the checked-out
 * stay and plans nothing new (one receipt per stay).
 */
export function createExpressCheckoutService(deps: {
  stays: Pick<StaysRepository, 'todayAt'>;
  folio: StaysService['folio'];
  payments: Pick<PaymentsService, 'listForStay'>;
  checkOut: CardPaymentsService['checkOut'];
  planner: Pick<typeof notificationPlanner, 'receipt'>;
}) {
  return {
    async checkOut(stay: StayView) {
      if (stay.status !== 'checked_in' && stay.status !== 'checked_out') {
        throw new AppError('conflict', 'Express checkout is for a stay that is checked in.', { details: { status: stay.status } });
      }
      const today = await deps.stays.todayAt(stay.propertyId);
      if (today !== stay.departureDate && today !== dayBefore(stay.departureDate)) {
        throw new AppError('conflict', `Express checkout opens the day before your departure (${dayBefore(stay.departureDate)}); please see the front desk.`, {
          details: { opensOn: dayBefore(stay.departureDate), departureDate: stay.departureDate },
        });
      }
      const folio = await deps.folio(stay);
      if (folio.balanceMinor > 0) {
        throw new AppError('conflict', 'Pay the balance first: there is still money owed on your folio.', {
          details: { missing: 'payment', balanceMinor: folio.balanceMinor, currency: folio.currency },
        });
      }
      const receipt = receiptOf(folio, await deps.payments.listForStay(stay.propertyId, stay.id));
      const checkedOut = await deps.checkOut(stay.propertyId, stay.id, { type: 'guest', stayId: stay.id }, (tx) => deps.planner.receipt(tx, stay, receipt));
      return { stay: checkedOut, receiptTo: stay.guest.email };
    },
  };
}

export type ExpressCheckoutService = ReturnType<typeof createExpressCheckoutService>;
