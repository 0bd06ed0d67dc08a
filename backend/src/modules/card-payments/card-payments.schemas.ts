import { z } from 'zod';
import { cardHoldStatus, department } from '../../db/drizzle/schema.js';
import { paymentSchema } from '../payments/payments.schemas.js';
import { stayParams } from '../stays/stays.schemas.js';

const minor = z.int().positive().max(2_147_483_647);

export const cardSchema = z
  .object({
    id: z.uuid(),
    brand: z.string(),
    last4: z.string(),
    expMonth: z.number().int().nullable(),
    expYear: z.number().int().nullable(),
    savedAt: z.date(),
  })
  .meta({ id: 'CardOnFile', description: 'What may be shown of a saved card: never its number' });

export const holdSchema = z
  .object({
    id: z.uuid(),
    stayId: z.uuid(),
    version: z.number().int(),
    amountMinor: z.number().int(),
    currency: z.string(),
    status: z
      .enum(cardHoldStatus.enumValues)
      .describe('`placing`: asked, no answer yet; `requires_action`: the guest must authenticate; `authorized`: in place; `captured`, `released`, `failed`: done'),
    capturableMinor: z.number().int(),
    capturedMinor: z.number().int(),
    captureBefore: z.date().nullable().describe('When the hold lapses unless captured'),
    placedBy: z.uuid().nullable().describe('Staff who placed it; null when saving a card (or a re-authorisation) placed it'),
    replacedBy: z.uuid().nullable().describe('The hold re-authorising this one before it lapses; this one is released once that one is in place'),
    lastError: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'CardHold' });

export const cardOverviewSchema = z.object({ card: cardSchema.nullable(), holds: z.array(holdSchema) });

/** What the browser needs to let the guest authenticate a payment or hold with their bank (3-D Secure). */
const authenticateAction = z.object({
  type: z.literal('authenticate'),
  paymentId: z.string(),
  clientSecret: z.string(),
  paymentMethodId: z.string().nullable(),
  publishableKey: z.string().describe("For the provider's browser library, as in the card setup"),
  jsUrl: z.string().nullable().describe('Where the browser loads the provider library from'),
});

export const guestPaymentsSchema = cardOverviewSchema.extend({
  payments: z.array(paymentSchema),
  holdAction: authenticateAction
    .nullable()
    .describe("The bank asks the guest to authenticate the stay's card hold (3-D Secure): confirm in the browser with the provider library, then read this again"),
});

export const cardSetupSchema = z.object({
  setupId: z.string(),
  clientSecret: z.string().describe("For the provider's browser library (Stripe.js confirmCardSetup)"),
  publishableKey: z.string(),
  jsUrl: z.string().nullable().describe('Where the browser loads the provider library from'),
});

export const completeSetupBody = z.strictObject({ setupId: z.string().regex(/^[A-Za-z0-9_]{1,255}$/, "The provider's setup id") });

export const guestPaymentBody = z.strictObject({
  amountMinor: minor.describe("In minor units of the property's currency; usually the folio balance"),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. EUR'),
  tip: z
    .strictObject({
      amountMinor: minor.optional(),
      percent: z.number().positive().max(100).optional().describe('Of the payment, rounded to the minor unit'),
      staffId: z.uuid().optional().describe('A staff member of the property'),
      department: z.enum(department.enumValues).optional(),
    })
    .refine((tip) => (tip.amountMinor === undefined) !== (tip.percent === undefined), { message: 'Give either amountMinor or percent', path: ['amountMinor'] })
    .refine((tip) => (tip.staffId === undefined) !== (tip.department === undefined), { message: 'Tip either a staff member or a department', path: ['staffId'] })
    .optional(),
});

export const guestPaymentResponse = z.object({
  payments: z.array(paymentSchema).describe('The payment, then the tip once the payment is taken'),
  nextAction: authenticateAction
    .nullable()
    .describe('The bank asks the guest to authenticate (3-D Secure): confirm in the browser with the provider library, then send the same request (same Idempotency-Key) again'),
});

export const cardChargeBody = z.strictObject({
  amountMinor: minor.describe("In minor units of the property's currency"),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. EUR').describe("ISO 4217; must be the property's currency"),
  note: z.string().trim().min(1).max(200).describe('What it is for (a late check-out, a damage, a no-show fee), shown with the payment'),
});

export const holdParams = stayParams.extend({ holdId: z.uuid() });

export const placeHoldBody = z.strictObject({ amountMinor: minor.optional().describe("Default: the property's per-night amount times the nights, plus its deposit") });

export const captureResponse = z.object({ hold: holdSchema, payment: paymentSchema.nullable().describe('The amount taken; null when nothing was owed (the hold is released)') });

export const webhookParams = z.object({ propertyId: z.string().min(1).max(64).describe('Property code or id whose webhook signing secret signs the deliveries') });
