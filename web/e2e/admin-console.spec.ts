import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoHorizontalScroll, browserSuite, newPage, PHONE_390, screenshot, signIn, openSettingsPage } from './harness';

const DESK = { width: 1366, height: 900 };

browserSuite('admin console: settings for people, the room list and the audit log', (stack) => {

  test("settings are labelled in the provider's own words, and Test connection names each missing one beside its field", async () => {
    const page = await newPage(stack, DESK);
    await signIn(page, 'admin@innkeeper.local');
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Harbour View Hotel' });
    await page.goto('/staff/admin');
    await page.getByRole('heading', { name: 'Integrations · Harbour View Hotel' }).waitFor();

    const push = page.locator('section[data-kind="push"]');
    await push.getByLabel('Provider').selectOption({ label: 'Web Push (VAPID)' });
    for (const label of ['VAPID public key', 'VAPID private key', 'CA certificate file', 'Timeout (ms)']) await push.getByLabel(label).waitFor();

    const pms = page.locator('section[data-kind="pms"]');
    await pms.getByLabel('Provider').selectOption({ label: 'Oracle OPERA Cloud (OHIP)' });
    await pms.getByLabel('Gateway URL').fill(stack.operaUrl);
    await pms.getByLabel('Application key').fill('not-a-uuid');
    await pms.getByRole('button', { name: 'Test connection' }).click();
    await pms.getByText('Connection failed: Fill in or correct the settings named below, then test again.').waitFor();
    // Each sentence sits with its own field (its error, tied by aria-describedby).
    const errorOf = async (label: string) => {
      const field = pms.getByLabel(label);
      assert.equal(await field.getAttribute('aria-invalid'), 'true', label);
      const ids = (await field.getAttribute('aria-describedby'))!.split(' ');
      return page.locator(`[id="${ids.at(-1)}"]`).innerText();
    };
    assert.equal(await errorOf('Client secret'), 'Client secret is required.');
    assert.equal(await errorOf('Hotel code'), 'Hotel code is required.');
    assert.match(await errorOf('Application key'), /^Application key: /);
    assert.equal(await pms.getByLabel('Gateway URL').getAttribute('aria-invalid'), null);
    await screenshot(page, 'admin-test-connection-missing-fields-desk');
    await page.context().close();
  });

  test('an admin keeps the room list, and finds that change in the audit log by action and date, at a desk and on a phone', async () => {
    const page = await newPage(stack, DESK);
    await signIn(page, 'admin@innkeeper.local');
    await page.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Alpine Lodge' });
    await page.goto('/staff/admin');
    const rooms = page.getByRole('region', { name: 'Rooms' });
    await rooms.getByLabel('Room numbers').fill('14, 2\n1\n<b>');
    await rooms.getByRole('button', { name: 'Save' }).click();
    await rooms.getByText(/^<b>: A room number is letters and digits/).waitFor();
    await rooms.getByLabel('Room numbers').fill('14, 2\n1\n21');
    await rooms.getByRole('button', { name: 'Save' }).click();
    await rooms.getByText('Saved: 4 rooms.').waitFor();
    assert.equal(await rooms.getByLabel('Room numbers').inputValue(), '1\n2\n14\n21');

    await openSettingsPage(page, 'Audit log');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const log = page.getByRole('table', { name: 'Audit log' });
    const entry = log.locator('tr[data-action="property.rooms_updated"]');
    await entry.waitFor();
    assert.match(await entry.innerText(), /admin@innkeeper\.local[\s\S]*"rooms":4/);

    // Filters live in the URL: an action that never happened here finds nothing, then today's entries by this action.
    await page.getByLabel('Action').fill('integration.');
    await page.getByText('No entries match.').waitFor();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
    await page.getByLabel('Action').fill('property.rooms');
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    await entry.waitFor();
    assert.equal(await log.locator('tbody tr').count(), 1);
    assert.match(page.url(), /action=property\.rooms.*from=/);
    await screenshot(page, 'admin-audit-log-desk');

    // Another property's log holds none of it.
    await page.getByLabel('Property', { exact: true }).first().selectOption({ label: 'Harbour View Hotel' });
    await page.getByText('No entries match.').waitFor();
    const url = page.url();
    await page.context().close();

    const phone = await newPage(stack, PHONE_390);
    await signIn(phone, 'admin@innkeeper.local');
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Alpine Lodge' });
    await phone.goto(new URL(url).pathname + new URL(url).search);
    await phone.getByRole('table', { name: 'Audit log' }).locator('tr[data-action="property.rooms_updated"]').waitFor();
    await assertNoHorizontalScroll(phone, 'audit log');
    await screenshot(phone, 'admin-audit-log-phone');
    await phone.context().close();
  });
});
