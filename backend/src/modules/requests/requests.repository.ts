import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { propertyDayEnd, propertyDayStart } from '../../db/property-day.js';
import {
  guests,
  propertySettings,
  requestCategories,
  requestNotes,
  serviceRequests,
  staffPropertyAccess,
  staffUsers,
  stays,
} from '../../db/drizzle/schema.js';
import type { Department } from '../../domain/department.js';
import { openStatuses, type RequestStatus } from './request-transitions.js';

const requestView = {
  id: serviceRequests.id,
  propertyId: serviceRequests.propertyId,
  stayId: serviceRequests.stayId,
  department: serviceRequests.department,
  category: { code: requestCategories.code, name: requestCategories.name },
  items: sql<string[]>`${serviceRequests.items}`,
  note: serviceRequests.note,
  preferredTime: serviceRequests.preferredTime,
  status: serviceRequests.status,
  assignee: { id: staffUsers.id, name: staffUsers.name },
  createdByType: serviceRequests.createdByType,
  dueAt: serviceRequests.dueAt,
  overdueAt: serviceRequests.overdueAt,
  acknowledgedAt: serviceRequests.acknowledgedAt,
  startedAt: serviceRequests.startedAt,
  completedAt: serviceRequests.completedAt,
  cancelledAt: serviceRequests.cancelledAt,
  cancelReason: serviceRequests.cancelReason,
  createdAt: serviceRequests.createdAt,
  updatedAt: serviceRequests.updatedAt,
  stay: { room: stays.room, confirmationNumber: stays.confirmationNumber, guestLastName: guests.lastName },
};

export type RequestView = {
  id: string;
  propertyId: string;
  stayId: string;
  department: Department;
  category: { code: string; name: string };
  items: string[];
  note: string | null;
  preferredTime: Date | null;
  status: RequestStatus;
  assignee: { id: string; name: string } | null;
  createdByType: string;
  dueAt: Date;
  overdueAt: Date | null;
  acknowledgedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  stay: { room: string | null; confirmationNumber: string; guestLastName: string };
};

export interface RequestListFilter {
  departments: readonly Department[];
  statuses?: readonly RequestStatus[] | undefined;
  stayId?: string | undefined;
  /** Days (YYYY-MM-DD) in the property's time zone, both included. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

export type RequestRow = typeof serviceRequests.$inferSelect;
export type CategoryRow = typeof requestCategories.$inferSelect;
export type CategoryTexts = Pick<CategoryRow, 'name' | 'labels'>;
export type RequestPatch = Partial<
  Pick<RequestRow, 'status' | 'assignedTo' | 'acknowledgedAt' | 'startedAt' | 'completedAt' | 'cancelledAt' | 'cancelReason' | 'overdueAt'>
>;

export function createRequestsRepository(db: Database) {
  const selectViews = (executor: Executor) =>
    executor
      .select(requestView)
      .from(serviceRequests)
      .innerJoin(requestCategories, eq(requestCategories.id, serviceRequests.categoryId))
      .innerJoin(stays, eq(stays.id, serviceRequests.stayId))
      .innerJoin(guests, eq(guests.id, stays.guestId))
      .leftJoin(staffUsers, eq(staffUsers.id, serviceRequests.assignedTo));

  const selectAssignees = (executor: Executor, propertyId: string, condition?: SQL) =>
    executor
      .select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
      .from(staffUsers)
      .innerJoin(staffPropertyAccess, eq(staffPropertyAccess.staffId, staffUsers.id))
      .where(and(eq(staffUsers.active, true), eq(staffPropertyAccess.propertyId, propertyId), condition));

  return {
    /** The property's active categories, with the property's default language (their labels fall back to it). */
    async listCategories(propertyId: string): Promise<{ categories: CategoryRow[]; defaultLanguage: string | null }> {
      const rows = await db
        .select({ category: requestCategories, defaultLanguage: propertySettings.defaultLanguage })
        .from(requestCategories)
        .leftJoin(propertySettings, eq(propertySettings.propertyId, requestCategories.propertyId))
        .where(and(eq(requestCategories.propertyId, propertyId), eq(requestCategories.active, true)))
        .orderBy(asc(requestCategories.sortOrder), asc(requestCategories.code));
      return { categories: rows.map((row) => row.category), defaultLanguage: rows[0]?.defaultLanguage ?? null };
    },

    async findCategory(propertyId: string, code: string, tx: Executor = db): Promise<CategoryRow | undefined> {
      const [row] = await tx
        .select()
        .from(requestCategories)
        .where(and(eq(requestCategories.propertyId, propertyId), eq(requestCategories.code, code), eq(requestCategories.active, true)));
      return row;
    },

    async findStay(propertyId: string, stayId: string): Promise<{ id: string; status: string } | undefined> {
      const [row] = await db
        .select({ id: stays.id, status: stays.status })
        .from(stays)
        .where(and(eq(stays.propertyId, propertyId), eq(stays.id, stayId)));
      return row;
    },

    async insert(values: typeof serviceRequests.$inferInsert, tx: Executor = db): Promise<RequestRow> {
      const [row] = await tx.insert(serviceRequests).values(values).returning();
      return row!;
    },

    /** The request locked for a status change, so two staff acting at once are serialized. */
    async findForUpdate(propertyId: string, requestId: string, tx: Executor): Promise<RequestRow | undefined> {
      const [row] = await tx
        .select()
        .from(serviceRequests)
        .where(and(eq(serviceRequests.propertyId, propertyId), eq(serviceRequests.id, requestId)))
        .for('update');
      return row;
    },

    async update(requestId: string, patch: RequestPatch, tx: Executor): Promise<RequestRow> {
      const [row] = await tx
        .update(serviceRequests)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(serviceRequests.id, requestId))
        .returning();
      return row!;
    },

    async findView(propertyId: string, requestId: string, tx: Executor = db): Promise<RequestView | undefined> {
      const [row] = await selectViews(tx).where(and(eq(serviceRequests.propertyId, propertyId), eq(serviceRequests.id, requestId)));
      return row;
    },

    async listForStay(stayId: string): Promise<RequestView[]> {
      return selectViews(db).where(eq(serviceRequests.stayId, stayId)).orderBy(desc(serviceRequests.createdAt));
    },

    async listForProperty(propertyId: string, filter: RequestListFilter): Promise<RequestView[]> {
      return selectViews(db)
        .where(
          and(
            eq(serviceRequests.propertyId, propertyId),
            inArray(serviceRequests.department, [...filter.departments]),
            filter.statuses ? inArray(serviceRequests.status, [...filter.statuses]) : undefined,
            filter.stayId ? eq(serviceRequests.stayId, filter.stayId) : undefined,
            filter.from ? gte(serviceRequests.createdAt, propertyDayStart(propertyId, filter.from)) : undefined,
            filter.to ? lt(serviceRequests.createdAt, propertyDayEnd(propertyId, filter.to)) : undefined,
          ),
        )
        .orderBy(desc(serviceRequests.createdAt))
        .limit(filter.limit);
    },

    /** An active staff user with access to the property, as a possible assignee. */
    async findAssignee(propertyId: string, staffId: string, tx: Executor = db) {
      const [row] = await selectAssignees(tx, propertyId, eq(staffUsers.id, staffId));
      return row;
    },

    /** Every active staff user with access to the property, by name. */
    async listAssignees(propertyId: string) {
      return selectAssignees(db, propertyId).orderBy(asc(staffUsers.name));
    },

    async insertNote(values: { propertyId: string; requestId: string; staffId: string; body: string }, tx: Executor = db) {
      const [row] = await tx.insert(requestNotes).values(values).returning();
      return row!;
    },

    async listNotes(requestId: string) {
      return db
        .select({ id: requestNotes.id, body: requestNotes.body, createdAt: requestNotes.createdAt, author: { id: staffUsers.id, name: staffUsers.name } })
        .from(requestNotes)
        .innerJoin(staffUsers, eq(staffUsers.id, requestNotes.staffId))
        .where(eq(requestNotes.requestId, requestId))
        .orderBy(asc(requestNotes.createdAt));
    },

    /**
     * Stamps overdue_at on up to `limit` open requests past due that have none yet. SKIP LOCKED
     * lets two scheduler runs overlap without waiting on or double-marking each other's rows.
     */
    async markOverdue(now: Date, limit: number, tx: Executor) {
      const due = tx
        .select({ id: serviceRequests.id })
        .from(serviceRequests)
        .where(and(inArray(serviceRequests.status, [...openStatuses]), isNull(serviceRequests.overdueAt), lte(serviceRequests.dueAt, now)))
        .orderBy(asc(serviceRequests.dueAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return tx
        .update(serviceRequests)
        .set({ overdueAt: now, updatedAt: sql`now()` })
        .where(inArray(serviceRequests.id, due))
        .returning({
          id: serviceRequests.id,
          propertyId: serviceRequests.propertyId,
          stayId: serviceRequests.stayId,
          categoryId: serviceRequests.categoryId,
          department: serviceRequests.department,
          status: serviceRequests.status,
        });
    },

    /** Each category's base name and per-language labels, by id. */
    async categoryTexts(ids: string[], tx: Executor = db): Promise<Map<string, CategoryTexts>> {
      if (ids.length === 0) return new Map();
      const rows = await tx
        .select({ id: requestCategories.id, name: requestCategories.name, labels: requestCategories.labels })
        .from(requestCategories)
        .where(inArray(requestCategories.id, ids));
      return new Map(rows.map(({ id, ...texts }) => [id, texts]));
    },
  };
}

export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
