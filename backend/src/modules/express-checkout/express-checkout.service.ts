import { AppError } from '../../lib/errors.js';
import type { CardPaymentsService } from '../card-payments/card-payments.service.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { StaysService } from '../stays/stays.service.js';

/** The day before departure, as an ISO date: express checkout opens then (a guest leaving at dawn settles up the evening before). */
const dayBefore = (isoDate: string) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The guest checks themselves out once what they owe is paid or covered by the hold on their card:
 * the same check-out as the desk's (the hold captured up to the balance and posted to the folio,
 * then the PMS, and the receipt with the itemised folio), with the guest as the actor. Asking again
 * answers the checked-out stay and sends nothing new (one receipt per stay).
 */
export function createExpressCheckoutService(deps: {
  stays: Pick<StaysRepository, 'todayAt'>;
  folio: StaysService['folio'];
  cards: Pick<CardPaymentsService, 'checkOut' | 'holdCovers'>;
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
      if (folio.balanceMinor > 0 && !(await deps.cards.holdCovers(stay.id, folio.balanceMinor))) {
        throw new AppError('conflict', 'Pay the balance first: there is still money owed on your folio.', {
          details: { missing: 'payment', balanceMinor: folio.balanceMinor, currency: folio.currency },
        });
      }
      const checkedOut = await deps.cards.checkOut(stay.propertyId, stay.id, { type: 'guest', stayId: stay.id });
      return { stay: checkedOut, receiptTo: stay.guest.email };
    },
  };
}

export type ExpressCheckoutService = ReturnType<typeof createExpressCheckoutService>;
