import type { Database } from '../../db/client.js';
import { minimumChargeMinor } from '../../integrations/payments/minimum-charge.js';
import { AppError, fieldError } from '../../lib/errors.js';
import { currencyExponent, minorToDecimal } from '../../lib/money.js';
import { auditActor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { StayView } from '../stays/stays.repository.js';
import { distributeTips, type Department } from './tip-distribution.js';
import type { TipRules, TipsRepository } from './tips.repository.js';

/** The tip of a guest's payment as the API takes it, with the amount it comes to. */
export interface GuestTip {
  amountMinor?: number | undefined;
  percent?: number | undefined;
  staffId?: string | undefined;
  department?: Department | undefined;
}

export interface Period {
  from: string;
  to: string;
}

/** Spreadsheets run a cell starting with one of these as a formula: such cells get a leading apostrophe (OWASP's CSV injection advice). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Tips: each property's rules (whom guests may tip, how tips are shared out), the check of a
 * guest's tip against them before anything is charged, and the report of a period with its
 * payroll export.
 */
export function createTipsService(deps: { db: Database; tips: TipsRepository; audit: AuditRepository }) {
  async function propertyOf(propertyId: string) {
    const property = await deps.tips.property(propertyId);
    if (!property) throw new AppError('not_found', 'No such property.');
    return property;
  }

  async function rulesOf(propertyId: string): Promise<TipRules> {
    const rules = await deps.tips.rules(propertyId);
    if (!rules) throw new AppError('not_found', 'No such property.');
    return rules;
  }

  async function report(propertyId: string, period: Period) {
    const property = await propertyOf(propertyId);
    const rules = await rulesOf(propertyId);
    const tips = await deps.tips.tipsBetween(propertyId, period.from, period.to);
    const named = [...new Set(tips.flatMap((tip) => (tip.staffId ? [tip.staffId] : [])))];
    // Shares go to staff of the departments taking tips; others appear only when a tip named them.
    const people = (await deps.tips.reportStaff(propertyId, named))
      .map((person) => ({ ...person, eligible: person.eligible && person.department !== null && rules.departments.includes(person.department) }))
      .filter((person) => person.eligible || named.includes(person.id));
    const { pools, staff } = distributeTips(rules.distribution, tips, people);
    const grossMinor = tips.reduce((sum, tip) => sum + tip.grossMinor, 0);
    const totalMinor = tips.reduce((sum, tip) => sum + tip.netMinor, 0);
    return {
      property: { id: property.id, code: property.code, name: property.name, timeZone: property.timeZone },
      from: period.from,
      to: period.to,
      currency: property.currency,
      distribution: rules.distribution,
      tipCount: tips.length,
      grossMinor,
      refundedMinor: grossMinor - totalMinor,
      totalMinor,
      pools,
      staff,
    };
  }

  return {
    rules: rulesOf,

    async saveRules(propertyId: string, actor: StaffPrincipal, rules: TipRules): Promise<TipRules> {
      return deps.db.transaction(async (tx) => {
        const saved = await deps.tips.saveRules(propertyId, { ...rules, departments: [...new Set(rules.departments)] }, tx);
        await deps.audit.record(
          { propertyId, ...auditActor({ type: 'staff', id: actor.id }), action: 'tips.rules_updated', subjectType: 'property', subjectId: propertyId, details: { ...saved } },
          tx,
        );
        return saved;
      });
    },

    /** What the guest app offers: the departments taking tips, the staff who may be named (when allowed), and the smallest tip. */
    async guestOptions(stay: StayView) {
      const rules = await rulesOf(stay.propertyId);
      return {
        currency: stay.property.currency,
        minimumMinor: minimumChargeMinor(stay.property.currency),
        departments: rules.departments,
        tipsToStaff: rules.tipsToStaff,
        staff: rules.tipsToStaff ? (await deps.tips.tippableStaff(stay.propertyId)).filter((person) => rules.departments.includes(person.department)) : [],
      };
    },

    /**
     * Refuses (400, naming the field) a tip the property's rules do not take, or one the payments
     * provider would refuse as too small: before anything is charged, so a guest is never left
     * with the payment taken and the tip declined.
     */
    async checkGuestTip(stay: StayView, tip: GuestTip, tipMinor: number): Promise<void> {
      const rules = await rulesOf(stay.propertyId);
      if (tip.department && !rules.departments.includes(tip.department)) {
        throw fieldError('body.tip.department', `${stay.property.name} does not take tips for this department.`);
      }
      if (tip.staffId) {
        if (!rules.tipsToStaff) throw fieldError('body.tip.staffId', `${stay.property.name} takes tips for its departments, not for named staff.`);
        const [person] = await deps.tips.tippableStaff(stay.propertyId, tip.staffId);
        if (!person || !rules.departments.includes(person.department)) {
          throw fieldError('body.tip.staffId', `No staff member at ${stay.property.name} takes tips under that id.`);
        }
      }
      const minimum = minimumChargeMinor(stay.property.currency);
      if (tipMinor < minimum) {
        const field = tip.percent !== undefined ? 'body.tip.percent' : 'body.tip.amountMinor';
        throw fieldError(field, `A tip must be at least ${minimum} (minor units of ${stay.property.currency}): card payments below that are refused.`);
      }
    },

    report,

    /** The report's staff shares as a payroll file: one row per staff member, amounts in major units. */
    async payrollCsv(propertyId: string, period: Period): Promise<{ filename: string; csv: string }> {
      const tips = await report(propertyId, period);
      const exponent = currencyExponent(tips.currency);
      const header = ['staff_id', 'name', 'email', 'period_start', 'period_end', 'tips_amount', 'currency'];
      const rows = tips.staff.map((person) => [
        person.staffId,
        person.name,
        person.email,
        period.from,
        period.to,
        minorToDecimal(person.shareMinor, exponent).toFixed(2),
        tips.currency,
      ]);
      const csv = [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
      return { filename: `tips-${tips.property.code}-${period.from}-${period.to}.csv`, csv };
    },
  };
}

export type TipsService = ReturnType<typeof createTipsService>;
