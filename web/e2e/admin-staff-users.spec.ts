import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, screenshot, signIn, openSettingsPage } from './harness';

browserSuite('admin staff users', (stack) => {

  test('an admin adds a housekeeping user for harbour, who then signs in and sees the requests page', async () => {
    const page = await newPage(stack);
    await signIn(page, 'admin@innkeeper.local');
    await openSettingsPage(page, 'Staff users');
    await page.getByRole('heading', { name: 'Staff users', level: 1 }).waitFor();
    await page.locator('tr[data-email="frontdesk@harbour.local"]').waitFor();

    const form = page.getByRole('region', { name: 'Add a staff user' });
    await form.getByLabel('Email').fill('hana@harbour.local');
    await form.getByLabel('Name').fill('Hana Housekeeper');
    await form.getByLabel('Role').selectOption({ label: 'Housekeeping' });
    await form.getByRole('checkbox', { name: 'Harbour View Hotel' }).setChecked(true);
    await form.getByRole('checkbox', { name: 'Alpine Lodge' }).setChecked(false);

    // A too-short password comes back as a 400 whose field error shows at the field.
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Add staff user' }).click();
    await form.getByRole('alert').waitFor();
    assert.equal(await form.getByLabel('Initial password').getAttribute('aria-invalid'), 'true');
    assert.match(await form.locator('[id$="-error"]').innerText(), /12/);

    await form.getByLabel('Initial password').fill('harbour-linen-2024');
    await form.getByRole('button', { name: 'Add staff user' }).click();
    await form.getByText('Hana Housekeeper can now sign in.').waitFor();
    const row = page.locator('tr[data-email="hana@harbour.local"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Housekeeping[\s\S]*Harbour View Hotel[\s\S]*Active/);
    assert.doesNotMatch(await row.innerText(), /Alpine/);
    await screenshot(page, 'admin-staff-users');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    await page.getByLabel('Email').fill('hana@harbour.local');
    await page.getByLabel('Password').fill('harbour-linen-2024');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    assert.match(page.url(), /\/staff\/requests$/);
    assert.equal(await page.getByRole('link', { name: 'Staff users' }).count(), 0, 'no admin links for housekeeping');
    await page.context().close();
  });
});
