import { z } from 'zod';
import { paymentMethod, paymentStatus } from '../../db/drizzle/schema.js';
import { containsCardNumber } from './card-number.js';

const noCardNumber = (text: string) => !containsCardNumber(text);
const NO_CARD_NUMBER = 'Do not write card numbers here; use the receipt or authorisation number.';

export const deskPaymentBody = z.strictObject({
  amountMinor: z
    .int()
    .positive()
    .max(2_147_483_647)
    .describe("Amount taken, in minor units of the property's currency (cents); at most the property's desk limit"),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. EUR').describe("ISO 4217; must be the property's currency"),
  method: z.enum(paymentMethod.enumValues),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(noCardNumber, NO_CARD_NUMBER)
    .optional()
    .describe("The terminal receipt, the transfer's reference, ..."),
  note: z.string().trim().min(1).max(500).refine(noCardNumber, NO_CARD_NUMBER).optional(),
});

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:~+/=-]{8,128}$/, '8 to 128 letters, digits or ._:~+/=-')
    .describe('One per payment the desk means to record (a UUID); the same key again answers the same payment and never posts it twice'),
});

export const paymentSchema = z
  .object({
    id: z.uuid(),
    stayId: z.uuid(),
    method: z.enum(paymentMethod.enumValues),
    amountMinor: z.number().int(),
    currency: z.string(),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    status: z
      .enum(paymentStatus.enumValues)
      .describe('`pending`: recorded, not on the folio yet (the PMS did not answer; it is retried); `posted`: on the folio; `failed`: the PMS refused it'),
    pmsPostingId: z.string().nullable().describe("The PMS's id of the folio posting"),
    recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    attempts: z.number().int().describe('Calls to the PMS so far'),
    lastError: z.string().nullable().describe('Why the last call did not post it'),
    postedAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Payment' });
