import { z } from 'zod';
import { stayParams } from '../stays/stays.schemas.js';
import { department, paymentKind, paymentMethod, paymentStatus, providerPaymentStatus } from '../../db/drizzle/schema.js';

/** What the desk takes itself; `card` payments go through the payments provider. */
export const DESK_METHODS = ['cash', 'card_terminal', 'bank_transfer'] as const satisfies readonly (typeof paymentMethod.enumValues)[number][];

export const deskPaymentBody = z.strictObject({
  amountMinor: z
    .int()
    .positive()
    .max(2_147_483_647)
    .describe("Amount taken, in minor units of the property's currency (cents); at most the property's desk limit"),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. EUR').describe("ISO 4217; must be the property's currency"),
  method: z.enum(DESK_METHODS),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("The terminal receipt, the transfer's reference, ..."),
  note: z.string().trim().min(1).max(500).optional(),
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
    method: z.enum(paymentMethod.enumValues).describe('`card`: taken through the payments provider (a captured hold or the card on file)'),
    kind: z
      .enum(paymentKind.enumValues)
      .describe('`tip`: for staff, posted as a tip charge and its payment, so the balance is unchanged; `refund`: money back from `refundOf`, posted as a negative payment'),
    amountMinor: z.number().int(),
    currency: z.string(),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    status: z
      .enum(paymentStatus.enumValues)
      .describe(
        '`pending`: recorded, not on the folio yet (the PMS did not answer; it is retried); `posted`: on the folio; `failed`: the PMS refused it ' +
          '(for a refund the money has gone back all the same: post it in the PMS by hand)',
      ),
    pmsPostingId: z.string().nullable().describe("The PMS's id of the folio posting"),
    recordedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    attempts: z.number().int().describe('Calls to the PMS so far'),
    lastError: z.string().nullable().describe('Why the last call did not post it'),
    postedAt: z.date().nullable(),
    providerStatus: z
      .enum(providerPaymentStatus.enumValues)
      .nullable()
      .describe('Card payments: `requested` (the provider has not answered yet), `requires_action` (the guest must authenticate), `succeeded` (taken), `failed` (declined); null for desk payments'),
    holdId: z.uuid().nullable().describe('The hold this payment captured'),
    tipStaffId: z.uuid().nullable(),
    tipDepartment: z.enum(department.enumValues).nullable(),
    refundOf: z.uuid().nullable().describe('Refunds only: the payment this gives money back from (the reason is `note`)'),
    createdAt: z.date(),
  })
  .meta({ id: 'Payment' });

export const paymentParams = stayParams.extend({ paymentId: z.uuid() });

export const refundBody = z.strictObject({
  amountMinor: z
    .int()
    .positive()
    .max(2_147_483_647)
    .optional()
    .describe('Minor units; at most the payment minus its earlier refunds. Omitted: all of that'),
  reason: z.string().trim().min(3).max(500).describe('Why the money goes back: kept with the refund and in the audit log'),
});
