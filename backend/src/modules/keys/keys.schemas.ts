import { z } from 'zod';
import { e164 } from '../stays/stays.schemas.js';

export const guestKeySchema = z
  .object({
    enabled: z.boolean().describe('False where the hotel has no mobile keys: the app shows none'),
    canShare: z.boolean().describe('The key can be shared with a second guest now'),
    key: z
      .object({
        status: z.enum(['pending', 'issued', 'revoked', 'expired', 'unavailable']).describe('pending: the lock system has not confirmed it yet; unavailable: ask the front desk'),
        room: z.string(),
        validUntil: z.iso.datetime({ offset: true }),
        invitationUrl: z.url().nullable().describe("The key provider's invitation link, while the key opens doors"),
        walletUrl: z.url().nullable().describe('The wallet pass, where the provider issues one'),
        sharedWith: z.number().int().min(0),
      })
      .nullable(),
  })
  .meta({ id: 'GuestMobileKey' });

export const shareKeyBody = z.strictObject({
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1, 'Enter the last name of the guest you share the key with.').max(100),
  phone: e164,
  email: z.email().max(254).optional(),
});

const staffKeySchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  generation: z.number().int(),
  keyRef: z.string().nullable().describe("The vendor's key id; null until it answered"),
  status: z.enum(['issuing', 'pending', 'issued', 'revoking', 'revoked', 'expired', 'failed']),
  room: z.string(),
  validFrom: z.date(),
  validUntil: z.date(),
  invitationUrl: z.string().nullable(),
  walletUrl: z.string().nullable(),
  sharedWith: z.number().int(),
  revokeReason: z.string().nullable(),
  lastError: z.string().nullable().describe('The last provider failure; it is being retried'),
  failedAttempts: z.number().int(),
  updatedAt: z.date(),
});

export const staffKeysSchema = z
  .object({
    capabilities: z.object({
      issuesKeys: z.boolean(),
      walletPasses: z.boolean(),
      shareWithSecondGuest: z.boolean(),
      extendInPlace: z.boolean(),
      moveInPlace: z.boolean(),
    }),
    keys: z.array(staffKeySchema).describe('Newest first'),
  })
  .meta({ id: 'StaffMobileKeys' });

export const keysAttentionSchema = z
  .object({
    keys: z.array(
      z.object({
        key: staffKeySchema.describe('A key `revoking` here is a revocation the provider has not confirmed: it may still open the door'),
        stay: z.object({ id: z.uuid(), confirmationNumber: z.string(), status: z.string(), arrivalDate: z.iso.date(), departureDate: z.iso.date() }),
        guest: z.object({ firstName: z.string().nullable(), lastName: z.string() }),
      }),
    ),
  })
  .meta({ id: 'KeysNeedingAttention' });
