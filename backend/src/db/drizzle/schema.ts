import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
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
  /** Facts the concierge and guest pages show: address, phone, breakfast hours, wifi, ... */
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
    nationality: text('nationality'),
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
