import { z } from 'zod';
import { department, tipDistribution } from '../../db/drizzle/schema.js';

export const tipRulesSchema = z
  .strictObject({
    tipsToStaff: z.boolean().describe('Whether guests may tip a named staff member (whose role is a department taking tips), not only a department'),
    departments: z.array(z.enum(department.enumValues)).max(department.enumValues.length).describe('The departments guests may tip; empty switches tipping off'),
    distribution: z
      .enum(tipDistribution.enumValues)
      .describe(
        "`person`: a tip naming a staff member is theirs; a department's tips are split equally among its staff. " +
          "`pool`: a named tip goes to the person's department pool; each pool is split equally among its staff. " +
          '`shared`: every tip of the property is split equally among all tip-eligible staff (active, in a department role; not managers or admins)',
      ),
  })
  .meta({ id: 'TipRules' });

export const tipOptionsSchema = z.object({
  currency: z.string(),
  minimumMinor: z.number().int().describe('The smallest tip a card payment can take, in minor units'),
  departments: z.array(z.enum(department.enumValues)),
  tipsToStaff: z.boolean(),
  staff: z.array(z.object({ id: z.uuid(), name: z.string(), department: z.enum(department.enumValues) })).describe('Who may be tipped by name (empty when not allowed)'),
});

const isoDay = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The same day a year later (29 February: 1 March). */
const yearAfter = (day: string) => {
  const date = new Date(isoDay(day));
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.getTime();
};

export const tipPeriodQuery = z
  .object({
    from: z.iso.date().describe("First day of the period (YYYY-MM-DD, the property's time zone)"),
    to: z.iso.date().describe('Last day of the period, included; at most a year after `from`, less a day'),
  })
  .refine((query) => query.from <= query.to, { path: ['to'], message: 'Must not be before from.' })
  .refine((query) => query.from > query.to || isoDay(query.to) < yearAfter(query.from), { path: ['to'], message: 'The period is at most one year.' });

const minor = z.number().int();

export const tipReportSchema = z
  .object({
    property: z.object({ id: z.uuid(), code: z.string(), name: z.string(), timeZone: z.string() }),
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    distribution: z.enum(tipDistribution.enumValues).describe('The rule the shares were worked out with (the one in force now)'),
    tipCount: z.number().int().describe('Tips taken in the period (succeeded at the payments provider)'),
    grossMinor: minor,
    refundedMinor: minor.describe('Refunded of those tips, subtracted'),
    totalMinor: minor.describe('What is shared out: gross less refunds'),
    pools: z.array(
      z.object({
        pool: z.union([z.enum(department.enumValues), z.literal('shared')]),
        departmentTipsMinor: minor,
        namedTipsMinor: minor.describe('Tips naming a person that the rule puts into this pool'),
        totalMinor: minor,
        members: z.number().int(),
        unallocatedMinor: minor.describe('Nobody to share it with: the pool has no tip-eligible staff'),
      }),
    ),
    staff: z.array(
      z.object({
        staffId: z.uuid(),
        name: z.string(),
        email: z.string(),
        department: z.enum(department.enumValues).nullable(),
        namedMinor: minor.describe('Tips naming this person'),
        poolShareMinor: minor,
        shareMinor: minor.describe('What the rule gives them: the named tips they keep plus their pool share'),
      }),
    ),
  })
  .meta({ id: 'TipReport' });
