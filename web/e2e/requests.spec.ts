import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, screenshot, signIn } from './harness';

browserSuite('service requests, live', (stack) => {

  test('a guest asks for towels; housekeeping sees it appear live, acknowledges and completes it; the guest sees each step without reload', async () => {
    const staff = await newPage(stack);
    await signIn(staff, 'housekeeping@harbour.local');
    assert.equal(await staff.getByRole('link', { name: 'Stays' }).count(), 0, 'housekeeping does not handle stays');
    await staff.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    await staff.getByText('Live updates on').waitFor();

    const guest = await newPage(stack, { width: 360, height: 740 });
    await guest.goto('/?c=HV1001&p=harbour');
    await guest.getByLabel('Last name').fill('Müller');
    await guest.getByRole('button', { name: 'Open my stay' }).click();
    await guest.getByText('Live updates on').waitFor();
    await guest.getByLabel('What do you need?').selectOption({ label: 'Towels' });
    await guest.getByLabel('Bath towels').check();
    await guest.getByLabel('Note (optional)').fill('Two, please');
    await guest.getByRole('button', { name: 'Send request' }).click();
    await guest.getByText('Request sent.').waitFor();
    const guestStatus = guest.getByRole('list', { name: 'Your requests' }).getByTestId('request-status').first();
    assert.equal(await guestStatus.innerText(), 'Received');

    // No reload on the staff page: the row arrives over SSE, marked new and announced.
    const row = staff.getByRole('list', { name: 'Requests' }).locator('li', { hasText: 'Towels' });
    await row.waitFor();
    await row.getByText('new', { exact: true }).waitFor();
    await staff.getByText(/New request: Towels, Room 204/).waitFor();
    assert.match(await row.innerText(), /Bath towels[\s\S]*Room 204[\s\S]*Two, please/);
    await screenshot(staff, 'staff-requests-live');

    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByTestId('request-status').getByText('Acknowledged').waitFor();
    await guestStatus.getByText('Seen by staff').waitFor();

    await row.getByRole('button', { name: 'Complete' }).click();
    await row.waitFor({ state: 'detached' });
    await guestStatus.getByText('Done').waitFor();
    await screenshot(guest, 'guest-requests-done-360');
    await guest.context().close();
    await staff.context().close();
  });
});
