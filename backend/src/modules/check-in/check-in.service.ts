import type { Database, Executor } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import { readIdDocument } from '../../integrations/ocr/read-id-document.js';
import { idFieldNames, type IdDocumentKind, type IdExtraction, type IdFieldName } from '../../integrations/ocr/ocr.port.js';
import { enqueueJob } from '../../jobs/queue.js';
import { dayIn, type Clock } from '../../lib/clock.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { guestLanguageOf, type GuestLanguage } from '../../lib/languages.js';
import type { SecretBox } from '../../lib/secrets.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { CardPaymentsService } from '../card-payments/card-payments.service.js';
import type { notificationPlanner } from '../notifications/notification-planner.js';
import type { StaysRepository, StayView } from '../stays/stays.repository.js';
import type { ContactUpdate, StaysService } from '../stays/stays.service.js';
import { offeredSteps, termsFor, type CheckInStep, type StepMark, type StepStatus } from './check-in-steps.js';
import type { ArrivalRequests, CheckInRepository, CheckInRow, CheckInSettings, Sealed } from './check-in.repository.js';
import { ROOM_READY_TASK } from './check-in-tasks.js';
import { cleanIdPicture, loadSharp, pictureFormat } from './id-upload.js';
import { CARD_LABELS } from './registration-card-labels.js';
import { registrationCardPdf } from './registration-card.js';

/** Largest signature image taken: a phone canvas as PNG is 10–60 kB. */
export const SIGNATURE_MAX_BYTES = 512 * 1024;

/** What was read from an ID and what the guest confirmed: only ever stored sealed. */
interface IdRecord {
  kind: IdDocumentKind;
  provider: string;
  read: Partial<Record<IdFieldName, { value: string; confidence: number }>>;
  warnings: Array<{ code: string; field?: string | undefined }>;
  confirmed: Partial<Record<IdFieldName, string>> | null;
}

export type IdFields = Partial<Record<IdFieldName, string>>;

export interface IdUpload {
  kind: IdDocumentKind;
  front: string;
  back?: string | undefined;
}

export interface ArrivalInput {
  arrivalTime?: string | undefined;
  earlyCheckIn: boolean;
  cot: boolean;
  parking: boolean;
  note?: string | undefined;
}

/** What managers set; the default language is the hotel information's. */
export type CheckInSettingsInput = Omit<CheckInSettings, 'defaultLanguage'>;

const contextOf = (stayId: string, part: 'id' | 'images' | 'registration') => `check-in:${stayId}:${part}`;

const markBy = (actor: Actor): StepMark['by'] => (actor.type === 'guest' ? 'guest' : actor.type === 'staff' ? 'staff' : 'system');

/** Flags that send an ID to the staff review queue: every warning a reader gives, and a guest's correction. */
const REVIEW_FLAGS = new Set(['expired_document', 'mrz_check_digit_failed', 'mrz_visual_mismatch', 'low_confidence', 'mrz_missing', 'fallback_used', 'guest_corrected']);

/**
 * Online check-in: the steps a property offers, each stay's progress (saved as each step is
 * finished, so the guest can go on from another device, and staff can finish any step at the
 * desk), the ID read through the property's OCR reader and confirmed by the guest, the signed
 * registration card, the card hold, the arrival time and requests; the staff review queue; the
 * purge after the retention period; and "your room is ready".
 *
 * Privacy: ID pictures are cleaned of metadata first and kept only in memory (sealed in the row
 * when the property chose to keep them); what was read is sealed with the integrations key. Staff
 * reads of it are audit-logged; no answer but the guest's own (before confirming) and the audited
 * staff read carries a document number or birth date, and nothing here logs one.
 */
export function createCheckInService(deps: {
  db: Database;
  checkIns: CheckInRepository;
  stays: Pick<StaysRepository, 'findById'>;
  updateContact: StaysService['updateContact'];
  checkIn: StaysService['checkIn'];
  cards: Pick<CardPaymentsService, 'staffOverview'>;
  integrations: IntegrationManager;
  secrets: SecretBox;
  audit: AuditRepository;
  publish: PublishEvent;
  planner: Pick<typeof notificationPlanner, 'roomReady'>;
  clock: Clock;
}) {
  const seal = (value: unknown, stayId: string, part: 'id' | 'images' | 'registration'): Sealed => deps.secrets.seal(JSON.stringify(value), contextOf(stayId, part));
  const open = <T>(ciphertext: string | null, keyId: string | null, stayId: string, part: 'id' | 'images' | 'registration'): T | null =>
    ciphertext && keyId ? (JSON.parse(deps.secrets.open({ ciphertext, keyId }, contextOf(stayId, part))) as T) : null;

  async function settingsOf(propertyId: string): Promise<CheckInSettings> {
    const settings = await deps.checkIns.settings(propertyId);
    if (!settings) throw new AppError('not_found', 'No such property.');
    return settings;
  }

  /** Payments count as set up when the property's provider can be built with its settings. */
  async function paymentsConfigured(propertyId: string): Promise<boolean> {
    try {
      await deps.integrations.resolve('payments', propertyId);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'integration_misconfigured') return false;
      throw error;
    }
  }

  async function stayAt(propertyId: string, stayId: string): Promise<StayView> {
    const stay = await deps.stays.findById(propertyId, stayId);
    if (!stay) throw new AppError('not_found', 'No such stay at this property.');
    return stay;
  }

  /** A card on file with a hold in place (or taken) finishes the card step, whoever placed it. */
  async function cardHeld(stay: StayView): Promise<boolean> {
    const { card, holds } = await deps.cards.staffOverview(stay.propertyId, stay.id);
    return card !== null && holds.some((hold) => hold.status === 'authorized' || hold.status === 'captured');
  }

  const openStay = (stay: StayView) => {
    if (stay.status !== 'reserved' && stay.status !== 'checked_in') throw new AppError('conflict', 'Online check-in is closed for this stay.');
  };

  /**
   * Runs a step's write in one transaction with the row locked, then marks it done, completes the
   * check-in when it was the last step, and tells every open page to refetch.
   */
  async function finishStep(stay: StayView, actor: Actor, step: CheckInStep, write: (tx: Executor, row: CheckInRow) => Promise<void> = async () => {}) {
    const settings = await settingsOf(stay.propertyId);
    const offered = offeredSteps(settings.steps, await paymentsConfigured(stay.propertyId));
    await deps.db.transaction(async (tx) => {
      const row = await deps.checkIns.lock(tx, stay.propertyId, stay.id);
      await write(tx, row);
      const mark = { at: deps.clock.now().toISOString(), by: markBy(actor) };
      await deps.checkIns.markSteps(tx, stay.id, { [step]: mark });
      await deps.audit.record(
        { propertyId: stay.propertyId, ...auditActor(actor), action: `check_in.${step}_done`, subjectType: 'stay', subjectId: stay.id },
        tx,
      );
      const progress = { ...row.progress, [step]: mark };
      if (offered.every(({ step: each, skipped }) => skipped || progress[each])) await completeWithin(tx, stay, actor);
      await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'check_in.updated', subjectId: stay.id });
    });
  }

  async function completeWithin(tx: Executor, stay: StayView, actor: Actor) {
    if (!(await deps.checkIns.complete(tx, stay.id))) return;
    await deps.audit.record({ propertyId: stay.propertyId, ...auditActor(actor), action: 'check_in.completed', subjectType: 'stay', subjectId: stay.id }, tx);
    // A room assigned before the last step: the guest hears of it now.
    await enqueueJob(tx, ROOM_READY_TASK, { propertyId: stay.propertyId, stayId: stay.id }, { jobKey: `room-ready:${stay.id}` });
  }

  /** The progress of a stay as both the guest app and staff see it; `withFields` adds the read ID fields (the guest's own, before confirming). */
  async function progressOf(stay: StayView, row: CheckInRow | undefined, settings: CheckInSettings, language: GuestLanguage) {
    const offered = offeredSteps(settings.steps, await paymentsConfigured(stay.propertyId));
    let progress = row?.progress ?? {};
    if (offered.some(({ step, skipped }) => step === 'card' && !skipped) && !progress.card && (await cardHeld(stay))) {
      await finishStep(stay, { type: 'system' }, 'card');
      progress = { ...progress, card: { at: deps.clock.now().toISOString(), by: 'system' } };
    }
    const steps = offered.map(({ step, skipped }) => {
      const mark = progress[step];
      const status: StepStatus = mark ? 'done' : skipped ? 'skipped' : 'todo';
      return { step, status, at: mark?.at ?? null, by: mark?.by ?? null };
    });
    const terms = termsFor(settings.registrationTerms, language, settings.defaultLanguage);
    const completed = await deps.checkIns.find(stay.propertyId, stay.id);
    return {
      steps,
      next: steps.find((step) => step.status === 'todo')?.step ?? ('done' as const),
      completedAt: completed?.completedAt ?? null,
      id: {
        status: !row?.idProvider ? ('none' as const) : row.purgedAt ? ('purged' as const) : row.idConfirmedAt ? ('confirmed' as const) : ('read' as const),
        provider: row?.idProvider ?? null,
        flags: row?.idFlags ?? [],
        reviewStatus: row?.reviewStatus ?? 'none',
        reviewedAt: row?.reviewedAt ?? null,
      },
      registration: { terms: terms.text, termsLanguage: terms.language, signedAt: row?.signedAt ?? null },
      arrival: { arrivalTime: row?.arrivalTime ?? null, requests: row?.arrivalRequests ?? null },
      room: completed?.completedAt ? stay.room : null,
      roomReadyAt: completed?.roomReadyAt ?? null,
    };
  }

  const languageOf = (stay: StayView, settings: CheckInSettings, asked?: string): GuestLanguage =>
    guestLanguageOf(asked) ?? stay.guest.language ?? guestLanguageOf(settings.defaultLanguage) ?? 'en';

  async function guestState(stay: StayView, language?: string) {
    const settings = await settingsOf(stay.propertyId);
    const row = await deps.checkIns.find(stay.propertyId, stay.id);
    const state = await progressOf(stay, row, settings, languageOf(stay, settings, language));
    // The guest sees what was read until they confirm it; after that it is never sent again.
    const record = row && !row.idConfirmedAt ? open<IdRecord>(row.idSealed, row.idKeyId, stay.id, 'id') : null;
    return {
      ...state,
      id: { ...state.id, kind: record?.kind ?? null, fields: record ? readFields(record) : null },
    };
  }

  const readFields = (record: IdRecord) =>
    Object.fromEntries(Object.entries(record.read).map(([name, field]) => [name, { value: field.value, confidence: field.confidence }]));

  async function staffState(propertyId: string, stayId: string) {
    const stay = await stayAt(propertyId, stayId);
    const settings = await settingsOf(propertyId);
    const row = await deps.checkIns.find(propertyId, stayId);
    return { stayId, ...(await progressOf(stay, row, settings, languageOf(stay, settings))), reviewedBy: row?.reviewedBy ?? null };
  }

  async function readId(stay: StayView, actor: Actor, upload: IdUpload) {
    openStay(stay);
    const settings = await settingsOf(stay.propertyId);
    const images = [await cleanIdPicture(upload.front, 'body.front'), ...(upload.back ? [await cleanIdPicture(upload.back, 'body.back')] : [])];
    const extraction: IdExtraction = await readIdDocument(
      { integrations: deps.integrations },
      stay.propertyId,
      { images, kind: upload.kind, today: dayIn(stay.property.timeZone, deps.clock.now()) },
    );
    const record: IdRecord = {
      kind: upload.kind,
      provider: extraction.provider,
      read: Object.fromEntries(Object.entries(extraction.fields).map(([name, field]) => [name, { value: field.value, confidence: field.confidence }])),
      warnings: extraction.warnings.map((warning) => ({ code: warning.code, field: warning.field })),
      confirmed: null,
    };
    const flags = [...new Set(extraction.warnings.map((warning) => warning.code))];
    await deps.db.transaction(async (tx) => {
      await deps.checkIns.lock(tx, stay.propertyId, stay.id);
      await deps.checkIns.saveIdReading(tx, stay.id, {
        sealed: seal(record, stay.id, 'id'),
        images: settings.idImagesStored ? seal(images.map((image) => ({ mimeType: image.mimeType, base64: Buffer.from(image.bytes).toString('base64') })), stay.id, 'images') : null,
        flags,
        provider: extraction.provider,
      });
      // Which reader and which flags, never what it read.
      await deps.audit.record(
        { propertyId: stay.propertyId, ...auditActor(actor), action: 'check_in.id_read', subjectType: 'stay', subjectId: stay.id, details: { provider: extraction.provider, kind: upload.kind, flags, fallback: extraction.fallback?.reason ?? null } },
        tx,
      );
      await deps.publish(tx, { propertyId: stay.propertyId, stayId: stay.id, type: 'check_in.updated', subjectId: stay.id });
    });
    return { kind: record.kind, provider: record.provider, flags, fields: readFields(record) };
  }

  /**
   * The guest (or staff) confirms or corrects what was read. A change from the reading, or an
   * expiry before today, is flagged: a flagged ID is accepted for the step, and goes to review.
   */
  async function confirmId(stay: StayView, actor: Actor, fields: IdFields) {
    openStay(stay);
    await finishStep(stay, actor, 'id', async (tx, row) => {
      const record = open<IdRecord>(row.idSealed, row.idKeyId, stay.id, 'id');
      if (!record) throw new AppError('conflict', 'Scan the ID document first.', { details: [{ field: 'body', message: 'No ID has been read for this stay.' }] });
      const corrected = idFieldNames.some((name) => (fields[name] ?? '') !== (record.read[name]?.value ?? ''));
      const expired = fields.dateOfExpiry !== undefined && fields.dateOfExpiry < dayIn(stay.property.timeZone, deps.clock.now());
      const flags = [...new Set([...row.idFlags, ...(corrected ? ['guest_corrected'] : []), ...(expired ? ['expired_document'] : [])])];
      await deps.checkIns.confirmId(tx, stay.id, {
        sealed: seal({ ...record, confirmed: fields }, stay.id, 'id'),
        flags,
        review: flags.some((flag) => REVIEW_FLAGS.has(flag)),
      });
    });
  }

  /** Signs the registration card: the PDF is made here with the guest's details and signature, and kept sealed. */
  async function sign(stay: StayView, actor: Actor, input: { signature: string; language?: string | undefined }) {
    openStay(stay);
    const settings = await settingsOf(stay.propertyId);
    const signaturePng = await cleanSignature(input.signature);
    const language = languageOf(stay, settings, input.language);
    const terms = termsFor(settings.registrationTerms, language, settings.defaultLanguage);
    const labels = CARD_LABELS[guestLanguageOf(terms.language) ?? language];
    await finishStep(stay, actor, 'registration', async (tx, row) => {
      const id = open<IdRecord>(row.idSealed, row.idKeyId, stay.id, 'id');
      const details = id?.confirmed ?? Object.fromEntries(Object.entries(id?.read ?? {}).map(([name, field]) => [name, field.value]));
      const name = [details.givenNames ?? stay.guest.firstName, details.surname ?? stay.guest.lastName].filter(Boolean).join(' ');
      const address = stay.guest.address ? [stay.guest.address.lines.join(', '), stay.guest.address.postalCode, stay.guest.address.city, stay.guest.address.countryCode].filter(Boolean).join(', ') : '';
      const pdf = await registrationCardPdf({
        hotel: stay.property.name,
        title: labels.title,
        rows: [
          [labels.guest, name],
          [labels.nationality, details.nationality ?? ''],
          [labels.dateOfBirth, details.dateOfBirth ?? ''],
          [labels.document, [details.documentNumber, details.issuingCountry].filter(Boolean).join(' · ')],
          [labels.stay, `${stay.arrivalDate} – ${stay.departureDate}`],
          [labels.confirmation, stay.confirmationNumber],
          [labels.contact, [stay.guest.email, stay.guest.phone, address].filter(Boolean).join(' · ')],
        ],
        terms: terms.text,
        signedLabel: labels.signed,
        signedAt: `${deps.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        signaturePng,
      });
      await deps.checkIns.saveRegistration(tx, stay.id, seal(pdf.toString('base64'), stay.id, 'registration'));
    });
  }

  async function arrival(stay: StayView, actor: Actor, input: ArrivalInput) {
    openStay(stay);
    const requests: ArrivalRequests = { earlyCheckIn: input.earlyCheckIn, cot: input.cot, parking: input.parking, note: input.note?.trim() || null };
    await finishStep(stay, actor, 'arrival', (tx) => deps.checkIns.saveArrival(tx, stay.id, input.arrivalTime ?? null, requests));
  }

  async function contact(stay: StayView, actor: Actor, patch: ContactUpdate) {
    openStay(stay);
    if (Object.values(patch).some((value) => value !== undefined)) await deps.updateContact(stay, patch, actor);
    await finishStep(stay, actor, 'contact');
  }

  /** Card step: done once a card is on file with a hold; a guest or staff call re-checks it at once. */
  async function card(stay: StayView, actor: Actor) {
    openStay(stay);
    if (!(await paymentsConfigured(stay.propertyId))) return;
    if (!(await cardHeld(stay))) throw new AppError('conflict', 'Save a card first: no card with a hold is on file for this stay.');
    const row = await deps.checkIns.find(stay.propertyId, stay.id);
    if (!row?.progress.card) await finishStep(stay, actor, 'card');
  }

  const staffActor = (staff: StaffPrincipal): Actor => ({ type: 'staff', id: staff.id });

  return {
    guestState,
    staffState,

    guest: {
      contact: (stay: StayView, patch: ContactUpdate) => contact(stay, { type: 'guest', stayId: stay.id }, patch),
      readId: (stay: StayView, upload: IdUpload) => readId(stay, { type: 'guest', stayId: stay.id }, upload),
      confirmId: (stay: StayView, fields: IdFields) => confirmId(stay, { type: 'guest', stayId: stay.id }, fields),
      sign: (stay: StayView, input: { signature: string; language?: string | undefined }) => sign(stay, { type: 'guest', stayId: stay.id }, input),
      card: (stay: StayView) => card(stay, { type: 'guest', stayId: stay.id }),
      arrival: (stay: StayView, input: ArrivalInput) => arrival(stay, { type: 'guest', stayId: stay.id }, input),
    },

    /** The same steps done at the desk for the guest. */
    staff: {
      contact: async (propertyId: string, stayId: string, staff: StaffPrincipal, patch: ContactUpdate) =>
        contact(await stayAt(propertyId, stayId), staffActor(staff), patch),
      readId: async (propertyId: string, stayId: string, staff: StaffPrincipal, upload: IdUpload) => {
        const read = await readId(await stayAt(propertyId, stayId), staffActor(staff), upload);
        // Staff saw the fields: that is a view of them like any other.
        await deps.audit.record({ propertyId, ...auditActor(staffActor(staff)), action: 'check_in.id_viewed', subjectType: 'stay', subjectId: stayId });
        return read;
      },
      confirmId: async (propertyId: string, stayId: string, staff: StaffPrincipal, fields: IdFields) =>
        confirmId(await stayAt(propertyId, stayId), staffActor(staff), fields),
      sign: async (propertyId: string, stayId: string, staff: StaffPrincipal, input: { signature: string; language?: string | undefined }) =>
        sign(await stayAt(propertyId, stayId), staffActor(staff), input),
      card: async (propertyId: string, stayId: string, staff: StaffPrincipal) => card(await stayAt(propertyId, stayId), staffActor(staff)),
      arrival: async (propertyId: string, stayId: string, staff: StaffPrincipal, input: ArrivalInput) =>
        arrival(await stayAt(propertyId, stayId), staffActor(staff), input),
    },

    /** What was read from the ID and confirmed, for staff; every call is in the audit log. */
    async idForStaff(propertyId: string, stayId: string, staff: StaffPrincipal) {
      await stayAt(propertyId, stayId);
      const row = await deps.checkIns.find(propertyId, stayId);
      const record = row ? open<IdRecord>(row.idSealed, row.idKeyId, stayId, 'id') : null;
      if (!row || !record) throw new AppError('not_found', 'No ID is on record for this stay.');
      await deps.audit.record({ propertyId, ...auditActor(staffActor(staff)), action: 'check_in.id_viewed', subjectType: 'stay', subjectId: stayId });
      return {
        kind: record.kind,
        provider: record.provider,
        flags: row.idFlags,
        warnings: record.warnings,
        read: readFields(record),
        confirmed: record.confirmed,
        reviewStatus: row.reviewStatus,
        reviewedBy: row.reviewedBy,
        reviewedAt: row.reviewedAt,
      };
    },

    /** The signed registration card (PDF) for printing; every download is in the audit log. */
    async registrationCard(propertyId: string, stayId: string, staff: StaffPrincipal) {
      const stay = await stayAt(propertyId, stayId);
      const row = await deps.checkIns.find(propertyId, stayId);
      const base64 = row ? open<string>(row.registrationSealed, row.registrationKeyId, stayId, 'registration') : null;
      if (!base64) throw new AppError('not_found', 'No signed registration card is on record for this stay.');
      await deps.audit.record({ propertyId, ...auditActor(staffActor(staff)), action: 'check_in.registration_card_downloaded', subjectType: 'stay', subjectId: stayId });
      return { filename: `registration-${stay.confirmationNumber}.pdf`, pdf: Buffer.from(base64, 'base64') };
    },

    async reviewQueue(propertyId: string) {
      return { items: await deps.checkIns.reviewQueue(propertyId) };
    },

    /** Staff looked at a flagged ID and accept it: who and when are recorded. */
    async approve(propertyId: string, stayId: string, staff: StaffPrincipal) {
      await stayAt(propertyId, stayId);
      await deps.db.transaction(async (tx) => {
        const row = await deps.checkIns.lock(tx, propertyId, stayId);
        if (row.reviewStatus !== 'pending') throw new AppError('conflict', 'This ID is not waiting for review.');
        await deps.checkIns.approve(tx, stayId, staff.id);
        await deps.audit.record(
          { propertyId, ...auditActor(staffActor(staff)), action: 'check_in.id_approved', subjectType: 'stay', subjectId: stayId, details: { flags: row.idFlags } },
          tx,
        );
        await deps.publish(tx, { propertyId, stayId, type: 'check_in.updated', subjectId: stayId });
      });
      return staffState(propertyId, stayId);
    },

    /** Step ticks of the arrivals of a day. */
    async arrivalsProgress(propertyId: string, date: string) {
      const settings = await settingsOf(propertyId);
      const offered = offeredSteps(settings.steps, await paymentsConfigured(propertyId));
      const rows = await deps.checkIns.findMany(propertyId, await deps.checkIns.arrivalsOn(propertyId, date));
      const byStay = new Map(rows.map((row) => [row.stayId, row]));
      return {
        date,
        steps: offered.map(({ step }) => step),
        stays: [...byStay.values()].map((row) => ({
          stayId: row.stayId,
          steps: offered.map(({ step, skipped }) => ({ step, status: (row.progress[step] ? 'done' : skipped ? 'skipped' : 'todo') as StepStatus })),
          completedAt: row.completedAt,
          reviewStatus: row.reviewStatus,
        })),
      };
    },

    async settings(propertyId: string) {
      const { defaultLanguage: _language, ...settings } = await settingsOf(propertyId);
      return { ...settings, paymentsConfigured: await paymentsConfigured(propertyId) };
    },

    async saveSettings(propertyId: string, staff: StaffPrincipal, input: CheckInSettingsInput) {
      await deps.db.transaction(async (tx) => {
        await deps.checkIns.saveSettings(propertyId, { ...input, steps: [...new Set(input.steps)] }, tx);
        await deps.audit.record(
          {
            propertyId,
            ...auditActor(staffActor(staff)),
            action: 'check_in.settings_updated',
            subjectType: 'property',
            subjectId: propertyId,
            details: { steps: input.steps, retentionDays: input.retentionDays, idImagesStored: input.idImagesStored, registrationCardKept: input.registrationCardKept, selfCheckIn: input.selfCheckIn, termsLanguages: Object.keys(input.registrationTerms) },
          },
          tx,
        );
      });
      return this.settings(propertyId);
    },

    /**
     * A room assigned to a stay checked in online (by the PMS or at the desk), or online check-in
     * finished for a stay with a room: the guest is told once, by email and on their open page;
     * with self check-in allowed, the stay is checked in at the PMS from its arrival day on.
     */
    async roomReady(propertyId: string, stayId: string): Promise<boolean> {
      const stay = await deps.stays.findById(propertyId, stayId);
      if (!stay) return false;
      const settings = await settingsOf(propertyId);
      const claimed = await deps.db.transaction(async (tx) => {
        const ready = await deps.checkIns.claimRoomReady(tx, propertyId, stayId);
        if (!ready) return undefined;
        await deps.planner.roomReady(tx, stay, ready.room);
        await deps.audit.record({ propertyId, actorType: 'system', action: 'check_in.room_ready', subjectType: 'stay', subjectId: stayId, details: { room: ready.room } }, tx);
        await deps.publish(tx, { propertyId, stayId, type: 'stay.room_ready', subjectId: stayId });
        return ready;
      });
      if (claimed && settings.selfCheckIn && claimed.status === 'reserved' && claimed.arrivalDate <= dayIn(stay.property.timeZone, deps.clock.now())) {
        await deps.checkIn(propertyId, stayId, { type: 'system' }, claimed.room);
      }
      return claimed !== undefined;
    },

    /** Empties what online check-in read (and, unless kept, the registration card) of stays past their retention. */
    async purgeExpired(): Promise<number> {
      const due = await deps.checkIns.purgeable(deps.clock.now());
      for (const row of due) {
        await deps.db.transaction(async (tx) => {
          await deps.checkIns.purge(tx, row.stayId, row.keepCard);
          await deps.audit.record(
            { propertyId: row.propertyId, actorType: 'system', action: 'check_in.purged', subjectType: 'stay', subjectId: row.stayId, details: { registrationCardKept: row.keepCard } },
            tx,
          );
        });
      }
      return due.length;
    },
  };
}

/** A drawn signature: a PNG by its bytes, decoded and written again without metadata (so it embeds in the PDF as drawn). */
async function cleanSignature(base64: string): Promise<Buffer> {
  const bytes = Buffer.from(base64.replace(/^data:image\/png;base64,/, ''), 'base64');
  if (bytes.length === 0) throw fieldError('body.signature', 'Sign in the box first.');
  if (bytes.length > SIGNATURE_MAX_BYTES) throw fieldError('body.signature', 'The signature picture is too large.');
  if (pictureFormat(bytes) !== 'png') throw fieldError('body.signature', 'The signature must be a PNG picture.');
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    // A blank canvas is no signature: at least a few pixels must be drawn (not fully transparent, not white).
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 32 && data[i]! + data[i + 1]! + data[i + 2]! < 600) drawn += 1;
    if (drawn < 20) throw fieldError('body.signature', 'Sign in the box first.');
    return await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fieldError('body.signature', 'The signature picture could not be opened.');
  }
}

export type CheckInService = ReturnType<typeof createCheckInService>;
