import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { addHarbourManager } from '../../backend/test/notifications.js';
import { artifactsDir, browserSuite, newPage, screenshot, signIn, openSettingsPage } from './harness';

browserSuite('staff tip report', (stack) => {
  test('a manager opens the tip report of a period with a tip in it and downloads its payroll CSV', async () => {
    const pool = stack.ctx.database.pool;
    await addHarbourManager(pool);
    // A tip of €12.34 to Helena House, taken by card today (the card flow itself is guest-payments.spec.ts's).
    const { rows } = await pool.query<{ today: string; yesterday: string; helena: string }>(
      `WITH tip AS (
         INSERT INTO payments (id, property_id, stay_id, method, kind, amount_minor, currency, request_key, pms_idempotency_key, provider_status, status, tip_staff_id)
         SELECT gen_random_uuid(), s.property_id, s.id, 'card', 'tip', 1234, 'EUR', 'e2e-tip', 'e2e-tip', 'succeeded', 'posted', h.id
         FROM stays s, staff_users h WHERE s.confirmation_number = 'HV1001' AND h.email = 'housekeeping@harbour.local'
         RETURNING tip_staff_id)
       SELECT to_char(now() AT TIME ZONE p.time_zone, 'YYYY-MM-DD') AS today,
              to_char((now() AT TIME ZONE p.time_zone)::date - 1, 'YYYY-MM-DD') AS yesterday,
              (SELECT tip_staff_id FROM tip) AS helena
       FROM properties p WHERE p.code = 'harbour'`,
    );
    const { today, yesterday, helena } = rows[0]!;

    const page = await newPage(stack);
    await signIn(page, 'manager@harbour.local');
    await openSettingsPage(page, 'Payments & tips');
    await page.getByRole('heading', { name: 'Payments & tips', level: 1 }).waitFor();
    await page.getByLabel('From').fill(yesterday);
    await page.getByLabel('To').fill(today);
    const row = page.getByRole('table', { name: 'Per staff member' }).locator('tr[data-email="housekeeping@harbour.local"]');
    await row.getByText('€12.34').first().waitFor();
    assert.match(await page.getByTestId('tip-total').innerText(), /^1 tip, €12\.34 to share/);
    await screenshot(page, 'staff-tip-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `tips-harbour-${yesterday}-${today}.csv`);
    const saved = path.join(artifactsDir, 'staff-tip-report.csv');
    await download.saveAs(saved);
    const lines = (await readFile(saved, 'utf8')).split('\r\n');
    assert.equal(lines[0], 'staff_id,name,email,period_start,period_end,tips_amount,currency');
    assert.ok(lines.includes(`${helena},Helena House,housekeeping@harbour.local,${yesterday},${today},12.34,EUR`), lines.join('\n'));
    await page.context().close();
  });

  test("a manager sets the property's card hold to 80.00 a night plus 20.00, and it is what the API holds from then on", async () => {
    const page = await newPage(stack);
    await signIn(page, 'manager@harbour.local');
    await openSettingsPage(page, 'Payments & tips');
    const form = page.getByRole('region', { name: 'Card holds and desk limits' });
    await form.getByLabel('Hold per night (EUR)').fill('80.00');
    await form.getByLabel('Hold deposit, once per stay (EUR)').fill('20');
    await form.getByLabel('Largest payment the front desk records at once (EUR)').fill('ten');
    await form.getByRole('button', { name: 'Save holds and limits' }).click();
    await form.getByText('Enter an amount, e.g. 50.00 (0 for none).').waitFor();
    await form.getByLabel('Largest payment the front desk records at once (EUR)').fill('5000');
    await form.getByRole('button', { name: 'Save holds and limits' }).click();
    await form.getByText('Holds and limits saved.').waitFor();
    await screenshot(page, 'staff-payment-settings');
    const { rows } = await stack.ctx.database.pool.query(
      `SELECT hold_per_night_minor, hold_deposit_minor, desk_payment_max_minor FROM property_settings ps JOIN properties p ON p.id = ps.property_id WHERE p.code = 'harbour'`,
    );
    assert.deepEqual(rows[0], { hold_per_night_minor: 8_000, hold_deposit_minor: 2_000, desk_payment_max_minor: 500_000 });
    await page.context().close();
  });
});
