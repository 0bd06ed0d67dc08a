import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OPERA_DEMO_APP_KEY,
  OPERA_DEMO_CLIENT_ID,
  OPERA_DEMO_CLIENT_SECRET,
  OPERA_DEMO_ENTERPRISE_ID,
  OPERA_HOTEL_IDS,
} from '../../mocks/opera/credentials.js';
import { browserSuite, newPage, screenshot, signIn, openSettingsPage } from './harness';

browserSuite('admin integrations', (stack) => {

  test("an admin switches harbour's PMS to OPERA, tests the connection against the OPERA mock and saves", async () => {
    const page = await newPage(stack);
    await signIn(page, 'admin@innkeeper.local');
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Harbour View Hotel' });
    await openSettingsPage(page, 'Integrations');
    await page.getByRole('heading', { name: 'Integrations · Harbour View Hotel' }).waitFor();

    const pms = page.locator('section[data-kind="pms"]');
    await pms.getByLabel('Provider').selectOption({ label: 'Oracle OPERA Cloud (OHIP)' });
    await pms.locator('[name="gatewayUrl"]').fill(stack.operaUrl);
    await pms.locator('[name="clientId"]').fill(OPERA_DEMO_CLIENT_ID);
    await pms.locator('[name="enterpriseId"]').fill(OPERA_DEMO_ENTERPRISE_ID);
    await pms.locator('[name="hotelId"]').fill(OPERA_HOTEL_IDS.harbour);
    await pms.locator('[name="clientSecret"]').fill(OPERA_DEMO_CLIENT_SECRET);
    await pms.locator('[name="appKey"]').fill(OPERA_DEMO_APP_KEY);

    await pms.getByRole('button', { name: 'Test connection' }).click();
    const result = pms.getByText(/^Connection (works|failed)/);
    await result.waitFor();
    assert.match(await result.innerText(), /^Connection works/);
    await screenshot(page, 'admin-integrations-tested');

    await pms.getByRole('button', { name: 'Save' }).click();
    await pms.getByText('In effect from: saved').waitFor();
    assert.equal(await pms.getByLabel('Provider').inputValue(), 'opera');
    const secret = pms.locator('label[for]', { has: page.locator('text=Client secret') });
    assert.match(await secret.innerText(), /\bset\b/);
    assert.equal(await pms.locator('[name="clientSecret"]').inputValue(), '', 'secrets are never shown');
    await screenshot(page, 'admin-integrations-saved');

    // The switch takes effect at once: a guest lookup at harbour now goes through the OPERA mock.
    const lookup = await fetch(`${stack.baseUrl}/api/v1/stays/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation: 'HV1001', lastName: 'Müller', property: 'harbour' }),
    });
    assert.equal(lookup.status, 200);
    await page.context().close();
  });

  // Runs after the switch above: harbour's stays now come from the OPERA mock, which can fail on request.
  test('with OPERA down, a new lookup says when to try again and a known stay opens marked stale', async () => {
    const faults = await fetch(`${stack.operaUrl}/__control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'error', count: 1000 }),
    });
    assert.ok(faults.ok, 'fault injection accepted');
    try {
      const page = await newPage(stack, { width: 360, height: 740 });
      await page.goto('/?p=harbour');
      await page.getByLabel('Confirmation number').fill('HV9999');
      await page.getByLabel('Last name').fill('Nobody');
      await page.getByRole('button', { name: 'Open my stay' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /not available right now\. Please try again in \d+ (seconds?|minutes)/);
      await screenshot(page, 'guest-lookup-unavailable-360');

      await page.getByLabel('Confirmation number').fill('HV1003');
      await page.getByLabel('Last name').fill('Ferreira');
      await page.getByRole('button', { name: 'Open my stay' }).click();
      await page.getByRole('heading', { name: 'Welcome, Sofia' }).waitFor();
      await page.getByText('We could not reach the hotel system just now').waitFor();
      await screenshot(page, 'guest-stay-stale-360');
      await page.context().close();
    } finally {
      await fetch(`${stack.operaUrl}/__control/faults`, { method: 'DELETE' });
    }
  });
});
