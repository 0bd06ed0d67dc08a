import type { department, tipDistribution } from '../../db/drizzle/schema.js';

export type Department = (typeof department.enumValues)[number];
export type TipDistribution = (typeof tipDistribution.enumValues)[number];

/** One tip taken in the period, net of what was refunded of it. */
export interface TipEntry {
  netMinor: number;
  staffId: string | null;
  department: Department | null;
}

/** A staff member the report may pay: the tip-eligible staff, and anyone a tip of the period names. */
export interface TipStaff {
  id: string;
  name: string;
  email: string;
  /** Their role when it is a department (the pool they belong to); null for managers and admins. */
  department: Department | null;
  /** Active at the property with a department role: shares in pools. */
  eligible: boolean;
}

export type PoolName = Department | 'shared';

export interface PoolShare {
  pool: PoolName;
  /** Tips to the department itself. */
  departmentTipsMinor: number;
  /** Tips naming a person that the rules put into this pool. */
  namedTipsMinor: number;
  totalMinor: number;
  members: number;
  /** What nobody could be given: the pool has no eligible staff. Shown so it is not lost. */
  unallocatedMinor: number;
}

export interface StaffShare {
  staffId: string;
  name: string;
  email: string;
  department: Department | null;
  /** Tips that named this person. */
  namedMinor: number;
  /** Their part of the pools. */
  poolShareMinor: number;
  /** What they are paid: the named tips the rules let them keep, plus their pool share. */
  shareMinor: number;
}

export interface Distribution {
  pools: PoolShare[];
  staff: StaffShare[];
}

/**
 * Splits an amount equally among members: each gets the floor, and the remainder cents go one
 * each to the first members in id order, so the shares always sum to the amount exactly and the
 * same data always gives the same answer.
 */
export function splitEqually(amountMinor: number, memberIds: readonly string[]): Map<string, number> {
  const sorted = [...memberIds].sort();
  const shares = new Map<string, number>();
  if (sorted.length === 0) return shares;
  const base = Math.floor(amountMinor / sorted.length);
  const remainder = amountMinor - base * sorted.length;
  sorted.forEach((id, index) => shares.set(id, base + (index < remainder ? 1 : 0)));
  return shares;
}

/**
 * The property's tips of a period shared out under its rule:
 * - `person`: a tip naming a staff member is theirs; a department's tips are split equally among
 *   that department's eligible staff.
 * - `pool`: a tip naming a staff member goes into their department's pool (kept by them when their
 *   role is no department); each pool is split equally among its eligible staff.
 * - `shared`: every tip, named or not, goes into one pool split equally among all eligible staff.
 */
export function distributeTips(distribution: TipDistribution, tips: readonly TipEntry[], people: readonly TipStaff[]): Distribution {
  const byId = new Map(people.map((person) => [person.id, person]));
  const pools = new Map<PoolName, { departmentTipsMinor: number; namedTipsMinor: number }>();
  const named = new Map<string, number>();
  const kept = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
  const pool = (name: PoolName) => {
    let entry = pools.get(name);
    if (!entry) pools.set(name, (entry = { departmentTipsMinor: 0, namedTipsMinor: 0 }));
    return entry;
  };

  for (const tip of tips) {
    if (tip.staffId) {
      add(named, tip.staffId, tip.netMinor);
      const home = byId.get(tip.staffId)?.department ?? null;
      if (distribution === 'shared') pool('shared').namedTipsMinor += tip.netMinor;
      else if (distribution === 'pool' && home) pool(home).namedTipsMinor += tip.netMinor;
      else add(kept, tip.staffId, tip.netMinor);
    } else if (tip.department) {
      pool(distribution === 'shared' ? 'shared' : tip.department).departmentTipsMinor += tip.netMinor;
    }
  }

  const eligible = people.filter((person) => person.eligible);
  const poolShares = new Map<string, number>();
  const poolRows: PoolShare[] = [...pools.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, amounts]) => {
      const totalMinor = amounts.departmentTipsMinor + amounts.namedTipsMinor;
      const members = eligible.filter((person) => name === 'shared' || person.department === name).map((person) => person.id);
      for (const [id, share] of splitEqually(totalMinor, members)) add(poolShares, id, share);
      return { pool: name, ...amounts, totalMinor, members: members.length, unallocatedMinor: members.length === 0 ? totalMinor : 0 };
    });

  const staff = people
    .map((person) => {
      const poolShareMinor = poolShares.get(person.id) ?? 0;
      return {
        staffId: person.id,
        name: person.name,
        email: person.email,
        department: person.department,
        namedMinor: named.get(person.id) ?? 0,
        poolShareMinor,
        shareMinor: (kept.get(person.id) ?? 0) + poolShareMinor,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId));
  return { pools: poolRows, staff };
}
