import { z } from 'zod';
import { staffRole } from '../../db/drizzle/schema.js';

const ALL_ROLES = staffRole.enumValues;

/** argon2id makes long passwords cheap to store; 12 characters is the floor the admin page states. */
export const PASSWORD_MIN_LENGTH = 12;

const password = z.string().min(PASSWORD_MIN_LENGTH).max(512);
const propertyIds = z.array(z.uuid()).min(1).max(100).describe('Properties the user may work at; at least one');

export const adminStaffUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ALL_ROLES),
    active: z.boolean(),
    properties: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  })
  .meta({ id: 'AdminStaffUser' });

export const createStaffUserBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ALL_ROLES),
  propertyIds,
  password: password.describe(`Initial password, at least ${PASSWORD_MIN_LENGTH} characters; never returned`),
});

export const updateStaffUserBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ALL_ROLES).optional(),
    propertyIds: propertyIds.optional(),
    active: z.boolean().optional(),
    password: password.optional().describe('A new password; signs the user out everywhere'),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'Change at least one field.' });

export const staffUserParams = z.object({ staffId: z.uuid() });

export type CreateStaffUserInput = z.infer<typeof createStaffUserBody>;
export type UpdateStaffUserInput = z.infer<typeof updateStaffUserBody>;
