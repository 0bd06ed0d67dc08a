import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const staffRole = pgEnum('staff_role', [
  'admin',
  'manager',
  'front_desk',
  'housekeeping',
  'maintenance',
  'spa',
  'concierge',
]);

export const stayStatus = pgEnum('stay_status', [
  'reserved',
  'checked_in',
  'checked_out',
  'cancelled',
  'no_show',
]);

export const properties = pgTable('properties', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  currency: text('currency').notNull(),
  /** The hotel information guests see and the concierge answers from (shape: modules/properties/hotel-information.ts). */
  hotelFacts: jsonb('hotel_facts').notNull().default({}),
  createdAt: createdAt(),
});

export const staffUsers = pgTable('staff_users', {
  id: id(),
  /** Stored lower-cased; unique across the installation (staff may work at several properties). */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  name: text('name').notNull(),
  role: staffRole('role').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const staffPropertyAccess = pgTable(
  'staff_property_access',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.propertyId] }), index('staff_property_access_property_idx').on(t.propertyId)],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: id(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

export const guests = pgTable(
  'guests',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    firstName: text('first_name'),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    address: jsonb('address'),
    /** The payments provider's customer for this guest (Stripe `cus_…`), made the first time they save a card. */
    paymentsCustomerId: text('payments_customer_id'),
    nationality: text('nationality'),
    /**
     * The guest's language (ISO 639-1, one the guest app speaks): from the PMS when it records one,
     * then as the guest chooses it in the guest app. Guest messages are written in it.
     */
    language: text('language'),
    dateOfBirth: date('date_of_birth'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('guests_property_idx').on(t.propertyId)],
);

export const stays = pgTable(
  'stays',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    pmsReservationId: text('pms_reservation_id').notNull(),
    confirmationNumber: text('confirmation_number').notNull(),
    guestId: uuid('guest_id')
      .notNull()
      .references(() => guests.id),
    arrivalDate: date('arrival_date').notNull(),
    departureDate: date('departure_date').notNull(),
    room: text('room'),
    status: stayStatus('status').notNull().default('reserved'),
    adults: smallint('adults').notNull().default(1),
    children: smallint('children').notNull().default(0),
    /**
     * Late check-out granted by the desk (property time, HH:MM) on the departure day; null: the
     * hotel's check-out time. Ours, not the PMS's (its ports know dates only); cleared when the
     * departure date changes, since it was granted for that day.
     */
    lateCheckOut: text('late_check_out'),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('stays_property_confirmation_uq').on(t.propertyId, t.confirmationNumber),
    uniqueIndex('stays_property_pms_reservation_uq').on(t.propertyId, t.pmsReservationId),
    // Guest lookup without a property searches every property by confirmation number.
    index('stays_confirmation_idx').on(t.confirmationNumber),
    index('stays_property_arrival_idx').on(t.propertyId, t.arrivalDate),
    index('stays_property_departure_idx').on(t.propertyId, t.departureDate),
    index('stays_guest_idx').on(t.guestId),
  ],
);

export const guestSessions = pgTable(
  'guest_sessions',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('guest_sessions_stay_idx').on(t.stayId)],
);

/**
 * Personal sign-in links sent to guests by email or SMS: a random code (only its SHA-256 kept)
 * that is exchanged by POST for a guest token. Valid until the stay's guest tokens would expire,
 * and for as many devices as the guest opens it on, until staff revoke it.
 */
export const guestSignInLinks = pgTable(
  'guest_sign_in_links',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull().unique(),
    /** The notification whose message carried the code. */
    notificationId: uuid('notification_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('guest_sign_in_links_stay_idx').on(t.stayId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    propertyId: uuid('property_id').references(() => properties.id),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: jsonb('details').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_property_created_idx').on(t.propertyId, t.createdAt),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

export const integrationSettings = pgTable(
  'integration_settings',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    kind: text('kind').notNull(),
    provider: text('provider').notNull(),
    config: jsonb('config').notNull().default({}),
    /** AES-256-GCM ciphertext of the provider's secret fields, never returned by the API. */
    secretsCiphertext: text('secrets_ciphertext'),
    secretsKeyId: text('secrets_key_id'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => staffUsers.id),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('integration_settings_property_kind_uq').on(t.propertyId, t.kind)],
);

/**
 * Failed attempts (logins, guest lookups) counted per key ("ip:1.2.3.4", "account:...") in a
 * sliding window. In PostgreSQL so every API replica sees the same counts.
 */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('auth_failures_bucket_time_idx').on(t.bucket, t.occurredAt)],
);

// ---------------------------------------------------------------------------------------------
// Service requests, realtime events and notifications
// ---------------------------------------------------------------------------------------------

export const department = pgEnum('department', ['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa']);

export const requestStatus = pgEnum('request_status', ['new', 'acknowledged', 'in_progress', 'completed', 'cancelled']);

/** What guests can ask for at a property, the department that does it, and how fast. */
export const requestCategories = pgTable(
  'request_categories',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    code: text('code').notNull(),
    /** The base label, shown to staff and to guests when no label in their language is given. */
    name: text('name').notNull(),
    /** The label per guest language (`{ "de": "Handtücher" }`); a language left out falls back to the property's default, then to `name`. */
    labels: jsonb('labels').notNull().default({}),
    department: department('department').notNull(),
    slaMinutes: integer('sla_minutes').notNull(),
    /** Items a guest may pick (e.g. "bath towels", "pillows"); empty when free text only. */
    items: jsonb('items').notNull().default([]),
    active: boolean('active').notNull().default(true),
    sortOrder: smallint('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('request_categories_property_code_uq').on(t.propertyId, t.code)],
);

export const serviceRequests = pgTable(
  'service_requests',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => requestCategories.id),
    department: department('department').notNull(),
    items: jsonb('items').notNull().default([]),
    note: text('note'),
    preferredTime: timestamp('preferred_time', { withTimezone: true }),
    status: requestStatus('status').notNull().default('new'),
    assignedTo: uuid('assigned_to').references(() => staffUsers.id),
    createdByType: text('created_by_type').notNull(),
    createdById: text('created_by_id'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Set once by the SLA job when the request is first found overdue. */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** Sentiment of a guest's note (-1..1), scored after the request is made; it feeds the stay's mood and staff alerts. */
    noteSentimentScore: real('note_sentiment_score'),
    noteSentimentLabel: text('note_sentiment_label'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('service_requests_property_status_idx').on(t.propertyId, t.status, t.createdAt),
    index('service_requests_stay_idx').on(t.stayId, t.createdAt),
    index('service_requests_open_due_idx').on(t.dueAt).where(sql`status IN ('new', 'acknowledged', 'in_progress') AND overdue_at IS NULL`),
  ],
);

export const requestNotes = pgTable(
  'request_notes',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('request_notes_request_idx').on(t.requestId, t.createdAt)],
);

/**
 * Durable realtime events: written in the same transaction as the change, NOTIFYed by id, and
 * replayed to a client reconnecting with Last-Event-ID (within retention).
 */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    /** Set for events the stay's guest may see. */
    stayId: uuid('stay_id').references(() => stays.id),
    /** Set for events only one department (and managers) may see. */
    department: department('department'),
    type: text('type').notNull(),
    subjectId: text('subject_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('realtime_events_property_id_idx').on(t.propertyId, t.id),
    index('realtime_events_stay_id_idx').on(t.stayId, t.id),
    index('realtime_events_created_idx').on(t.createdAt),
  ],
);

export const notificationChannel = pgEnum('notification_channel', ['email', 'sms', 'push']);
export const notificationStatus = pgEnum('notification_status', ['queued', 'sending', 'sent', 'failed']);

/** The outbox: one row per (event, recipient, channel), created with the change that causes it. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id').references(() => stays.id),
    /** e.g. `request.created`, `request.completed`, `stay.pre_arrival`, `request.overdue`. */
    type: text('type').notNull(),
    channel: notificationChannel('channel').notNull(),
    /** Address for the channel: an email, an E.164 number, or a push subscription id. */
    recipient: text('recipient').notNull(),
    language: text('language').notNull().default('en'),
    payload: jsonb('payload').notNull().default({}),
    /** Unique per (event, recipient, channel): the same notification is never queued twice. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: notificationStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notifications_stay_idx').on(t.stayId, t.createdAt),
    index('notifications_property_status_idx').on(t.propertyId, t.status),
  ],
);

export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    endpoint: text('endpoint').notNull().unique(),
    keys: jsonb('keys').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('push_subscriptions_owner_idx').on(t.ownerType, t.ownerId)],
);

/** 10,000.00 in a currency with two decimals. */
export const DESK_PAYMENT_MAX_MINOR_DEFAULT = 1_000_000;

/** 100.00 in a currency with two decimals. */
export const REFUND_FRONT_DESK_MAX_MINOR_DEFAULT = 10_000;

/**
 * How a property shares its tips out (see README "Tips"): `person`, a tip to a named staff member
 * is theirs and a department's tips are split equally among that department's staff; `pool`, every
 * tip goes to a department's pool (a named person's tip to their department's) and each pool is
 * split equally among its staff; `shared`, every tip of the property is split equally among all
 * its tip-eligible staff.
 */
export const tipDistribution = pgEnum('tip_distribution', ['person', 'pool', 'shared']);

/** Per-property settings (one row per property, created with it). */
export const propertySettings = pgTable('property_settings', {
  propertyId: uuid('property_id')
    .primaryKey()
    .references(() => properties.id),
  /** Days before arrival the pre-arrival email goes out; null switches it off. */
  preArrivalEmailDays: smallint('pre_arrival_email_days').default(3),
  defaultLanguage: text('default_language').notNull().default('en'),
  /**
   * Largest payment the front desk may record at once, in the property's minor units. A guard
   * against a slipped digit, not a policy: deposits and advance payments are allowed (the folio may
   * go into credit), so the balance is no limit. Per property because currencies differ (10,000.00
   * EUR is 1,000,000 minor units; the same number in JPY is about 60 EUR).
   */
  deskPaymentMaxMinor: integer('desk_payment_max_minor').notNull().default(DESK_PAYMENT_MAX_MINOR_DEFAULT),
  /**
   * The card hold placed when a guest saves a card (or staff place one): this per night of the
   * stay, plus `hold_deposit_minor`, in the property's minor units. Covers incidentals the folio
   * does not show yet; hotels set it from their own policy.
   */
  holdPerNightMinor: integer('hold_per_night_minor').notNull().default(5_000),
  holdDepositMinor: integer('hold_deposit_minor').notNull().default(10_000),
  /**
   * The most the front desk may refund of one payment (all its refunds together), in the
   * property's minor units; a manager or admin refunds beyond it. Default 100.00: a night's
   * minibar or a disputed extra, not a room.
   */
  refundFrontDeskMaxMinor: integer('refund_front_desk_max_minor').notNull().default(REFUND_FRONT_DESK_MAX_MINOR_DEFAULT),
  /** Whether guests may tip a named staff member (one whose role is a department taking tips), not only a department. */
  tipsToStaff: boolean('tips_to_staff').notNull().default(true),
  /** The departments guests may tip; empty switches tipping off. Default: every department, as before these rules existed. */
  tipDepartments: department('tip_departments')
    .array()
    .notNull()
    .default(sql`ARRAY['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa']::department[]`),
  tipDistribution: tipDistribution('tip_distribution').notNull().default('person'),
  /**
   * The online check-in steps the property offers, in order (see modules/check-in/check-in-steps.ts).
   * `card` is offered only while the property has a payments provider; `done` always follows.
   */
  checkInSteps: text('check_in_steps')
    .array()
    .notNull()
    .default(sql`ARRAY['contact', 'id', 'registration', 'card', 'arrival']::text[]`),
  /** Days after check-out when what online check-in read from an ID (and its pictures) is purged; 0 purges at the next run. */
  checkInRetentionDays: smallint('check_in_retention_days').notNull().default(30),
  /** Keep the ID pictures (encrypted) until the purge; by default they live in memory for the reading only. */
  idImagesStored: boolean('id_images_stored').notNull().default(false),
  /** Keep signed registration cards past the purge (many countries require hotels to keep them); by default they go with the ID. */
  registrationCardKept: boolean('registration_card_kept').notNull().default(false),
  /** The registration card's terms per language (`{"en": "...", "de": "..."}`); missing languages fall back to the default language, then to the built-in text. */
  registrationTerms: jsonb('registration_terms').notNull().default({}),
  /** Check the guest in at the PMS from the app once online check-in is done and a room is assigned. */
  selfCheckIn: boolean('self_check_in').notNull().default(false),
  /** The hotel's check-out time (property time, HH:MM): when mobile keys end on the departure day. */
  checkOutTime: text('check_out_time').notNull().default('11:00'),
  /** Spa: a booking cancelled at least this many hours before it starts is free; later it is a late cancellation. */
  spaCancellationWindowHours: smallint('spa_cancellation_window_hours').notNull().default(24),
  /** Spa: percent of the treatment's price kept for a late cancellation (0 to 100). */
  spaLateCancelFeePercent: smallint('spa_late_cancel_fee_percent').notNull().default(50),
  /** Spa: percent of the treatment's price kept when the guest does not come (0 to 100). */
  spaNoShowFeePercent: smallint('spa_no_show_fee_percent').notNull().default(100),
  /** Spa: guests may charge treatments to their room (the PMS folio); else they pay by card. */
  spaRoomChargeAllowed: boolean('spa_room_charge_allowed').notNull().default(true),
  updatedAt: updatedAt(),
});

/**
 * Single-use, short-lived tickets that open an SSE stream (EventSource cannot send headers, and
 * bearer tokens must not travel in URLs). Only the hash is stored.
 */
export const realtimeTickets = pgTable(
  'realtime_tickets',
  {
    tokenHash: text('token_hash').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id').notNull(),
    stayId: uuid('stay_id').references(() => stays.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('realtime_tickets_expires_idx').on(t.expiresAt)],
);

/** Liveness of notification worker processes, so a dead worker's locked jobs can be released. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

/**
 * How the money was taken: at the desk (cash, card terminal, bank transfer), or `card` through the
 * payments provider (a captured hold or a charge of the card on file).
 */
export const paymentMethod = pgEnum('payment_method', ['cash', 'card_terminal', 'bank_transfer', 'card']);

/**
 * A payment towards the folio, a tip (posted as a `tip` charge and its payment, so the balance is
 * unchanged), or a refund of an earlier payment (`refund_of`): money back to the guest, posted to
 * the folio as a negative payment.
 */
export const paymentKind = pgEnum('payment_kind', ['payment', 'tip', 'refund']);

/**
 * Where a `card` payment stands at the payments provider: `requested` (our intent written, the
 * provider's answer not known yet), `requires_action` (the guest must authenticate in the browser),
 * `succeeded` (money taken: now it is posted to the PMS), `failed` (declined).
 */
export const providerPaymentStatus = pgEnum('provider_payment_status', ['requested', 'requires_action', 'succeeded', 'failed']);

/** `pending` until the PMS has it on the folio (`posted`) or refused it (`failed`). */
export const paymentStatus = pgEnum('payment_status', ['pending', 'posted', 'failed']);

/**
 * Money paid towards a stay's folio, one row per payment. The row (with the job that retries it)
 * is committed before the PMS is asked, and the PMS deduplicates on `pms_idempotency_key`, so a
 * payment is posted once however often the request or the job runs.
 */
export const payments = pgTable(
  'payments',
  {
    /** Made by the service, so the PMS key derived from it is written in the same insert. */
    id: uuid('id').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    method: paymentMethod('method').notNull(),
    kind: paymentKind('kind').notNull().default('payment'),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** The terminal's receipt number, the transfer's reference, ...: what staff reconcile against. */
    reference: text('reference'),
    note: text('note'),
    status: paymentStatus('status').notNull().default('pending'),
    /** The client's `Idempotency-Key`: the same request again answers this row. */
    requestKey: text('request_key').notNull(),
    /** What the PMS deduplicates on (`stay:<stayId>:desk-payment:<id>:v1`). */
    pmsIdempotencyKey: text('pms_idempotency_key').notNull().unique(),
    pmsPostingId: text('pms_posting_id'),
    /** Staff who took the payment; null for payments nobody at the desk took. */
    recordedBy: uuid('recorded_by').references(() => staffUsers.id),
    /** Calls to the PMS so far, and why the last one did not post. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set while a process is asking the PMS, so the API and the worker never post the same payment at once. */
    postingSince: timestamp('posting_since', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** Card payments only: the provider's payment (`pi_…`), once known. */
    providerPaymentId: text('provider_payment_id'),
    /** Card payments only: what the provider deduplicates on (`stay:<id>:hold:v<n>:capture`, `stay:<id>:card-payment:<id>`). */
    providerIdempotencyKey: text('provider_idempotency_key').unique(),
    /** Card payments only; null for desk payments. The PMS is asked only once this is `succeeded`. */
    providerStatus: providerPaymentStatus('provider_status'),
    /** The hold this payment captured, or the card on file it charged. */
    holdId: uuid('hold_id').references(() => cardHolds.id),
    cardSetupId: uuid('card_setup_id').references(() => cardSetups.id),
    /** Tips only: the staff member or the department the guest tipped. */
    tipStaffId: uuid('tip_staff_id').references(() => staffUsers.id),
    tipDepartment: department('tip_department'),
    /** Refunds only: the payment this gives money back from (its `note` is the reason). */
    refundOf: uuid('refund_of').references((): AnyPgColumn => payments.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payments_request_key_uq').on(t.propertyId, t.stayId, t.requestKey),
    index('payments_provider_payment_idx').on(t.propertyId, t.providerPaymentId),
    index('payments_stay_idx').on(t.stayId, t.createdAt),
    index('payments_refund_of_idx').on(t.refundOf),
    check('payments_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);

/** `requested` until the provider has made the setup; then its state, learned from the provider. */
export const cardSetupStatus = pgEnum('card_setup_status', ['requested', 'requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled']);

/**
 * Cards a guest saves for a stay (a Stripe SetupIntent each). Only the provider's payment method id
 * and what a guest may see of the card (brand, last 4, expiry) are kept; the number never reaches
 * us. The stay's card on file is its latest `succeeded` setup.
 */
export const cardSetups = pgTable(
  'card_setups',
  {
    id: uuid('id').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    customerId: text('customer_id').notNull(),
    /** The provider's setup (`seti_…`), once made. */
    setupId: text('setup_id'),
    status: cardSetupStatus('status').notNull().default('requested'),
    paymentMethodId: text('payment_method_id'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    cardExpMonth: smallint('card_exp_month'),
    cardExpYear: smallint('card_exp_year'),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('card_setups_setup_uq').on(t.propertyId, t.setupId),
    index('card_setups_stay_idx').on(t.stayId, t.succeededAt),
  ],
);

/**
 * `placing`: intent written, the provider's answer not known yet; `requires_action`: the guest
 * must authenticate; `authorized`: the hold is in place; `captured` (part or all of it taken, the
 * rest released), `released` (cancelled or lapsed) and `failed` (declined) are final.
 */
export const cardHoldStatus = pgEnum('card_hold_status', ['placing', 'requires_action', 'authorized', 'captured', 'released', 'failed']);

/**
 * Authorisation holds on a stay's card on file. The row and its idempotency key
 * (`stay:<id>:hold:v<n>`) are committed before the provider is asked, so a retry after a lost
 * answer repeats the same request and never places a second hold. At most one open hold per stay.
 */
export const cardHolds = pgTable(
  'card_holds',
  {
    id: uuid('id').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    version: integer('version').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    cardSetupId: uuid('card_setup_id')
      .notNull()
      .references(() => cardSetups.id),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: cardHoldStatus('status').notNull().default('placing'),
    providerPaymentId: text('provider_payment_id'),
    capturableMinor: integer('capturable_minor').notNull().default(0),
    capturedMinor: integer('captured_minor').notNull().default(0),
    captureBefore: timestamp('capture_before', { withTimezone: true }),
    /** Staff who placed it; null when the guest's card saving placed it. */
    placedBy: uuid('placed_by').references(() => staffUsers.id),
    lastError: text('last_error'),
    /** Set while a process is asking the provider to place it, so concurrent requests do not all ask. */
    placingSince: timestamp('placing_since', { withTimezone: true }),
    /**
     * The hold re-authorising this one before its authorisation lapses: while it is being placed
     * both are open (the old one is released only once the new one is in place). No foreign key:
     * it is set in the same transaction that inserts the new hold, before that row exists.
     */
    replacedBy: uuid('replaced_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('card_holds_stay_version_uq').on(t.stayId, t.version),
    uniqueIndex('card_holds_one_open_uq')
      .on(t.stayId)
      .where(sql`${t.status} in ('placing', 'requires_action', 'authorized') and ${t.replacedBy} is null`),
    index('card_holds_capture_before_idx').on(t.captureBefore).where(sql`${t.status} = 'authorized'`),
    index('card_holds_provider_payment_idx').on(t.propertyId, t.providerPaymentId),
    check('card_holds_amount_positive', sql`${t.amountMinor} > 0`),
  ],
);

/**
 * Webhook deliveries from the payments provider, each event once (a repeat finds its row and
 * changes nothing). The API stores the event and answers at once; the `apply_payment_event` job
 * re-reads the objects it names from the provider and applies their current state.
 */
export const paymentWebhookEvents = pgTable(
  'payment_webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    /** The event in our words (ids, kind, amount): never card data, which the provider does not send. */
    event: jsonb('event').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('payment_webhook_events_event_uq').on(t.propertyId, t.provider, t.eventId)],
);

/**
 * `issuing`: the intent is written and the provider asked (or about to be), answer not recorded;
 * `pending`: the vendor took it, the lock server has not confirmed; `revoking`: asked to end it,
 * not confirmed. `failed`: the vendor refused it (a retry would be refused too).
 */
export const mobileKeyStatus = pgEnum('mobile_key_status', ['issuing', 'pending', 'issued', 'revoking', 'revoked', 'expired', 'failed']);

/**
 * Mobile keys of stays, one row per key the provider was asked for. `generation` numbers a stay's
 * keys; the idempotency key `stay:<id>:key:<generation>` is stored before the provider is called,
 * so a retry after a crash asks for the same key, never a second one. At most one key per stay is
 * being issued or in use; keys being revoked may sit beside it (a reissue).
 */
export const mobileKeys = pgTable(
  'mobile_keys',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    provider: text('provider').notNull(),
    generation: integer('generation').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** The vendor's key or session id; null until it answered. */
    keyRef: text('key_ref'),
    status: mobileKeyStatus('status').notNull().default('issuing'),
    room: text('room').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    invitationUrl: text('invitation_url'),
    walletUrl: text('wallet_url'),
    sharedWith: integer('shared_with').notNull().default(0),
    revokeReason: text('revoke_reason'),
    /** The last provider failure, for staff; cleared by the next success. */
    lastError: text('last_error'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mobile_keys_stay_generation_uq').on(t.stayId, t.generation),
    uniqueIndex('mobile_keys_one_live_uq')
      .on(t.stayId)
      .where(sql`${t.status} in ('issuing', 'pending', 'issued')`),
    index('mobile_keys_attention_idx').on(t.propertyId).where(sql`${t.lastError} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Online check-in
// ---------------------------------------------------------------------------------------------

/** `none`: nothing to look at; `pending`: an ID reading that staff must look at (a flag); `approved`: looked at. */
export const idReviewStatus = pgEnum('id_review_status', ['none', 'pending', 'approved']);

/**
 * A stay's online check-in, one row per stay, written step by step so a guest can resume on another
 * device. What was read from the ID lives only sealed (AES-256-GCM with the integrations key,
 * bound to this row), as do the pictures (only when the property keeps them) and the signed
 * registration card; the purge job empties those columns after the retention period.
 */
export const checkIns = pgTable(
  'check_ins',
  {
    stayId: uuid('stay_id')
      .primaryKey()
      .references(() => stays.id, { onDelete: 'cascade' }),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    /** Per finished step: `{ "<step>": { "at": ISO time, "by": "guest" | "staff" | "system", "skipped"?: true } }`. */
    progress: jsonb('progress').notNull().default({}),
    /** The sealed ID reading: fields as read and as confirmed, the MRZ, the provider; never stored in the clear. */
    idSealed: text('id_sealed'),
    idKeyId: text('id_key_id'),
    /** The sealed pictures, only when the property's `id_images_stored` says so. */
    idImagesSealed: text('id_images_sealed'),
    idImagesKeyId: text('id_images_key_id'),
    /** What staff must look at: warning codes of the reading, plus `guest_corrected`. No personal data. */
    idFlags: text('id_flags').array().notNull().default(sql`ARRAY[]::text[]`),
    idProvider: text('id_provider'),
    idConfirmedAt: timestamp('id_confirmed_at', { withTimezone: true }),
    reviewStatus: idReviewStatus('review_status').notNull().default('none'),
    reviewedBy: uuid('reviewed_by').references(() => staffUsers.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** The signed registration card, a PDF, sealed. */
    registrationSealed: text('registration_sealed'),
    registrationKeyId: text('registration_key_id'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** `HH:MM` in the property's time zone. */
    arrivalTime: text('arrival_time'),
    /** `{ earlyCheckIn, cot, parking, note }` as the guest asked. */
    arrivalRequests: jsonb('arrival_requests'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** When the guest was told their room is ready (once per stay). */
    roomReadyAt: timestamp('room_ready_at', { withTimezone: true }),
    /** When the purge emptied the ID (and what the property does not keep). */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('check_ins_review_idx').on(t.propertyId, t.updatedAt).where(sql`${t.reviewStatus} = 'pending'`),
    index('check_ins_purge_idx').on(t.propertyId).where(sql`${t.purgedAt} IS NULL`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Spa
// ---------------------------------------------------------------------------------------------

/**
 * `booking`: our intent written, the spa system's answer not known yet (a retry asks again with the
 * same reference); `failed`: never booked (the slot was taken, or the payment failed and it was
 * cancelled at the spa system). The others are the spa system's states.
 */
export const spaBookingStatus = pgEnum('spa_booking_status', ['booking', 'booked', 'arrived', 'completed', 'no_show', 'cancelled', 'late_cancelled', 'failed']);

/** How a treatment is paid: charged to the room (the PMS folio) or the card on file. */
export const spaPayment = pgEnum('spa_payment', ['room', 'card']);

/**
 * Spa bookings made through Innkeeper, one row per booking, written (with our reference
 * `spa_bk_<id>`) and committed before the spa system is called. The price is the provider's
 * catalog price when booked, never the client's.
 */
export const spaBookings = pgTable(
  'spa_bookings',
  {
    /** Made by the service, so the reference derived from it is written in the same insert. */
    id: uuid('id').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    /** Our booking reference, the spa system's idempotency key: `spa_bk_<id>`. */
    reference: text('reference').notNull().unique(),
    /** The client's `Idempotency-Key`: the same request again answers this row. */
    requestKey: text('request_key').notNull(),
    provider: text('provider').notNull(),
    /** The spa system's booking id, once it answered. */
    providerBookingId: text('provider_booking_id'),
    treatmentId: text('treatment_id').notNull(),
    treatmentName: text('treatment_name').notNull(),
    /** The therapist asked for (null: any), then the one the spa system assigned. */
    therapistId: text('therapist_id'),
    therapistName: text('therapist_name'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    payment: spaPayment('payment').notNull(),
    notes: text('notes'),
    status: spaBookingStatus('status').notNull().default('booking'),
    /** Why it failed (slot taken, payment declined), in words for the guest. */
    failureReason: text('failure_reason'),
    /** What the guest pays for a late cancellation or a no-show, by the property's rule then. */
    feeMinor: integer('fee_minor').notNull().default(0),
    /** Card payment only: the payment taken from the card on file. */
    paymentId: uuid('payment_id').references(() => payments.id),
    /** Staff who booked it at the desk; null when the guest booked. */
    bookedBy: uuid('booked_by').references(() => staffUsers.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('spa_bookings_request_key_uq').on(t.propertyId, t.stayId, t.requestKey),
    index('spa_bookings_day_idx').on(t.propertyId, t.startsAt),
    index('spa_bookings_stay_idx').on(t.stayId, t.startsAt),
  ],
);

/** The treatment on the folio, or the credit that gives back what a cancellation does not keep. */
export const spaChargeKind = pgEnum('spa_charge_kind', ['treatment', 'credit']);

/**
 * What a spa booking puts on the stay's folio, one row per posting, committed (with the job that
 * retries it) before the PMS is asked; the PMS deduplicates on `pms_idempotency_key`
 * (`stay:<id>:spa:<booking>:<kind>:v1`), so the folio shows it once however often it is asked,
 * and the API and the worker asking at the same moment post it once too.
 */
export const spaCharges = pgTable(
  'spa_charges',
  {
    id: uuid('id').primaryKey(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => spaBookings.id),
    kind: spaChargeKind('kind').notNull(),
    /** Positive: a treatment is posted as a charge, a credit as a payment (the balance goes down by it). */
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    description: text('description').notNull(),
    pmsIdempotencyKey: text('pms_idempotency_key').notNull().unique(),
    status: paymentStatus('status').notNull().default('pending'),
    pmsPostingId: text('pms_posting_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set while a process is asking the PMS, so the API and the worker never post the same charge at once (as for payments). */
    postingSince: timestamp('posting_since', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('spa_charges_booking_kind_uq').on(t.bookingId, t.kind), check('spa_charges_amount_positive', sql`${t.amountMinor} > 0`)],
);

/** Who answers a property's guest chat: nobody automatic (`off`), the AI drafting for staff (`suggest`), or the AI (`auto`). */
export const conciergeMode = pgEnum('concierge_mode', ['off', 'suggest', 'auto']);

/** Per-property concierge rules (a property without a row has the defaults of modules/concierge/concierge-settings.ts). */
export const conciergeSettings = pgTable('concierge_settings', {
  propertyId: uuid('property_id')
    .primaryKey()
    .references(() => properties.id),
  mode: conciergeMode('mode').notNull().default('auto'),
  /** Topics that always go to a person (billing_dispute, complaint, medical, safety). */
  humanTopics: text('human_topics')
    .array()
    .notNull()
    .default(sql`ARRAY['billing_dispute', 'complaint', 'medical', 'safety']::text[]`),
  /** When people answer chats, `HH:MM` in the property's time zone; both null means around the clock. */
  businessHoursStart: text('business_hours_start'),
  businessHoursEnd: text('business_hours_end'),
  /** A guest message scoring below this sentiment (-1..1) alerts staff and waits for a person. */
  alertThreshold: real('alert_threshold').notNull().default(-0.5),
  /** Guest messages the AI answers per stay before it offers a person instead. */
  maxAiMessagesPerStay: integer('max_ai_messages_per_stay').notNull().default(60),
  /** What the AI may cost per stay, in micro-USD (model prices are in USD): 500_000 is 0.50 USD. */
  maxCostMicroUsdPerStay: integer('max_cost_micro_usd_per_stay').notNull().default(500_000),
  updatedAt: updatedAt(),
});

/** A place the concierge recommends: written by the hotel's admins and managers. */
export const conciergePlaces = pgTable(
  'concierge_places',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    name: text('name').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull().default(''),
    hours: text('hours'),
    distanceMeters: integer('distance_meters'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('concierge_places_property_idx').on(t.propertyId, t.name)],
);

export const conversationStatus = pgEnum('conversation_status', ['ai', 'waiting_for_person', 'with_person']);

/** One guest chat per stay. */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    status: conversationStatus('status').notNull().default('ai'),
    /** Why the conversation waits for a person (a topic, a low score, the guest asked), for staff. */
    handoffReason: text('handoff_reason'),
    /** The staff member who took it over. */
    assignedStaffId: uuid('assigned_staff_id').references(() => staffUsers.id),
    /** Messages the guest has not read (from the AI, staff, the system) and guest messages staff have not read. */
    guestUnread: integer('guest_unread').notNull().default(0),
    staffUnread: integer('staff_unread').notNull().default(0),
    /** Rolling sentiment of the guest's messages (-1..1): each new score weighs half. */
    mood: real('mood'),
    /** Guest messages the AI answered, and what the AI cost, for the per-stay caps. */
    aiMessages: integer('ai_messages').notNull().default(0),
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('conversations_stay_uq').on(t.stayId), index('conversations_property_idx').on(t.propertyId, t.lastMessageAt)],
);

export const messageAuthor = pgEnum('message_author', ['guest', 'ai', 'staff', 'system']);
/** `draft`: an AI answer in suggest mode that staff have not approved; guests never see drafts. */
export const messageState = pgEnum('message_state', ['sent', 'draft', 'discarded']);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    author: messageAuthor('author').notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id),
    state: messageState('state').notNull().default('sent'),
    text: text('text').notNull(),
    language: text('language'),
    /** The guest app's id for a guest message, so a retried post is stored once. */
    clientMessageId: text('client_message_id'),
    sentimentScore: real('sentiment_score'),
    sentimentLabel: text('sentiment_label'),
    /** Ids of the hotel facts and places the answer drew on. */
    sources: jsonb('sources').notNull().default([]),
    /** `[{ id, name, arguments, result }]` for every tool call of the turn. */
    toolCalls: jsonb('tool_calls').notNull().default([]),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    /** What the answer cost in micro-USD (model prices are in USD); 0 for a model we have no price for (local). */
    costMicroUsd: integer('cost_micro_usd'),
    model: text('model'),
    /** clock_timestamp, not now(): messages written in one transaction (a note after the guest's) keep their order. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('messages_client_id_uq').on(t.conversationId, t.clientMessageId),
  ],
);

export const proposalStatus = pgEnum('proposal_status', ['proposed', 'confirmed', 'declined']);

/**
 * A write the AI proposed and only the guest can confirm (a separate call with the proposal id):
 * the model can never confirm one itself.
 */
export const conciergeProposals = pgTable(
  'concierge_proposals',
  {
    id: id(),
    propertyId: uuid('property_id')
      .notNull()
      .references(() => properties.id),
    stayId: uuid('stay_id')
      .notNull()
      .references(() => stays.id),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    /**
     * The AI answer that proposed it (written after the proposal, so no foreign key): the guest
     * sees and may confirm it only once that answer is sent, not while it is a draft staff may
     * discard. Null on proposals made before this column.
     */
    messageId: uuid('message_id'),
    tool: text('tool').notNull(),
    arguments: jsonb('arguments').notNull(),
    /** What the guest is asked to confirm, in words. */
    summary: text('summary').notNull(),
    status: proposalStatus('status').notNull().default('proposed'),
    result: jsonb('result'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('concierge_proposals_stay_idx').on(t.stayId, t.createdAt)],
);
