import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, newPage, PHONE_390, screenshot, signIn } from './harness';

/** Picks the first ready room the room list offers under `label`, and answers its number. */
async function chooseFirstReady(page: Page, label: string): Promise<string> {
  const select = page.getByLabel(label, { exact: true });
  const ready = select.locator('option:not([disabled]):not([value=""])').first();
  await ready.waitFor({ state: 'attached' });
  const number = (await ready.getAttribute('value'))!;
  await select.selectOption(number);
  return number;
}

browserSuite('mobile keys', (stack) => {
  test('the desk checks a guest in, moves them to another room and grants a late check-out, the key follows; check-out revokes it, and an unconfirmed revocation is an alarm', async () => {
    const desk = await newPage(stack);
    await signIn(desk, 'frontdesk@harbour.local');
    await desk.getByRole('link', { name: 'Open the stay of Chidi Okafor' }).click();
    await desk.getByRole('heading', { name: 'Stay of Chidi Okafor' }).waitFor();
    const number = await chooseFirstReady(desk, 'Room');
    await desk.getByRole('button', { name: 'Check in' }).click();
    await desk.getByText(`Chidi Okafor is checked in, room ${number}.`).waitFor();
    // The check-in queued the key; the worker issues it at the OpenKey mock.
    await stack.runJobs();

    const guest = await newPage(stack, PHONE_390);
    await guest.goto('/?c=HV1002&p=harbour');
    await guest.getByLabel('Last name').fill('Okafor');
    await guest.getByRole('button', { name: 'Open my stay' }).click();
    const key = guest.getByTestId('mobile-key');
    await key.getByRole('heading', { name: 'Your room key' }).waitFor();
    assert.equal(await key.getByTestId('key-room').innerText(), number);
    assert.match(await key.getByTestId('key-status').innerText(), /Ready/);
    const invitation = await key.getByRole('link', { name: 'Open your key' }).getAttribute('href');
    assert.match(invitation ?? '', /^http:\/\/127\.0\.0\.1:\d+\/i\/[0-9A-F]{8}$/);
    await screenshot(guest, 'guest-mobile-key');

    // The front desk moves the guest: the PMS moves them, the worker moves the key.
    await desk.reload();
    const panel = desk.getByTestId('staff-mobile-key');
    await panel.getByText('Active').waitFor();
    const moved = await chooseFirstReady(desk, 'New room');
    assert.notEqual(moved, number);
    await desk.getByRole('button', { name: 'Move guest' }).click();
    await desk.getByText(`Moved to room ${moved}. The mobile key follows.`).waitFor();
    await stack.runJobs();
    await guest.reload();
    await key.getByTestId('key-room').getByText(moved, { exact: true }).waitFor();
    assert.match(await key.getByTestId('key-status').innerText(), /Ready/);

    // A late check-out: the guest sees it with the departure, the key runs until then.
    await desk.getByLabel('Leaves at').fill('15:00');
    await desk.getByRole('button', { name: 'Grant late check-out' }).click();
    await desk.getByText('Late check-out until 15:00 granted. The mobile key is extended.').waitFor();
    await stack.runJobs();
    await guest.reload();
    await guest.getByText('late check-out until 15:00').waitFor();
    await screenshot(desk, 'staff-room-move-late-check-out');

    // Check-out revokes the key; the lock system does not answer, so the revocation stays unconfirmed.
    const faults = await fetch(`${stack.openkeyUrl}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'error', count: 20 }) });
    assert.equal(faults.status, 200);
    await desk.reload();
    await desk.getByRole('button', { name: 'Check out' }).click();
    await desk.getByRole('button', { name: 'Confirm check-out' }).click();
    await desk.getByText('Checked out.').waitFor();
    await stack.runJobs();
    await guest.reload();
    await key.getByText('No longer valid').waitFor();
    assert.equal(await key.getByRole('link', { name: 'Open your key' }).count(), 0);

    // The desk cannot miss it: the stays page raises it, the list puts it first.
    await desk.goto('/staff');
    const alarm = desk.getByRole('alert').filter({ hasText: 'A revocation is not confirmed' });
    await alarm.getByRole('link', { name: 'Keys needing attention (1)' }).click();
    await desk.getByRole('heading', { name: 'Mobile keys needing attention' }).waitFor();
    const row = desk.getByRole('row').filter({ hasText: 'Chidi Okafor' });
    await row.getByText('Revocation not confirmed: may still open the door').waitFor();
    await screenshot(desk, 'staff-keys-attention');
    await row.getByRole('link', { name: 'Open the stay of Chidi Okafor' }).click();
    await desk.getByTestId('staff-mobile-key').getByText('Being revoked').waitFor();
    await desk.context().close();
    await guest.context().close();
  });
});
