import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { addHarbourManager } from '../../../test/notifications.js';
import { bearer, staffToken } from '../../../test/test-app.js';

describe('payment settings: card hold amounts and front-desk limits per property', () => {
  let bed: StripeTestBed;
  let db: pg.Client;
  let manager: string;
  const url = '/api/v1/admin/properties/harbour/payment-settings';

  beforeAll(async () => {
    bed = await stripeTestBed();
    db = bed.db;
    await addHarbourManager(db);
    manager = await staffToken(bed.t.app, 'manager@harbour.local');
  });
  afterAll(() => bed?.close());

  it("answers the property's settings in its currency, and a manager's change places the next hold at the new amounts, audit-logged", async () => {
    const before = await bed.t.app.inject({ method: 'GET', url, headers: bearer(manager) });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toEqual({ holdPerNightMinor: 5_000, holdDepositMinor: 10_000, deskPaymentMaxMinor: 1_000_000, refundFrontDeskMaxMinor: 10_000, currency: 'EUR' });

    const changed = { holdPerNightMinor: 20_000, holdDepositMinor: 5_000, deskPaymentMaxMinor: 500_000, refundFrontDeskMaxMinor: 20_000 };
    const saved = await bed.t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: changed });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ ...changed, currency: 'EUR' });

    // HV1001 stays three nights.
    const { overview } = await saveTestCard(bed.t.app, bed.stripe, 'HV1001', 'Müller');
    expect(overview.holds[0]).toMatchObject({ status: 'authorized', amountMinor: 3 * 20_000 + 5_000 });
    const [audit] = (await db.query(`SELECT action, details FROM audit_log WHERE action = 'payments.settings_updated'`)).rows;
    expect(audit.details).toEqual({ before: { holdPerNightMinor: 5_000, holdDepositMinor: 10_000, deskPaymentMaxMinor: 1_000_000, refundFrontDeskMaxMinor: 10_000 }, after: changed });
  });

  it('refuses amounts that are not whole, negative or absurd, naming the field, and changes nothing', async () => {
    const before = (await bed.t.app.inject({ method: 'GET', url, headers: bearer(manager) })).json();
    for (const [field, value] of [
      ['holdPerNightMinor', -1],
      ['holdDepositMinor', 12.5],
      ['deskPaymentMaxMinor', 0],
      ['refundFrontDeskMaxMinor', 10_000_001],
    ] as const) {
      const { currency: _currency, ...body } = before;
      const answer = await bed.t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: { ...body, [field]: value } });
      expect(answer.statusCode, `${field}: ${answer.body}`).toBe(400);
      expect(answer.json().error.details.map((issue: { field: string }) => issue.field)).toEqual([`body.${field}`]);
    }
    expect((await bed.t.app.inject({ method: 'GET', url, headers: bearer(manager) })).json()).toEqual(before);
  });
});
