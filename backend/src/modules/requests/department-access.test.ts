import { describe, expect, it } from 'vitest';
import { staffRole } from '../../db/drizzle/schema.js';
import { departmentRoles } from '../notifications/notification-planner.js';
import { allDepartments, canSeeDepartment, visibleDepartments } from './department-access.js';

describe('which roles see which departments', () => {
  it.each([
    ['admin', ['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa']],
    ['manager', ['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa']],
    ['housekeeping', ['housekeeping']],
    ['maintenance', ['maintenance']],
    ['front_desk', ['front_desk', 'concierge']],
    ['concierge', ['concierge']],
    ['spa', ['spa']],
  ] as const)('%s sees %j', (role, departments) => {
    expect([...visibleDepartments(role)].sort()).toEqual([...departments].sort());
  });

  it('housekeeping does not see maintenance, maintenance does not see housekeeping', () => {
    expect(canSeeDepartment('housekeeping', 'maintenance')).toBe(false);
    expect(canSeeDepartment('maintenance', 'housekeeping')).toBe(false);
  });

  it('everyone notified about a department can also see its queue', () => {
    for (const department of allDepartments) {
      const { staff, managers } = departmentRoles[department];
      for (const role of [...staff, ...managers]) expect(canSeeDepartment(role, department)).toBe(true);
    }
  });

  it('every role works at least one queue and every department has someone', () => {
    for (const role of staffRole.enumValues) expect(visibleDepartments(role).length).toBeGreaterThan(0);
    for (const department of allDepartments) {
      expect(staffRole.enumValues.filter((role) => role !== 'admin' && role !== 'manager' && canSeeDepartment(role, department)).length).toBeGreaterThan(0);
    }
  });
});
