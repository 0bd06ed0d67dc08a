import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { addHarbourManager, demoStay } from '../../../test/notifications.js';
import type { StripeForTests } from '../../../test/stripe-mock.js';
import { bearer, staffToken, type TestApp } from '../../../test/test-app.js';

/** RFC 4180 cells of a CSV text: enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += char;
  }
  return rows;
}

const FORMULA_NAME = '=HYPERLINK("https://evil.example","x")';
const QUOTED_NAME = '-Ivo, "Jr"';

describe('tips: rules, enforcement before charging, report and payroll CSV', () => {
  let bed: StripeTestBed;
  let t: TestApp;
  let stripe: StripeForTests;
  let db: pg.Client;
  let manager: string;
  let guest: string;
  let today: string;
  const ids: Record<string, string> = {};

  const addStaff = async (email: string, name: string, role: string, property: string, active = true) => {
    const { rows } = await db.query(
      `WITH made AS (INSERT INTO staff_users (email, name, role, password_hash, active)
                     SELECT $1, $2, $3::staff_role, password_hash, $5 FROM staff_users WHERE email = 'admin@innkeeper.local' RETURNING id),
            granted AS (INSERT INTO staff_property_access (staff_id, property_id) SELECT made.id, p.id FROM made, properties p WHERE p.code = $4)
       SELECT id FROM made`,
      [email, name, role, property, active],
    );
    return rows[0].id as string;
  };
  const idOf = async (email: string) => (await db.query(`SELECT id FROM staff_users WHERE email = $1`, [email])).rows[0].id as string;
  const pay = (tip: Record<string, unknown>, amountMinor = 100, token = guest) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/stay/payments',
      headers: { ...bearer(token), 'idempotency-key': randomUUID() },
      payload: { amountMinor, currency: 'EUR', tip },
    });
  const setRules = (rules: object, token = manager) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/admin/properties/harbour/tip-rules', headers: bearer(token), payload: rules });
  const reportUrl = (from = today, to = today, property = 'harbour') => `/api/v1/staff/properties/${property}/tips/report?from=${from}&to=${to}`;
  const report = async (from = today, to = today) => {
    const response = await t.app.inject({ method: 'GET', url: reportUrl(from, to), headers: bearer(manager) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const shares = (body: { staff: { staffId: string; shareMinor: number }[] }) => Object.fromEntries(body.staff.map((row) => [row.staffId, row.shareMinor]));
  /** What the Stripe mock holds: PaymentIntents and our payments rows, to show a refusal charged nothing. */
  const charged = async (confirmation: string) => {
    const { rows } = await db.query(`SELECT g.payments_customer_id AS customer, s.id AS stay FROM stays s JOIN guests g ON g.id = s.guest_id WHERE s.confirmation_number = $1`, [
      confirmation,
    ]);
    const payments = (await db.query(`SELECT count(*)::int AS n FROM payments WHERE stay_id = $1`, [rows[0].stay])).rows[0].n as number;
    return { intents: stripe.paymentIntents(rows[0].customer).length, asked: stripe.paymentIntentRequests(), payments };
  };

  beforeAll(async () => {
    bed = await stripeTestBed();
    ({ t, stripe, db } = bed);
    await addHarbourManager(db);
    manager = await staffToken(t.app, 'manager@harbour.local');
    ids.fernando = await idOf('frontdesk@harbour.local');
    ids.helena = await idOf('housekeeping@harbour.local');
    ids.formula = await addStaff('formula@harbour.test', FORMULA_NAME, 'housekeeping', 'harbour');
    ids.ivo = await addStaff('ivo@harbour.test', QUOTED_NAME, 'housekeeping', 'harbour');
    ids.gone = await addStaff('gone@harbour.test', 'Gone Housekeeper', 'housekeeping', 'harbour', false);
    ids.alpine = await addStaff('hk@alpine.test', 'Alpine Housekeeper', 'housekeeping', 'alpine');
    ids.mona = await idOf('manager@harbour.local');
    await addStaff('manager@alpine.test', 'Alpine Manager', 'manager', 'alpine');
    ({ token: guest } = await saveTestCard(t.app, stripe, 'HV1001', 'Müller'));
    today = (await db.query(`SELECT to_char(now() AT TIME ZONE time_zone, 'YYYY-MM-DD') AS day FROM properties WHERE code = 'harbour'`)).rows[0].day;
  });
  afterAll(() => bed.close());

  describe('rules', () => {
    it('default to every department, named staff allowed, tips kept by the person named; managers and admins change them, audit-logged', async () => {
      const read = await t.app.inject({ method: 'GET', url: '/api/v1/admin/properties/harbour/tip-rules', headers: bearer(manager) });
      expect(read.json()).toEqual({ tipsToStaff: true, departments: ['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa'], distribution: 'person' });
      const saved = await setRules({ tipsToStaff: false, departments: ['housekeeping'], distribution: 'pool' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toEqual({ tipsToStaff: false, departments: ['housekeeping'], distribution: 'pool' });
      expect((await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'tips.rules_updated' AND actor_id = $1`, [ids.mona])).rows[0].n).toBe(1);
    });

    it('refuse an unknown distribution or department with a 400 naming the field', async () => {
      const wrong = await setRules({ tipsToStaff: true, departments: ['kitchen'], distribution: 'tronc' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.details.map((issue: { field: string }) => issue.field).sort()).toEqual(['body.departments.0', 'body.distribution']);
    });

    it('front desk may not change them, nor may the manager of another property', async () => {
      const frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
      expect((await setRules({ tipsToStaff: true, departments: [], distribution: 'person' }, frontDesk)).statusCode).toBe(403);
      const alpineManager = await staffToken(t.app, 'manager@alpine.test');
      expect((await setRules({ tipsToStaff: true, departments: [], distribution: 'person' }, alpineManager)).statusCode).toBe(403);
    });
  });

  describe('guest tips follow the rules, checked before anything is charged', () => {
    it('offers only the departments that take tips, and named staff only when allowed', async () => {
      const options = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/tip-options', headers: bearer(guest) })).json();
      expect(await options()).toEqual({ currency: 'EUR', minimumMinor: 50, departments: ['housekeeping'], tipsToStaff: false, staff: [] });
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'person' });
      const open = await options();
      // Active staff of this property in a department role: no managers, no one inactive, no one from alpine.
      expect(open.staff.map((person: { id: string }) => person.id).sort()).toEqual([ids.fernando, ids.helena, ids.formula, ids.ivo].sort());
      expect(open.staff.find((person: { id: string }) => person.id === ids.helena)).toEqual({ id: ids.helena, name: 'Helena House', department: 'housekeeping' });
    });

    it('refuses a department not taking tips, named staff when not allowed, and staff who take no tips; nothing is charged', async () => {
      const before = await charged('HV1001');
      await setRules({ tipsToStaff: false, departments: ['housekeeping'], distribution: 'person' });
      const cases: [Record<string, unknown>, string][] = [
        [{ amountMinor: 500, department: 'spa' }, 'body.tip.department'],
        [{ amountMinor: 500, staffId: ids.helena }, 'body.tip.staffId'],
      ];
      for (const [tip, field] of cases) {
        const refused = await pay(tip);
        expect(refused.statusCode, refused.body).toBe(400);
        expect(refused.json().error.details[0].field).toBe(field);
      }
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'person' });
      for (const staffId of [ids.mona, ids.gone, ids.alpine]) {
        const refused = await pay({ amountMinor: 500, staffId });
        expect(refused.statusCode, refused.body).toBe(400);
        expect(refused.json().error.details[0].field).toBe('body.tip.staffId');
      }
      expect(await charged('HV1001')).toEqual(before);
    });

    it("refuses a tip below Stripe's minimum for the currency (EUR 0.50) with a 400 naming the tip's field, and Stripe is never asked", async () => {
      const before = await charged('HV1001');
      const small = await pay({ amountMinor: 49, department: 'housekeeping' }, 5000);
      expect(small.statusCode, small.body).toBe(400);
      expect(small.json().error.details[0].field).toBe('body.tip.amountMinor');
      // 10 % of 4.00 is 0.40.
      const percent = await pay({ percent: 10, department: 'housekeeping' }, 400);
      expect(percent.statusCode, percent.body).toBe(400);
      expect(percent.json().error.details[0].field).toBe('body.tip.percent');
      expect(await charged('HV1001')).toEqual(before);
      const fifty = await pay({ amountMinor: 50, department: 'housekeeping' });
      expect(fifty.statusCode, fifty.body).toBe(201);
      expect((await charged('HV1001')).intents).toBe(before.intents + 2);
    });
  });

  describe('report and payroll export', () => {
    let from: string;
    let fiftyCents: number | null;

    beforeAll(async () => {
      // Start from the tips of this block only: the 0.50 tip above is moved to yesterday, out of the period.
      ({ rowCount: fiftyCents } = await db.query(`UPDATE payments SET created_at = created_at - interval '3 days' WHERE kind = 'tip'`));
      const tips: [Record<string, unknown>][] = [
        [{ amountMinor: 1000, staffId: ids.helena }],
        [{ amountMinor: 100, department: 'housekeeping' }],
        [{ amountMinor: 500, department: 'front_desk' }],
        [{ amountMinor: 301, staffId: ids.fernando }],
      ];
      for (const [tip] of tips) expect((await pay(tip)).statusCode).toBe(201);
      const stay = await demoStay(t.ctx, 'HV1001');
      const tipOf = async (amount: number) => (await db.query(`SELECT id FROM payments WHERE kind = 'tip' AND amount_minor = $1 AND created_at > now() - interval '1 hour'`, [amount])).rows[0].id;
      const insert = (values: { kind: string; amount: number; providerStatus: string; status: string; refundOf?: string; department?: string; createdAt?: string }) => {
        const id = randomUUID();
        return db.query(
          `INSERT INTO payments (id, property_id, stay_id, method, kind, amount_minor, currency, request_key, pms_idempotency_key, provider_status, status, refund_of, tip_department, created_at)
           VALUES ($1::uuid, $2, $3, 'card', $4, $5, 'EUR', $1::text, $1::text, $6, $7, $8, $9, coalesce($10::timestamptz, now()))`,
          [id, stay.propertyId, stay.stayId, values.kind, values.amount, values.providerStatus, values.status, values.refundOf ?? null, values.department ?? null, values.createdAt ?? null],
        );
      };
      // Refunds: 2.00 of Helena's tip given back; a refund of the front desk tip that Stripe refused changes nothing.
      await insert({ kind: 'refund', amount: 200, providerStatus: 'succeeded', status: 'posted', refundOf: await tipOf(1000) });
      await insert({ kind: 'refund', amount: 300, providerStatus: 'failed', status: 'failed', refundOf: await tipOf(500) });
      // Tips that were never taken.
      await insert({ kind: 'tip', amount: 700, providerStatus: 'failed', status: 'failed', department: 'housekeeping' });
      await insert({ kind: 'tip', amount: 800, providerStatus: 'requested', status: 'pending', department: 'housekeeping' });
      // A second before the period starts, in Lisbon.
      const lisbonMidnight = (await db.query(`SELECT ($1::date::timestamp AT TIME ZONE 'Europe/Lisbon') - interval '1 second' AS at`, [today])).rows[0].at;
      await insert({ kind: 'tip', amount: 999, providerStatus: 'succeeded', status: 'posted', department: 'housekeeping', createdAt: lisbonMidnight.toISOString() });
      from = today;
    });

    it('counts taken tips of the period only, less their refunds, in the property currency', async () => {
      expect(fiftyCents).toBe(1);
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'person' });
      const body = await report(from, today);
      expect(body).toMatchObject({ from, to: today, currency: 'EUR', distribution: 'person', tipCount: 4, grossMinor: 1901, refundedMinor: 200, totalMinor: 1701 });
      const yesterday = (await db.query(`SELECT to_char($1::date - 1, 'YYYY-MM-DD') AS day`, [today])).rows[0].day;
      expect((await report(yesterday, yesterday)).totalMinor).toBe(999);
    });

    /** Housekeeping's three eligible members by id: the first gets a remainder cent first. */
    const housekeepers = () => [ids.helena!, ids.formula!, ids.ivo!].sort();

    it('person: named tips stay with the person named; the housekeeping pool of 1.00 splits 34/33/33, by id', async () => {
      const body = await report();
      const [first, second, third] = housekeepers();
      const expected = { [first!]: 34, [second!]: 33, [third!]: 33 };
      expected[ids.helena!]! += 800;
      expect(shares(body)).toEqual({ ...expected, [ids.fernando!]: 801 });
      expect(body.pools).toEqual([
        { pool: 'front_desk', departmentTipsMinor: 500, namedTipsMinor: 0, totalMinor: 500, members: 1, unallocatedMinor: 0 },
        { pool: 'housekeeping', departmentTipsMinor: 100, namedTipsMinor: 0, totalMinor: 100, members: 3, unallocatedMinor: 0 },
      ]);
      expect(body.staff.find((row: { staffId: string }) => row.staffId === ids.helena)).toMatchObject({ namedMinor: 800, poolShareMinor: expected[ids.helena!]! - 800 });
    });

    it("pool: a named tip goes into the person's department pool", async () => {
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'pool' });
      const body = await report();
      expect(shares(body)).toEqual({ [ids.helena!]: 300, [ids.formula!]: 300, [ids.ivo!]: 300, [ids.fernando!]: 801 });
      expect(body.pools.map((pool: { pool: string; totalMinor: number }) => [pool.pool, pool.totalMinor])).toEqual([['front_desk', 801], ['housekeeping', 900]]);
    });

    it('shared: every tip split among all four eligible staff, the remainder cent to the first by id', async () => {
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'shared' });
      const body = await report();
      const [first] = [ids.helena!, ids.formula!, ids.ivo!, ids.fernando!].sort();
      const values = shares(body);
      expect(Object.values(values).reduce((sum, share) => sum + share, 0)).toBe(1701);
      expect(values[first!]).toBe(426);
      expect(Object.values(values).filter((share) => share === 425)).toHaveLength(3);
    });

    it('exports the payroll CSV: one row per staff member, major units, an attachment, formulas defused', async () => {
      await setRules({ tipsToStaff: true, departments: ['housekeeping', 'front_desk'], distribution: 'pool' });
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/tips/report/payroll.csv?from=${from}&to=${today}`, headers: bearer(manager) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="tips-harbour-${from}-${today}.csv"`);
      const rows = parseCsv(response.body);
      expect(rows[0]).toEqual(['staff_id', 'name', 'email', 'period_start', 'period_end', 'tips_amount', 'currency']);
      expect(rows.slice(1)).toHaveLength(4);
      expect(rows).toContainEqual([ids.fernando, 'Fernando Front', 'frontdesk@harbour.local', from, today, '8.01', 'EUR']);
      expect(rows).toContainEqual([ids.helena, 'Helena House', 'housekeeping@harbour.local', from, today, '3.00', 'EUR']);
      expect(rows).toContainEqual([ids.formula, `'${FORMULA_NAME}`, 'formula@harbour.test', from, today, '3.00', 'EUR']);
      expect(rows).toContainEqual([ids.ivo, `'${QUOTED_NAME}`, 'ivo@harbour.test', from, today, '3.00', 'EUR']);
      for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    });

    it('validates the period: from <= to, at most a year, real dates', async () => {
      const cases: [string, string, string][] = [
        ['2026-03-02', '2026-03-01', 'querystring.to'],
        ['2025-03-01', '2026-03-01', 'querystring.to'],
        ['2026-02-30', '2026-03-01', 'querystring.from'],
      ];
      for (const [start, end, field] of cases) {
        const response = await t.app.inject({ method: 'GET', url: reportUrl(start, end), headers: bearer(manager) });
        expect(response.statusCode, `${start}..${end}`).toBe(400);
        expect(response.json().error.details.map((issue: { field: string }) => issue.field)).toContain(field);
      }
      expect((await t.app.inject({ method: 'GET', url: reportUrl('2025-03-01', '2026-02-28'), headers: bearer(manager) })).statusCode).toBe(200);
    });

    it('is for managers and admins of the property only', async () => {
      const tokens = {
        frontDesk: await staffToken(t.app, 'frontdesk@harbour.local'),
        housekeeping: await staffToken(t.app, 'housekeeping@harbour.local'),
        alpineManager: await staffToken(t.app, 'manager@alpine.test'),
        admin: await staffToken(t.app, 'admin@innkeeper.local'),
      };
      const status = async (token: string, url: string) => (await t.app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode;
      for (const url of [reportUrl(), `/api/v1/staff/properties/harbour/tips/report/payroll.csv?from=${today}&to=${today}`]) {
        expect(await status(tokens.frontDesk, url)).toBe(403);
        expect(await status(tokens.housekeeping, url)).toBe(403);
        expect(await status(tokens.alpineManager, url)).toBe(403);
        expect(await status(tokens.admin, url)).toBe(200);
        expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      }
      expect(await status(tokens.alpineManager, reportUrl(today, today, 'alpine'))).toBe(200);
    });
  });
});
