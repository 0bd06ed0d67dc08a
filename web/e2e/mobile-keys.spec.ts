import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, PHONE_390, screenshot, signIn } from './harness';

browserSuite('mobile keys', (stack) => {
  test('the front desk checks a guest in, the guest sees the OpenKey key, the desk revokes it and the guest sees that', async () => {
    const desk = await newPage(stack);
    await signIn(desk, 'frontdesk@harbour.local');
    await desk.getByRole('link', { name: 'Open the stay of Chidi Okafor' }).click();
    await desk.getByRole('heading', { name: 'Stay of Chidi Okafor' }).waitFor();
    // The first ready room the PMS offers.
    const room = desk.getByLabel('Room', { exact: true });
    const ready = room.locator('option:not([disabled]):not([value=""])').first();
    await ready.waitFor({ state: 'attached' });
    const number = (await ready.getAttribute('value'))!;
    await room.selectOption(number);
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

    await desk.reload();
    const panel = desk.getByTestId('staff-mobile-key');
    await panel.getByText('Active').waitFor();
    await panel.getByRole('button', { name: 'Revoke key' }).click();
    await panel.getByText('Being revoked').waitFor();
    await stack.runJobs();
    await desk.reload();
    await panel.getByText('Revoked').waitFor();
    await screenshot(desk, 'staff-mobile-key-revoked');

    await guest.reload();
    await key.getByText('No longer valid').waitFor();
    assert.equal(await key.getByRole('link', { name: 'Open your key' }).count(), 0);
    await desk.context().close();
    await guest.context().close();
  });
});
