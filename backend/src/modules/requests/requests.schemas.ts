import { z } from 'zod';
import { department, requestStatus, staffRole } from '../../db/drizzle/schema.js';

export const categorySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    department: z.enum(department.enumValues),
    slaMinutes: z.number().int().describe('Minutes until the request is overdue'),
    items: z.array(z.string()).describe('Items a guest may pick; empty when free text only'),
  })
  .meta({ id: 'RequestCategory' });

const requestCore = {
  id: z.uuid(),
  category: z.object({ code: z.string(), name: z.string() }),
  department: z.enum(department.enumValues),
  items: z.array(z.string()),
  note: z.string().nullable(),
  preferredTime: z.date().nullable(),
  status: z.enum(requestStatus.enumValues),
  dueAt: z.date(),
  createdAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
};

export const guestRequestSchema = z.object(requestCore).meta({ id: 'GuestServiceRequest' });

export const staffRequestSchema = z
  .object({
    ...requestCore,
    propertyId: z.uuid(),
    stayId: z.uuid(),
    assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    createdByType: z.string(),
    overdueAt: z.date().nullable(),
    startedAt: z.date().nullable(),
    cancelReason: z.string().nullable(),
    updatedAt: z.date(),
    stay: z.object({ room: z.string().nullable(), confirmationNumber: z.string(), guestLastName: z.string() }),
  })
  .meta({ id: 'StaffServiceRequest' });

export const noteSchema = z
  .object({ id: z.uuid(), body: z.string(), createdAt: z.date(), author: z.object({ id: z.uuid(), name: z.string() }) })
  .meta({ id: 'RequestNote' });

export const createRequestBody = z.strictObject({
  category: z.string().trim().min(1).max(64).describe('A category code from GET /api/v1/stay/request-categories'),
  items: z.array(z.string().trim().min(1).max(80)).max(10).optional().describe("Picked from the category's items"),
  note: z.string().trim().min(1, 'Write something, or leave the note out.').max(1000).optional(),
  preferredTime: z.iso.datetime({ offset: true }).optional().describe('When the guest would like it, ISO 8601'),
});

export const staffActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge') }),
  z.strictObject({ action: z.literal('assign'), assigneeId: z.uuid().describe('Staff user to assign') }),
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('complete') }),
  z.strictObject({ action: z.literal('cancel'), reason: z.string().trim().min(1).max(500).describe('Why, for the audit log') }),
]);

export const noteBody = z.strictObject({ body: z.string().trim().min(1).max(2000) });

const statusList = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()))
  .pipe(z.array(z.enum(requestStatus.enumValues)).min(1));

export const staffRequestsQuery = z
  .object({
    status: statusList.optional().describe('One status or several, comma-separated: new,acknowledged,in_progress'),
    department: z.enum(department.enumValues).optional(),
    stayId: z.uuid().optional().describe("One stay's requests; front office roles see every department's"),
    from: z.iso.date().optional().describe("Made on or after this day (YYYY-MM-DD, the property's time zone)"),
    to: z.iso.date().optional().describe("Made on or before this day (YYYY-MM-DD, the property's time zone)"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['to'], message: 'Must not be before from.' });

export const assigneesQuery = z.object({
  department: z.enum(department.enumValues).optional().describe('Only those who work this queue'),
});

export const assigneeSchema = z
  .object({ id: z.uuid(), name: z.string(), role: z.enum(staffRole.enumValues) })
  .meta({ id: 'Assignee', description: 'A colleague who can be assigned requests: no email, no other properties' });

export const requestParams = z.object({
  propertyId: z.string().min(1).max(64).describe('Property id or code'),
  requestId: z.uuid(),
});

export const guestRequestParams = z.object({ requestId: z.uuid() });
