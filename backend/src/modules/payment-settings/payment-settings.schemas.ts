import { z } from 'zod';

/** Ten million minor units: 100,000.00 EUR. Far above any hold or limit a hotel sets; a slipped digit is refused. */
const MAX_MINOR = 10_000_000;
const minor = (description: string) => z.number().int().min(0).max(MAX_MINOR).describe(`${description}, in the property's minor units`);

export const paymentSettingsBody = z
  .strictObject({
    holdPerNightMinor: minor('The card hold per night of the stay, placed when a guest saves a card (or staff place one)'),
    holdDepositMinor: minor('Added once to every hold, for incidentals the folio does not show yet'),
    deskPaymentMaxMinor: minor('The largest payment the front desk may record at once (a guard against a slipped digit)').min(1),
    refundFrontDeskMaxMinor: minor('The most the front desk may refund of one payment; a manager or admin refunds beyond it'),
  })
  .meta({ id: 'PaymentSettingsBody' });

export const paymentSettingsSchema = paymentSettingsBody.extend({ currency: z.string().describe("The property's currency (ISO 4217): what the amounts are in") }).meta({ id: 'PaymentSettings' });

export type PaymentSettings = z.infer<typeof paymentSettingsBody>;
