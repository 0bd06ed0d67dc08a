import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newPage, screenshot, signIn, skipReason, startStack, type Stack } from './harness';

describe('staff console', { skip: skipReason() }, () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.close();
  });

  test('a wrong password shows the error', async () => {
    const page = await newPage(stack);
    await page.goto('/staff/login');
    await page.getByLabel('Email').fill('frontdesk@harbour.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByRole('alert').innerText(), /do not match/);
    await page.context().close();
  });

  test('front desk signs in, sees today\'s arrivals, opens a stay with its folio and checks it in', async () => {
    const page = await newPage(stack);
    await signIn(page, 'frontdesk@harbour.local');
    await page.getByRole('heading', { name: 'Stays', level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Arrivals' }).getAttribute('aria-pressed'), 'true');
    const arrival = page.getByRole('link', { name: 'Open the stay of Chidi Okafor' });
    await arrival.waitFor();
    await page.getByRole('combobox', { name: 'Property' }).getByRole('option', { name: 'Harbour View Hotel' }).waitFor({ state: 'attached' });
    await screenshot(page, 'staff-arrivals');

    await page.getByRole('button', { name: 'In house' }).click();
    await page.getByRole('link', { name: 'Open the stay of Anna Müller' }).waitFor();
    assert.match(page.url(), /status=in_house/);
    await page.getByRole('button', { name: 'Arrivals' }).click();

    await arrival.click();
    await page.getByRole('heading', { name: 'Stay of Chidi Okafor' }).waitFor();
    await page.getByTestId('folio-balance').waitFor();
    await screenshot(page, 'staff-stay-detail');

    await page.getByLabel('Room (optional)').fill('312');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('Checked in.').waitFor();
    await page.getByRole('button', { name: 'Check out' }).waitFor();
    assert.match(await page.locator('.facts').innerText(), /312[\s\S]*Checked in/);
    await screenshot(page, 'staff-stay-checked-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    await page.context().close();
  });
});
