import { hash } from '@node-rs/argon2';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { revokeRealtimeAccess } from '../../realtime/revoke-realtime-access.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal, StaffRole } from '../auth/staff.repository.js';
import type { CreateStaffUserInput, UpdateStaffUserInput } from './staff-users.schemas.js';
import type { AdminStaffUser, StaffUsersRepository } from './staff-users.repository.js';

/** Same argon2id parameters as the seeded hashes and the login code (the library's defaults). */
const hashPassword = (password: string) => hash(password, { algorithm: 2 });

/** A concurrent create with the same email loses at the unique index; drizzle wraps the pg error. */
function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

const duplicateEmail = () =>
  new AppError('conflict', 'A staff user with this email already exists.', { details: [{ field: 'body.email', message: 'Already in use.' }] });

/**
 * Admin management of staff accounts, within the admin's own properties. An account is in reach
 * only when every property it has is one of the admin's: a harbour-only admin must not reset the
 * password of someone who also works at alpine and sign in as them there. Accounts out of reach
 * answer 404, like accounts that do not exist. Only admins reach this service (the routes say so)
 * and an admin holds every role, so "never grant what you do not hold" is about properties here.
 * Passwords are hashed before any transaction opens (argon2 takes tens of milliseconds) and never
 * leave this function, not even into the audit log.
 */
export function createStaffUsersService(deps: { db: Database; staffUsers: StaffUsersRepository; audit: AuditRepository }) {
  const scopeOf = (admin: StaffPrincipal) => admin.properties.map((property) => property.id);

  function assertGrantable(admin: StaffPrincipal, propertyIds: string[]) {
    const scope = new Set(scopeOf(admin));
    const outside = propertyIds.filter((id) => !scope.has(id));
    if (outside.length > 0) {
      throw new AppError('forbidden', 'You have no access to some of these properties.', {
        details: outside.map((id) => ({ field: 'body.propertyIds', message: `No access to property ${id}.` })),
      });
    }
  }

  /** The user, locked for the rest of `tx`, when every one of their properties is the admin's. */
  async function userInReach(admin: StaffPrincipal, staffId: string, tx: Executor) {
    const user = await deps.staffUsers.findByIdForUpdate(staffId, tx);
    const scope = new Set(scopeOf(admin));
    if (!user || user.properties.length === 0 || !user.properties.every((property) => scope.has(property.id))) {
      throw new AppError('not_found', 'No such staff user.');
    }
    return user;
  }

  /** Refuses a change that would leave one of the user's properties without an active admin. */
  async function assertAdminsRemain(user: AdminStaffUser, after: { role: StaffRole; active: boolean; propertyIds: string[] }, tx: Executor) {
    if (user.role !== 'admin' || !user.active) return;
    const keeps = after.role === 'admin' && after.active;
    const losing = user.properties.map((property) => property.id).filter((id) => !keeps || !after.propertyIds.includes(id));
    const orphaned = await deps.staffUsers.withoutOtherAdmin(losing, user.id, tx);
    if (orphaned.length > 0) {
      throw new AppError('conflict', `${user.name} is the last active admin of ${orphaned.map((property) => property.name).join(', ')}.`);
    }
  }

  return {
    list: (admin: StaffPrincipal) => deps.staffUsers.listWithin(scopeOf(admin)),

    async create(admin: StaffPrincipal, input: CreateStaffUserInput) {
      const email = input.email.trim().toLowerCase();
      const propertyIds = [...new Set(input.propertyIds)];
      assertGrantable(admin, propertyIds);
      if (await deps.staffUsers.emailTaken(email)) throw duplicateEmail();
      const passwordHash = await hashPassword(input.password);
      try {
        const staffId = await deps.db.transaction(async (tx) => {
          const id = await deps.staffUsers.insert({ email, name: input.name, role: input.role, passwordHash }, tx);
          await deps.staffUsers.setAccess(id, propertyIds, tx);
          await deps.audit.record(
            {
              actorType: 'staff',
              actorId: admin.id,
              action: 'staff_user.created',
              subjectType: 'staff_user',
              subjectId: id,
              details: { email, name: input.name, role: input.role, propertyIds },
            },
            tx,
          );
          return id;
        });
        return (await deps.staffUsers.findById(staffId))!;
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateEmail();
        throw error;
      }
    },

    async update(admin: StaffPrincipal, staffId: string, input: UpdateStaffUserInput) {
      const self = staffId === admin.id;
      const propertyIds = input.propertyIds && [...new Set(input.propertyIds)];
      const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);

      await deps.db.transaction(async (tx) => {
        const user = await userInReach(admin, staffId, tx);
        if (propertyIds) assertGrantable(admin, propertyIds);
        if (self && input.active === false) throw new AppError('conflict', 'You cannot deactivate your own account.');
        if (self && input.role !== undefined && input.role !== user.role) throw new AppError('conflict', 'You cannot change your own role.');
        const changes = {
          ...(input.name !== undefined && input.name !== user.name && { name: input.name }),
          ...(input.role !== undefined && input.role !== user.role && { role: input.role }),
          ...(input.active !== undefined && input.active !== user.active && { active: input.active }),
        };
        await assertAdminsRemain(
          user,
          {
            role: changes.role ?? user.role,
            active: changes.active ?? user.active,
            propertyIds: propertyIds ?? user.properties.map((property) => property.id),
          },
          tx,
        );
        if (Object.keys(changes).length > 0 || passwordHash) await deps.staffUsers.update(staffId, { ...changes, ...(passwordHash && { passwordHash }) }, tx);
        if (propertyIds) await deps.staffUsers.setAccess(staffId, propertyIds, tx);
        // A deactivated user's tokens die with the account, so reactivating does not revive them;
        // a new password signs out everywhere but the admin's own current session.
        if (changes.active === false || passwordHash) await deps.staffUsers.revokeSessions(staffId, self ? admin.sessionId : undefined, tx);
        // Their streams were scoped by the old role and properties, or their sessions just ended: all close (and reconnect if allowed).
        if (changes.active === false || changes.role || propertyIds || passwordHash) await revokeRealtimeAccess(tx, { kind: 'staff_user', id: staffId });
        await deps.audit.record(
          {
            actorType: 'staff',
            actorId: admin.id,
            action: 'staff_user.updated',
            subjectType: 'staff_user',
            subjectId: staffId,
            details: { ...changes, ...(propertyIds && { propertyIds }), passwordChanged: passwordHash !== undefined },
          },
          tx,
        );
      });
      return (await deps.staffUsers.findById(staffId))!;
    },
  };
}

export type StaffUsersService = ReturnType<typeof createStaffUsersService>;
