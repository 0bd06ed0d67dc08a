import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributeTips, splitEqually, type TipEntry, type TipStaff } from './tip-distribution.js';

const person = (id: string, department: TipStaff['department'], eligible = true): TipStaff => ({ id, name: `Name ${id}`, email: `${id}@hotel.test`, department, eligible });

// Ids sort a < b < c < d: the remainder order.
const ana = person('a', 'housekeeping');
const ben = person('b', 'housekeeping');
const cal = person('c', 'housekeeping');
const dora = person('d', 'front_desk');
const staff = [dora, cal, ben, ana];

const shareOf = (result: ReturnType<typeof distributeTips>, id: string) => result.staff.find((row) => row.staffId === id)!.shareMinor;

describe('splitEqually', () => {
  it('gives the remainder cents one each to the first members by id, whatever order they come in', () => {
    expect(Object.fromEntries(splitEqually(100, ['c', 'a', 'b']))).toEqual({ a: 34, b: 33, c: 33 });
    expect(Object.fromEntries(splitEqually(101, ['b', 'c', 'a']))).toEqual({ a: 34, b: 34, c: 33 });
    expect(splitEqually(100, []).size).toBe(0);
  });

  it('always sums to the amount, and no two shares differ by more than one cent', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 40 }), (amount, ids) => {
        const shares = [...splitEqually(amount, ids).values()];
        expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('distributeTips', () => {
  const tips: TipEntry[] = [
    { netMinor: 1000, staffId: 'a', department: null },
    { netMinor: 500, staffId: 'd', department: null },
    { netMinor: 100, staffId: null, department: 'housekeeping' },
  ];

  it('person: a named tip stays with the person; a department tip is split among its staff', () => {
    const result = distributeTips('person', tips, staff);
    expect(result.pools).toEqual([{ pool: 'housekeeping', departmentTipsMinor: 100, namedTipsMinor: 0, totalMinor: 100, members: 3, unallocatedMinor: 0 }]);
    expect([shareOf(result, 'a'), shareOf(result, 'b'), shareOf(result, 'c'), shareOf(result, 'd')]).toEqual([1034, 33, 33, 500]);
    expect(result.staff.find((row) => row.staffId === 'a')).toMatchObject({ namedMinor: 1000, poolShareMinor: 34, shareMinor: 1034 });
  });

  it("pool: a named tip goes into the person's department pool, each pool split among its staff", () => {
    const result = distributeTips('pool', tips, staff);
    expect(result.pools).toEqual([
      { pool: 'front_desk', departmentTipsMinor: 0, namedTipsMinor: 500, totalMinor: 500, members: 1, unallocatedMinor: 0 },
      { pool: 'housekeeping', departmentTipsMinor: 100, namedTipsMinor: 1000, totalMinor: 1100, members: 3, unallocatedMinor: 0 },
    ]);
    expect([shareOf(result, 'a'), shareOf(result, 'b'), shareOf(result, 'c'), shareOf(result, 'd')]).toEqual([367, 367, 366, 500]);
  });

  it('shared: every tip of the property split among all eligible staff', () => {
    const result = distributeTips('shared', tips, staff);
    expect(result.pools).toEqual([{ pool: 'shared', departmentTipsMinor: 100, namedTipsMinor: 1500, totalMinor: 1600, members: 4, unallocatedMinor: 0 }]);
    expect(result.staff.map((row) => row.shareMinor)).toEqual([400, 400, 400, 400]);
  });

  it('keeps what a pool without staff holds as unallocated, and pays nobody who is not eligible from a pool', () => {
    const gone = person('e', 'spa', false);
    const result = distributeTips('person', [{ netMinor: 700, staffId: null, department: 'spa' }, { netMinor: 300, staffId: 'e', department: null }], [...staff, gone]);
    expect(result.pools).toEqual([{ pool: 'spa', departmentTipsMinor: 700, namedTipsMinor: 0, totalMinor: 700, members: 0, unallocatedMinor: 700 }]);
    // A named tip earned before they left is still theirs.
    expect(shareOf(result, 'e')).toBe(300);
  });

  it('in every mode the shares and the unallocated rest add up to the tips exactly', () => {
    const department = fc.constantFrom('housekeeping', 'front_desk', 'spa', 'concierge', 'maintenance' as const);
    const tip = fc.record({
      netMinor: fc.nat({ max: 50_000 }),
      staffId: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
      department,
    });
    fc.assert(
      fc.property(fc.constantFrom('person', 'pool', 'shared' as const), fc.array(tip, { maxLength: 30 }), (mode, drawn) => {
        const entries: TipEntry[] = drawn.map((entry) => (entry.staffId ? { ...entry, department: null } : entry));
        const result = distributeTips(mode, entries, staff);
        const paid = result.staff.reduce((sum, row) => sum + row.shareMinor, 0) + result.pools.reduce((sum, pool) => sum + pool.unallocatedMinor, 0);
        expect(paid).toBe(entries.reduce((sum, entry) => sum + entry.netMinor, 0));
        expect(distributeTips(mode, entries, [...staff].reverse())).toEqual(result);
      }),
    );
  });
});
