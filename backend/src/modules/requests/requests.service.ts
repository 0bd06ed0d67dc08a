import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { guestLanguageOf, type GuestLanguage } from '../../lib/languages.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import type { AuditEntry, AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { Department } from '../../domain/department.js';
import type { notificationPlanner, RequestFacts } from '../notifications/notification-planner.js';
import { canSeeDepartment, stayDepartments, visibleDepartments } from './department-access.js';
import { nextStatus, type RequestAction, type RequestStatus } from './request-transitions.js';
import { categoryLabel } from './category-labels.js';
import { queueRequestNoteAssessment } from '../concierge/request-note-job.js';
import type { CategoryTexts, RequestPatch, RequestRow, RequestsRepository, RequestView } from './requests.repository.js';

export interface NewRequest {
  category: string;
  items?: string[] | undefined;
  note?: string | undefined;
  preferredTime?: string | undefined;
}

export interface StaffAction {
  action: RequestAction;
  assigneeId?: string | undefined;
  reason?: string | undefined;
}

export interface StaffRequestQuery {
  status?: RequestStatus[] | undefined;
  department?: Department | undefined;
  stayId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

type Actor = { type: 'guest'; stayId: string } | { type: 'staff'; staff: StaffPrincipal } | { type: 'system' };

/** What a guest sees of a request: no assignee, no internal notes, no bookkeeping. */
export type GuestRequestView = ReturnType<typeof toGuestView>;

const CLOSED_STAYS = new Set(['checked_out', 'cancelled', 'no_show']);
const OVERDUE_BATCH = 200;

/** Audit action and realtime event type per action, in the past tense. */
const happened = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  start: 'started',
  complete: 'completed',
  cancel: 'cancelled',
} as const satisfies Record<RequestAction, string>;

const invalidField = (field: string, message: string) =>
  new AppError('validation_failed', `Invalid request: ${field}.`, { details: [{ field, message }] });
const requestNotFound = () => new AppError('not_found', 'No such request.');

function toGuestView(request: RequestView) {
  return {
    id: request.id,
    category: request.category,
    department: request.department,
    items: request.items,
    note: request.note,
    preferredTime: request.preferredTime,
    status: request.status,
    dueAt: request.dueAt,
    createdAt: request.createdAt,
    acknowledgedAt: request.acknowledgedAt,
    completedAt: request.completedAt,
    cancelledAt: request.cancelledAt,
  };
}

function auditActor(actor: Actor): Pick<AuditEntry, 'actorType' | 'actorId'> {
  if (actor.type === 'guest') return { actorType: 'guest', actorId: actor.stayId };
  if (actor.type === 'staff') return { actorType: 'staff', actorId: actor.staff.id };
  return { actorType: 'system', actorId: null };
}

export function createRequestsService(deps: {
  db: Database;
  requests: RequestsRepository;
  audit: AuditRepository;
  planner: Pick<typeof notificationPlanner, 'requestCreated' | 'requestStatusChanged' | 'requestOverdue'>;
  publish: PublishEvent;
  clock: Clock;
}) {
  const facts = (row: Pick<RequestRow, 'id' | 'propertyId' | 'stayId' | 'department' | 'status'>, category: CategoryTexts | undefined): RequestFacts => ({
    id: row.id,
    propertyId: row.propertyId,
    stayId: row.stayId,
    department: row.department,
    category: category ?? { name: '', labels: {} },
    status: row.status,
  });

  async function view(propertyId: string, requestId: string): Promise<RequestView> {
    const found = await deps.requests.findView(propertyId, requestId);
    if (!found) throw requestNotFound();
    return found;
  }

  async function listCategories(propertyId: string, nameOf: (row: CategoryTexts, defaultLanguage: GuestLanguage) => string) {
    const { categories, defaultLanguage } = await deps.requests.listCategories(propertyId);
    const fallback = guestLanguageOf(defaultLanguage) ?? 'en';
    return categories.map((row) => ({
      code: row.code,
      name: nameOf(row, fallback),
      department: row.department,
      slaMinutes: row.slaMinutes,
      items: row.items as string[],
    }));
  }

  /** Validates against the category, then writes the request, its audit entry, notifications and event in one transaction. */
  async function create(stay: { id: string; propertyId: string; status: string }, input: NewRequest, actor: Actor): Promise<RequestView> {
    if (CLOSED_STAYS.has(stay.status)) throw new AppError('conflict', 'This stay is closed; requests can no longer be made.');
    const category = await deps.requests.findCategory(stay.propertyId, input.category);
    if (!category) throw invalidField('body.category', `Unknown category "${input.category}".`);
    const offered = category.items as string[];
    const items = [...new Set(input.items ?? [])];
    const unknown = items.filter((item) => !offered.includes(item));
    if (unknown.length > 0) {
      const choices = offered.length > 0 ? `Choose from: ${offered.join(', ')}.` : 'This category takes no items.';
      throw invalidField('body.items', `Not offered for ${category.name}: ${unknown.join(', ')}. ${choices}`);
    }
    const now = deps.clock.now();
    const id = await deps.db.transaction(async (tx) => {
      const row = await deps.requests.insert(
        {
          propertyId: stay.propertyId,
          stayId: stay.id,
          categoryId: category.id,
          department: category.department,
          items,
          note: input.note ?? null,
          preferredTime: input.preferredTime ? new Date(input.preferredTime) : null,
          createdByType: actor.type,
          createdById: actor.type === 'staff' ? actor.staff.id : actor.type === 'guest' ? actor.stayId : null,
          dueAt: new Date(now.getTime() + category.slaMinutes * 60_000),
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await deps.audit.record(
        {
          propertyId: row.propertyId,
          ...auditActor(actor),
          action: 'request.created',
          subjectType: 'service_request',
          subjectId: row.id,
          details: { category: category.code, stayId: row.stayId },
        },
        tx,
      );
      await deps.planner.requestCreated(tx, facts(row, category));
      if (actor.type === 'guest' && row.note) await queueRequestNoteAssessment(tx, row.propertyId, row.id);
      await deps.publish(tx, { propertyId: row.propertyId, stayId: row.stayId, department: row.department, type: 'request.created', subjectId: row.id });
      return row.id;
    });
    return view(stay.propertyId, id);
  }

  /**
   * Moves a request along the transition table under a row lock. `visible` decides whether the
   * actor may touch this request at all; a request they may not see is reported as missing.
   */
  async function transition(
    propertyId: string,
    requestId: string,
    actor: Actor,
    visible: (row: RequestRow) => boolean,
    change: StaffAction,
  ): Promise<void> {
    if (change.action === 'assign' && !change.assigneeId) throw invalidField('body.assigneeId', 'Required to assign.');
    await deps.db.transaction(async (tx) => {
      const row = await deps.requests.findForUpdate(propertyId, requestId, tx);
      if (!row || !visible(row)) throw requestNotFound();
      const next = nextStatus(row.status, change.action);
      if (!next) {
        throw new AppError('conflict', `A ${row.status.replace('_', ' ')} request cannot be ${happened[change.action]}.`, {
          details: { status: row.status, action: change.action },
        });
      }
      if (change.action === 'assign') await assertAssignable(tx, propertyId, change.assigneeId!, row.department);
      const now = deps.clock.now();
      const patch: RequestPatch = { status: next };
      if (change.action === 'assign') patch.assignedTo = change.assigneeId!;
      if (row.status === 'new' && next !== 'cancelled') patch.acknowledgedAt = now;
      if (next === 'in_progress' && row.status !== 'in_progress') patch.startedAt = now;
      if (next === 'completed') patch.completedAt = now;
      if (next === 'cancelled') Object.assign(patch, { cancelledAt: now, cancelReason: change.reason ?? null });
      const updated = await deps.requests.update(row.id, patch, tx);
      await recordChange(tx, row, updated, actor, change);
    });
  }

  async function assertAssignable(tx: Executor, propertyId: string, staffId: string, department: Department) {
    const assignee = await deps.requests.findAssignee(propertyId, staffId, tx);
    if (!assignee) throw invalidField('body.assigneeId', 'No active staff user with access to this property.');
    if (!canSeeDepartment(assignee.role, department)) throw invalidField('body.assigneeId', `This user does not work the ${department} queue.`);
  }

  async function recordChange(tx: Executor, before: RequestRow, after: RequestRow, actor: Actor, change: StaffAction) {
    const type = `request.${happened[change.action]}` as const;
    await deps.audit.record(
      {
        propertyId: after.propertyId,
        ...auditActor(actor),
        action: type,
        subjectType: 'service_request',
        subjectId: after.id,
        details: { from: before.status, to: after.status, ...(change.assigneeId ? { assigneeId: change.assigneeId } : {}), ...(change.reason ? { reason: change.reason } : {}) },
      },
      tx,
    );
    const category = (await deps.requests.categoryTexts([after.categoryId], tx)).get(after.categoryId);
    if (before.status === 'new' && (after.status === 'acknowledged' || after.status === 'in_progress')) {
      await deps.planner.requestStatusChanged(tx, facts(after, category), 'acknowledged');
    }
    if (after.status === 'completed') await deps.planner.requestStatusChanged(tx, facts(after, category), 'completed');
    await deps.publish(tx, { propertyId: after.propertyId, stayId: after.stayId, department: after.department, type, subjectId: after.id });
  }

  return {
    /** The property's categories under their base names, as staff know them. */
    async categories(propertyId: string) {
      return listCategories(propertyId, (row) => row.name);
    },

    /** The categories for a guest, each named in `language` (else the property's default language, else its base name). */
    async categoriesForGuest(stay: { propertyId: string }, language: GuestLanguage | undefined) {
      return listCategories(stay.propertyId, (row, defaultLanguage) => categoryLabel(row, language ?? defaultLanguage, defaultLanguage));
    },

    async createForGuest(stay: { id: string; propertyId: string; status: string }, input: NewRequest) {
      return toGuestView(await create(stay, input, { type: 'guest', stayId: stay.id }));
    },

    async listForGuest(stay: { id: string }) {
      return (await deps.requests.listForStay(stay.id)).map(toGuestView);
    },

    /** A guest cancels one of their own open requests; another stay's request does not exist for them. */
    async cancelByGuest(stay: { id: string; propertyId: string }, requestId: string) {
      await transition(stay.propertyId, requestId, { type: 'guest', stayId: stay.id }, (row) => row.stayId === stay.id, {
        action: 'cancel',
        reason: 'Cancelled by the guest',
      });
      return toGuestView(await view(stay.propertyId, requestId));
    },

    async createForStaff(propertyId: string, stayId: string, staff: StaffPrincipal, input: NewRequest) {
      const stay = await deps.requests.findStay(propertyId, stayId);
      if (!stay) throw new AppError('not_found', 'No such stay at this property.');
      return create({ ...stay, propertyId }, input, { type: 'staff', staff });
    },

    /**
     * Staff queue: only the departments the role sees; asking for another department is refused.
     * One stay's requests are the exception: the front office, who answer the guest at the desk,
     * see every department's (acting on them still needs the department).
     */
    async listForStaff(propertyId: string, staff: StaffPrincipal, query: StaffRequestQuery) {
      const visible = query.stayId ? stayDepartments(staff.role) : visibleDepartments(staff.role);
      if (query.department && !visible.includes(query.department)) {
        throw new AppError('forbidden', `Your role does not see the ${query.department} queue.`);
      }
      return deps.requests.listForProperty(propertyId, {
        departments: query.department ? [query.department] : visible,
        statuses: query.status,
        stayId: query.stayId,
        from: query.from,
        to: query.to,
        limit: query.limit,
      });
    },

    /**
     * Colleagues a request can be assigned to: the active staff of the property who work the
     * department's queue (or, without one, any queue the caller sees), as `act` would accept them.
     */
    async assignees(propertyId: string, staff: StaffPrincipal, department: Department | undefined) {
      const wanted = department ? [department] : visibleDepartments(staff.role);
      if (!wanted.every((name) => canSeeDepartment(staff.role, name))) throw new AppError('forbidden', `Your role does not see the ${department} queue.`);
      const everyone = await deps.requests.listAssignees(propertyId);
      return everyone.filter((person) => wanted.some((name) => canSeeDepartment(person.role, name)));
    },

    async detailForStaff(propertyId: string, staff: StaffPrincipal, requestId: string) {
      const request = await view(propertyId, requestId);
      if (!canSeeDepartment(staff.role, request.department)) throw requestNotFound();
      return { ...request, notes: await deps.requests.listNotes(requestId) };
    },

    async act(propertyId: string, staff: StaffPrincipal, requestId: string, change: StaffAction) {
      await transition(propertyId, requestId, { type: 'staff', staff }, (row) => canSeeDepartment(staff.role, row.department), change);
      return view(propertyId, requestId);
    },

    /** Internal notes: staff only, never in guest views, and their event carries no stay so guest streams skip it. */
    async addNote(propertyId: string, staff: StaffPrincipal, requestId: string, body: string) {
      const request = await view(propertyId, requestId);
      if (!canSeeDepartment(staff.role, request.department)) throw requestNotFound();
      return deps.db.transaction(async (tx) => {
        const note = await deps.requests.insertNote({ propertyId, requestId, staffId: staff.id, body }, tx);
        await deps.audit.record(
          { propertyId, actorType: 'staff', actorId: staff.id, action: 'request.note_added', subjectType: 'service_request', subjectId: requestId, details: { noteId: note.id } },
          tx,
        );
        await deps.publish(tx, { propertyId, department: request.department, type: 'request.note_added', subjectId: requestId });
        return { id: note.id, body: note.body, createdAt: note.createdAt, author: { id: staff.id, name: staff.name } };
      });
    },

    /**
     * Marks open requests past their due time, once each (overdue_at), alerting the department's
     * managers and staff screens in the same transaction. Safe to run again and concurrently.
     */
    async markOverdue(): Promise<number> {
      const now = deps.clock.now();
      let marked = 0;
      for (;;) {
        const batch = await deps.db.transaction(async (tx) => {
          const rows = await deps.requests.markOverdue(now, OVERDUE_BATCH, tx);
          const categories = await deps.requests.categoryTexts([...new Set(rows.map((row) => row.categoryId))], tx);
          for (const row of rows) {
            await deps.audit.record(
              { propertyId: row.propertyId, actorType: 'system', action: 'request.overdue', subjectType: 'service_request', subjectId: row.id, details: {} },
              tx,
            );
            await deps.planner.requestOverdue(tx, facts(row, categories.get(row.categoryId)));
            await deps.publish(tx, { propertyId: row.propertyId, department: row.department, type: 'request.overdue', subjectId: row.id });
          }
          return rows.length;
        });
        marked += batch;
        if (batch < OVERDUE_BATCH) return marked;
      }
    },
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
