import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  guests,
  notifications,
  properties,
  propertySettings,
  staffPropertyAccess,
  staffUsers,
  stays,
} from '../../db/drizzle/schema.js';
import { enqueueJob } from '../../jobs/queue.js';
import { guestLanguageOf } from '../../lib/languages.js';
import type { Department } from '../../domain/department.js';
import type { StaffRole } from '../auth/staff.repository.js';
import { categoryLabel } from '../requests/category-labels.js';

export const DELIVER_NOTIFICATION_TASK = 'deliver_notification';

export type NotificationType =
  | 'request.created'
  | 'request.acknowledged'
  | 'request.completed'
  | 'request.overdue'
  | 'stay.pre_arrival'
  | 'stay.sign_in_link'
  | 'stay.receipt'
  | 'stay.room_ready'
  | 'spa.booked'
  | 'spa.reminder';

/** One line of a receipt: a charge or a payment as the PMS's folio has it. */
export interface ReceiptLine {
  date: string;
  description: string;
  amountMinor: number;
}

/** The itemised folio mailed to a guest who checked out: amounts in minor units of `currency`. */
export interface Receipt {
  currency: string;
  charges: ReceiptLine[];
  payments: ReceiptLine[];
  /** Tips the guest gave with their payments (already among the charges). */
  tipMinor: number;
  chargesMinor: number;
  paidMinor: number;
  balanceMinor: number;
}

/** Who works each department's queue, and who manages it. */
export const departmentRoles: Record<Department, { staff: StaffRole[]; managers: StaffRole[] }> = {
  housekeeping: { staff: ['housekeeping'], managers: ['manager'] },
  maintenance: { staff: ['maintenance'], managers: ['manager'] },
  front_desk: { staff: ['front_desk'], managers: ['manager'] },
  concierge: { staff: ['concierge', 'front_desk'], managers: ['manager'] },
  spa: { staff: ['spa'], managers: ['manager'] },
};

export interface RequestFacts {
  id: string;
  propertyId: string;
  stayId: string;
  department: Department;
  /** The base name (staff read it) and the per-language labels (the guest reads theirs). */
  category: { name: string; labels: unknown };
  status: string;
}

interface Planned {
  propertyId: string;
  stayId: string | null;
  type: NotificationType;
  channel: 'email' | 'sms' | 'push';
  recipient: string;
  language: string;
  payload: Record<string, unknown>;
  /** The event this notification is about; with recipient and channel it makes the idempotency key. */
  eventKey: string;
}

/** What a guest's spa email names: the treatment and its start (ISO), for the booking's stay. */
export interface SpaEmailFacts {
  id: string;
  propertyId: string;
  stayId: string;
  treatment: string;
  startsAt: string;
}

/**
 * Decides who is told what, and writes the outbox rows plus their delivery jobs in the caller's
 * transaction. The idempotency key is unique per (event, recipient, channel), so planning the same
 * event twice queues nothing new.
 */
export async function queueNotifications(tx: Executor, planned: Planned[]): Promise<number> {
  if (planned.length === 0) return 0;
  const rows = await tx
    .insert(notifications)
    .values(
      planned.map(({ eventKey, ...rest }) => ({
        ...rest,
        idempotencyKey: `${eventKey}:${rest.channel}:${rest.recipient}`,
      })),
    )
    .onConflictDoNothing({ target: notifications.idempotencyKey })
    .returning({ id: notifications.id });
  for (const row of rows) {
    await enqueueJob(tx, DELIVER_NOTIFICATION_TASK, { notificationId: row.id }, { jobKey: `notification:${row.id}` });
  }
  return rows.length;
}

async function staffEmails(tx: Executor, propertyId: string, roles: StaffRole[]) {
  return tx
    .select({ id: staffUsers.id, email: staffUsers.email })
    .from(staffUsers)
    .innerJoin(staffPropertyAccess, eq(staffPropertyAccess.staffId, staffUsers.id))
    .where(and(eq(staffPropertyAccess.propertyId, propertyId), eq(staffUsers.active, true), inArray(staffUsers.role, roles)));
}

async function guestContact(tx: Executor, stayId: string) {
  const [row] = await tx
    .select({
      email: guests.email,
      phone: guests.phone,
      firstName: guests.firstName,
      // The guest's own language (from the PMS, or as chosen in the guest app), else the hotel's.
      language: sql<string | null>`coalesce(${guests.language}, ${propertySettings.defaultLanguage})`,
      defaultLanguage: propertySettings.defaultLanguage,
      propertyName: properties.name,
    })
    .from(stays)
    .innerJoin(guests, eq(guests.id, stays.guestId))
    .innerJoin(properties, eq(properties.id, stays.propertyId))
    .leftJoin(propertySettings, eq(propertySettings.propertyId, stays.propertyId))
    .where(eq(stays.id, stayId));
  return row;
}

const requestPayload = (request: RequestFacts, categoryName = request.category.name) => ({ requestId: request.id, category: categoryName, department: request.department });

/** An email about a request to every active staff user of the property with one of `roles`. */
async function emailStaff(tx: Executor, request: RequestFacts, roles: StaffRole[], type: 'request.created' | 'request.overdue') {
  const recipients = await staffEmails(tx, request.propertyId, roles);
  return queueNotifications(
    tx,
    recipients.map((staff) => ({
      propertyId: request.propertyId,
      stayId: request.stayId,
      type,
      channel: 'email' as const,
      recipient: staff.email,
      language: 'en',
      payload: requestPayload(request),
      eventKey: `request:${request.id}:${type.slice('request.'.length)}`,
    })),
  );
}

/** One email to the stay's guest, in the guest's language, when the guest gave an address. */
async function emailGuest(
  tx: Executor,
  stay: { id: string; propertyId: string },
  type: 'stay.pre_arrival' | 'stay.receipt' | 'stay.room_ready' | 'spa.booked' | 'spa.reminder',
  eventKey: string,
  payload: Record<string, unknown> = {},
) {
  const guest = await guestContact(tx, stay.id);
  if (!guest?.email) return 0;
  return queueNotifications(tx, [
    {
      propertyId: stay.propertyId,
      stayId: stay.id,
      type,
      channel: 'email',
      recipient: guest.email,
      language: guest.language ?? 'en',
      payload: { firstName: guest.firstName, propertyName: guest.propertyName, ...payload },
      eventKey,
    },
  ]);
}

export const notificationPlanner = {
  /** New request: everyone who works the department's queue gets an email. */
  async requestCreated(tx: Executor, request: RequestFacts) {
    return emailStaff(tx, request, departmentRoles[request.department].staff, 'request.created');
  },

  /** Acknowledged or completed: the guest hears about it by email (and SMS when they gave a phone). */
  async requestStatusChanged(tx: Executor, request: RequestFacts, status: 'acknowledged' | 'completed') {
    const guest = await guestContact(tx, request.stayId);
    if (!guest) return 0;
    const defaultLanguage = guestLanguageOf(guest.defaultLanguage) ?? 'en';
    const categoryName = categoryLabel(request.category, guestLanguageOf(guest.language) ?? defaultLanguage, defaultLanguage);
    const base = {
      propertyId: request.propertyId,
      stayId: request.stayId,
      type: `request.${status}` as const,
      language: guest.language ?? 'en',
      payload: { ...requestPayload(request, categoryName), firstName: guest.firstName, propertyName: guest.propertyName },
      eventKey: `request:${request.id}:${status}`,
    };
    const planned: Planned[] = [];
    if (guest.email) planned.push({ ...base, channel: 'email', recipient: guest.email });
    if (guest.phone) planned.push({ ...base, channel: 'sms', recipient: guest.phone });
    return queueNotifications(tx, planned);
  },

  /** Overdue: the department's managers are alerted once. */
  async requestOverdue(tx: Executor, request: RequestFacts) {
    return emailStaff(tx, request, departmentRoles[request.department].managers, 'request.overdue');
  },

  /** Pre-arrival email with the guest's personal sign-in link, once per stay. */
  async preArrival(tx: Executor, stay: { id: string; propertyId: string }) {
    return emailGuest(tx, stay, 'stay.pre_arrival', `stay:${stay.id}:pre_arrival`);
  },

  /** The receipt with the itemised folio for a guest who has checked out, once per stay. */
  async receipt(tx: Executor, stay: { id: string; propertyId: string }, receipt: Receipt) {
    return emailGuest(tx, stay, 'stay.receipt', `stay:${stay.id}:receipt`, { receipt });
  },

  /** "Your room is ready" to a guest checked in online, once per stay. */
  async roomReady(tx: Executor, stay: { id: string; propertyId: string }, room: string) {
    return emailGuest(tx, stay, 'stay.room_ready', `stay:${stay.id}:room_ready`, { room });
  },

  /** The spa booking's confirmation, once per booking. */
  async spaBooked(tx: Executor, booking: SpaEmailFacts) {
    return emailGuest(tx, { id: booking.stayId, propertyId: booking.propertyId }, 'spa.booked', `spa:${booking.id}:booked`, { treatment: booking.treatment, startsAt: booking.startsAt });
  },

  /** The reminder before the appointment, once per booking. */
  async spaReminder(tx: Executor, booking: SpaEmailFacts) {
    return emailGuest(tx, { id: booking.stayId, propertyId: booking.propertyId }, 'spa.reminder', `spa:${booking.id}:reminder`, { treatment: booking.treatment, startsAt: booking.startsAt });
  },

  /**
   * A sign-in link for a guest whose lookup came past the failure limits: by email, else by SMS.
   * `period` names the current limit window, so each stay gets at most one per window however
   * often its details are entered.
   */
  async signInLink(tx: Executor, stay: { id: string; propertyId: string }, period: string) {
    const guest = await guestContact(tx, stay.id);
    const [channel, recipient] = guest?.email ? (['email', guest.email] as const) : guest?.phone ? (['sms', guest.phone] as const) : [];
    if (!guest || !channel || !recipient) return 0;
    return queueNotifications(tx, [
      {
        propertyId: stay.propertyId,
        stayId: stay.id,
        type: 'stay.sign_in_link',
        channel,
        recipient,
        language: guest.language ?? 'en',
        payload: { firstName: guest.firstName, propertyName: guest.propertyName },
        eventKey: `stay:${stay.id}:sign_in_link:${period}`,
      },
    ]);
  },
};

