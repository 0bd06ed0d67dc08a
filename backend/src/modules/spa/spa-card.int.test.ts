import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { bearer } from '../../../test/test-app.js';
import { mockSpaByProperty } from '../../integrations/spa/mock/mock.provider.js';

describe('spa treatments paid with the card on file (the Stripe mock)', () => {
  let bed: StripeTestBed;
  beforeAll(async () => {
    bed = await stripeTestBed();
  });
  afterAll(() => bed.close());

  const startsAt = (hour: number) => DateTime.now().setZone('Europe/Lisbon').plus({ days: 2 }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true })!;
  const book = (token: string, key: string, hour: number) =>
    bed.t.app.inject({
      method: 'POST',
      url: '/api/v1/stay/spa/bookings',
      headers: { ...bearer(token), 'idempotency-key': key },
      payload: { treatmentId: 'massage-60', startsAt: startsAt(hour), payment: 'card' },
    });

  it('charges the card once (merchant-initiated) and puts the treatment and its payment on the folio', async () => {
    const { token } = await saveTestCard(bed.t.app, bed.stripe, 'HV1005', 'Dubois');
    const response = await book(token, 'spa-card-0001', 10);
    expect(response.statusCode, response.body).toBe(201);
    const booking = response.json();
    expect(booking).toMatchObject({ status: 'booked', payment: 'card', charge: 'posted' });
    expect((await book(token, 'spa-card-0001', 10)).statusCode).toBe(200);
    const payments = (await bed.db.query(`SELECT amount_minor, status, provider_status, note FROM payments WHERE request_key = $1`, [`spa:${booking.id}:payment`])).rows;
    expect(payments).toEqual([{ amount_minor: 9500, status: 'posted', provider_status: 'succeeded', note: 'Spa: Deep tissue massage' }]);
  });

  it('cancels the booking at the spa and says why when the card is declined', async () => {
    const { token } = await saveTestCard(bed.t.app, bed.stripe, 'HV1006', 'Tanaka', 'pm_card_chargeCustomerFail');
    const response = await book(token, 'spa-card-0002', 11);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(/card payment did not go through.*cancelled/);
    const { reference, status } = (await bed.db.query(`SELECT reference, status FROM spa_bookings WHERE request_key = 'spa-card-0002'`)).rows[0];
    expect(status).toBe('failed');
    expect(mockSpaByProperty.get(bed.harbour)!.bookingsFor(reference)[0]!.status).toBe('cancelled');
  });
});
