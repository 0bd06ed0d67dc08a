import { department } from '../../db/drizzle/schema.js';
import { FRONT_OFFICE } from '../../http/auth-guards.js';
import type { StaffRole } from '../auth/staff.repository.js';
import type { Department } from '../../domain/department.js';
import { departmentRoles } from '../notifications/notification-planner.js';

export const allDepartments: readonly Department[] = department.enumValues;

/** Roles that oversee the whole property rather than one queue. */
const SEES_EVERY_DEPARTMENT: readonly StaffRole[] = ['admin', 'manager'];

/**
 * The departments whose requests (and realtime events) a role sees: those it works or manages in
 * `departmentRoles`, the same table that decides who is notified, so "who is told" and "who can
 * look" never drift apart.
 */
export function visibleDepartments(role: StaffRole): readonly Department[] {
  if (SEES_EVERY_DEPARTMENT.includes(role)) return allDepartments;
  return allDepartments.filter((name) => departmentRoles[name].staff.includes(role) || departmentRoles[name].managers.includes(role));
}

export function canSeeDepartment(role: StaffRole, name: Department): boolean {
  return visibleDepartments(role).includes(name);
}

/**
 * The departments whose requests of one stay (and their realtime events) a role sees: the front
 * office, who answer the guest at the desk, see every department's; others their own queues.
 */
export function stayDepartments(role: StaffRole): readonly Department[] {
  return (FRONT_OFFICE as readonly StaffRole[]).includes(role) ? allDepartments : visibleDepartments(role);
}
