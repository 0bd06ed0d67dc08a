import { z } from 'zod';
import { idDocumentKinds, idFieldNames } from '../../integrations/ocr/ocr.port.js';
import { GUEST_LANGUAGES } from '../../lib/languages.js';
import { contactUpdateBody, stayParams } from '../stays/stays.schemas.js';
import { CHECK_IN_STEPS } from './check-in-steps.js';
import { ID_PICTURE_MAX_BASE64 } from './id-upload.js';
import { SIGNATURE_MAX_BYTES } from './check-in.service.js';

const step = z.enum(CHECK_IN_STEPS);
const isoDate = z.iso.date();

const picture = z
  .string()
  .min(1, 'Add a picture.')
  .max(ID_PICTURE_MAX_BASE64 + 100, 'A picture may be at most 10 MB.')
  .describe('The picture as base64 (a `data:` URL prefix is allowed): JPEG, PNG, HEIC or PDF, told apart by its bytes; metadata is removed before it is read');

export const idUploadBody = z.strictObject({
  kind: z.enum(idDocumentKinds).describe('What the guest holds up'),
  front: picture,
  back: picture.optional().describe('The back of an ID card or driving licence, where the MRZ or a second zone is'),
});

/** Room for two pictures at the limit and the JSON around them: the route's own body limit. */
export const ID_UPLOAD_BODY_LIMIT = 2 * (ID_PICTURE_MAX_BASE64 + 100) + 4096;

const country = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Three letters, as on the document (e.g. DEU).');
const name = z.string().trim().toUpperCase().max(80);

export const idConfirmBody = z.strictObject({
  fields: z.strictObject({
    givenNames: name.optional(),
    surname: name.min(1, 'Enter the surname as on the document.'),
    documentNumber: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,20}$/, 'Letters and digits only, as on the document.'),
    nationality: country,
    issuingCountry: country.optional(),
    dateOfBirth: isoDate,
    dateOfExpiry: isoDate,
    sex: z.enum(['F', 'M', 'X']).optional(),
  }),
});

export const signBody = z.strictObject({
  signature: z
    .string()
    .min(1, 'Sign in the box first.')
    .max(Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4 + 40, 'The signature picture is too large.')
    .describe('The signature drawn on screen, as a PNG in base64 (or a `data:image/png;base64,` URL)'),
  language: z.enum(GUEST_LANGUAGES).optional().describe('The language of the terms the guest read; default the guest’s'),
  acceptTerms: z.literal(true, 'Accept the terms to sign.'),
});

export const arrivalBody = z.strictObject({
  arrivalTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time such as 15:30.')
    .optional()
    .describe("Estimated arrival, HH:MM in the property's time zone"),
  earlyCheckIn: z.boolean().default(false),
  cot: z.boolean().default(false),
  parking: z.boolean().default(false),
  note: z.string().trim().max(500, 'At most 500 characters.').optional(),
});

export const checkInContactBody = z.strictObject(contactUpdateBody.shape);

export const guestStateQuery = z.object({ language: z.enum(GUEST_LANGUAGES).optional().describe('The language of the terms shown') });

const stepState = z.object({
  step,
  status: z.enum(['todo', 'done', 'skipped']),
  at: z.string().nullable(),
  by: z.enum(['guest', 'staff', 'system']).nullable().describe('Who finished it: the guest, staff at the desk, or the system (a card hold found in place)'),
});

const readField = z.object({ value: z.string(), confidence: z.number() });
const readFields = z.partialRecord(z.enum(idFieldNames), readField);

const idSummary = z.object({
  status: z.enum(['none', 'read', 'confirmed', 'purged']),
  provider: z.string().nullable().describe('The reader that read it (a fallback reader names itself)'),
  flags: z.array(z.string()).describe('Warnings of the reading and `guest_corrected`: each sends the ID to the staff review queue'),
  reviewStatus: z.enum(['none', 'pending', 'approved']),
  reviewedAt: z.date().nullable(),
});

const progressShape = {
  steps: z.array(stepState).describe("The property's steps in its order; `card` is skipped while payments are not set up"),
  next: z.union([step, z.literal('done')]),
  completedAt: z.date().nullable(),
  registration: z.object({ terms: z.string(), termsLanguage: z.string(), signedAt: z.date().nullable() }),
  arrival: z.object({
    arrivalTime: z.string().nullable(),
    requests: z.object({ earlyCheckIn: z.boolean(), cot: z.boolean(), parking: z.boolean(), note: z.string().nullable() }).nullable(),
  }),
  room: z.string().nullable().describe('The room, once check-in is done and one is assigned'),
  roomReadyAt: z.date().nullable(),
};

export const guestCheckInSchema = z
  .object({
    ...progressShape,
    id: idSummary.extend({
      kind: z.enum(idDocumentKinds).nullable(),
      fields: readFields.nullable().describe('What was read, for the guest to confirm; null once confirmed (never sent again)'),
    }),
  })
  .meta({ id: 'GuestCheckIn' });

export const staffCheckInSchema = z
  .object({ stayId: z.uuid(), ...progressShape, id: idSummary, reviewedBy: z.uuid().nullable() })
  .meta({ id: 'StaffCheckIn', description: 'Progress without what the ID says: that is GET …/check-in/id, audit-logged' });

export const idReadingSchema = z.object({
  kind: z.enum(idDocumentKinds),
  provider: z.string(),
  flags: z.array(z.string()),
  fields: readFields,
});

export const staffIdSchema = z.object({
  kind: z.enum(idDocumentKinds),
  provider: z.string(),
  flags: z.array(z.string()),
  warnings: z.array(z.object({ code: z.string(), field: z.string().optional() })),
  read: readFields,
  confirmed: z.partialRecord(z.enum(idFieldNames), z.string()).nullable(),
  reviewStatus: z.enum(['none', 'pending', 'approved']),
  reviewedBy: z.uuid().nullable(),
  reviewedAt: z.date().nullable(),
});

export const reviewQueueSchema = z.object({
  items: z.array(
    z.object({
      stayId: z.uuid(),
      confirmationNumber: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string(),
      arrivalDate: z.string(),
      departureDate: z.string(),
      status: z.string(),
      flags: z.array(z.string()),
      provider: z.string().nullable(),
      updatedAt: z.date(),
    }),
  ),
});

export const arrivalsProgressQuery = z.object({ date: isoDate.describe("The arrival day (YYYY-MM-DD, the property's time zone)") });

export const arrivalsProgressSchema = z.object({
  date: z.string(),
  steps: z.array(step),
  stays: z.array(
    z.object({
      stayId: z.uuid(),
      steps: z.array(z.object({ step, status: z.enum(['todo', 'done', 'skipped']) })),
      completedAt: z.date().nullable(),
      reviewStatus: z.enum(['none', 'pending', 'approved']),
    }),
  ),
});

export const checkInSettingsBody = z.strictObject({
  steps: z.array(step).max(CHECK_IN_STEPS.length).describe('The steps offered, in order; an empty list switches online check-in to a single "done"'),
  retentionDays: z.int().min(0).max(3650).describe('Days after check-out before what was read from the ID is purged (0: at the next run)'),
  idImagesStored: z.boolean().describe('Keep the cleaned ID pictures (sealed) until the purge; default no'),
  registrationCardKept: z.boolean().describe('Keep signed registration cards past the purge'),
  registrationTerms: z.partialRecord(z.enum(GUEST_LANGUAGES), z.string().trim().max(4000)).describe('The terms per language; missing ones fall back to the default language'),
  selfCheckIn: z.boolean().describe('Check guests in at the PMS from the app once online check-in is done and a room is assigned'),
});

export const checkInSettingsSchema = checkInSettingsBody.extend({
  registrationTerms: z.record(z.string(), z.string()),
  paymentsConfigured: z.boolean().describe('Whether the card step is offered'),
});

export { stayParams };
