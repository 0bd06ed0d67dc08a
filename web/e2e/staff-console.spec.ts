import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoHorizontalScroll, browserSuite, newPage, screenshot, signIn } from './harness';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1366, height: 900 };

/** The top bar's visible children all sit on one line: the same top, within a few pixels. */
async function assertHeaderOneRow(page: Page, where: string) {
  const tops = await page.locator('header.topbar').evaluate((header) =>
    // The menu's children are a row of their own on a desk; what takes no room (hidden, or a visually hidden label) does not count.
    [...header.children]
      .flatMap((child) => (child.classList.contains('menu') ? [...child.children] : [child]))
      .map((part) => ({ name: part.textContent?.trim().slice(0, 20), box: part.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 1 && box.height > 1)
      .map(({ name, box }) => ({ name, middle: box.top + box.height / 2 })),
  );
  const middles = tops.map((part) => part.middle);
  assert.ok(Math.max(...middles) - Math.min(...middles) < 12, `${where}: header parts on several rows: ${JSON.stringify(tops)}`);
}

browserSuite('staff console at the desk and on a phone', (stack) => {

  test("the header is one row on a phone and at a desk; on the phone the menu opens below it", async () => {
    const phone = await newPage(stack, PHONE);
    await signIn(phone, 'admin@innkeeper.local');
    await phone.getByRole('heading', { name: 'Stays', level: 1 }).waitFor();
    await assertHeaderOneRow(phone, 'phone, menu closed');
    await assertNoHorizontalScroll(phone, 'stays');
    assert.equal(await phone.getByRole('button', { name: 'Sign out' }).isVisible(), false);
    await screenshot(phone, 'staff-header-phone');

    const menu = phone.getByRole('button', { name: 'Menu' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await phone.getByRole('button', { name: 'Sign out' }).waitFor();
    await assertNoHorizontalScroll(phone, 'menu open');
    await screenshot(phone, 'staff-menu-open-phone');
    await phone.getByRole('link', { name: 'Requests' }).click();
    await phone.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    assert.equal(await phone.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'false', 'the menu closes after navigating');
    await phone.context().close();

    const desk = await newPage(stack, DESK);
    await signIn(desk, 'admin@innkeeper.local');
    await desk.getByRole('heading', { name: 'Stays', level: 1 }).waitFor();
    assert.equal(await desk.getByRole('button', { name: 'Menu' }).isVisible(), false);
    await desk.getByRole('button', { name: 'Sign out' }).waitFor();
    await assertHeaderOneRow(desk, 'desk');
    await screenshot(desk, 'staff-header-desk');
    await desk.context().close();
  });

  test('the staff users table shows every column on a phone, as one card per user', async () => {
    for (const [size, viewport] of [['phone', PHONE], ['desk', DESK]] as const) {
      const page = await newPage(stack, viewport);
      await signIn(page, 'admin@innkeeper.local');
      await page.goto('/staff/admin/staff-users');
      const row = page.locator('tr[data-email="frontdesk@harbour.local"]');
      await row.waitFor();
      await assertNoHorizontalScroll(page, `staff users, ${size}`);
      for (const control of [row.getByText('Active', { exact: true }), row.getByRole('button', { name: 'Edit Fernando Front' })]) {
        const box = await control.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `${size}: ${await control.innerText()} inside the screen (${JSON.stringify(box)})`);
      }
      await screenshot(page, `staff-users-${size}`);
      await page.context().close();
    }
  });

  test('stays: counts on the tabs, and a search by name, confirmation number or room across dates', async () => {
    const page = await newPage(stack, DESK);
    await signIn(page, 'frontdesk@harbour.local');
    const tabs = page.getByRole('group', { name: 'Which stays' });
    await tabs.getByRole('button', { name: 'Arrivals 3' }).waitFor();
    await tabs.getByRole('button', { name: 'In house 4' }).waitFor();
    await tabs.getByRole('button', { name: 'Departures 1' }).waitFor();

    const search = page.getByRole('search');
    await search.getByLabel('Find a guest').fill('muller');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Stays matching “muller”' }).waitFor();
    await page.getByRole('link', { name: 'Open the stay of Anna Müller' }).waitFor();
    assert.match(page.url(), /q=muller/);
    // No tab is the list shown while searching; the counts stay.
    assert.equal(await tabs.getByRole('button', { name: 'Arrivals 3' }).getAttribute('aria-pressed'), 'false');
    await screenshot(page, 'staff-stays-search-desk');

    // A stay ten days ahead, by its confirmation number; a guest by room.
    await search.getByLabel('Find a guest').fill('HV1015');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Open the stay of Priya Sharma' }).waitFor();
    await search.getByLabel('Find a guest').fill('305');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Open the stay of Léa Dubois' }).waitFor();
    await search.getByLabel('Find a guest').fill('nobody-here');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No stay matches.').waitFor();

    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('heading', { name: /^Arrivals · / }).waitFor();
    assert.equal(await search.getByLabel('Find a guest').inputValue(), '');
    await page.context().close();

    const phone = await newPage(stack, PHONE);
    await signIn(phone, 'frontdesk@harbour.local');
    await phone.getByRole('link', { name: 'Open the stay of Chidi Okafor' }).waitFor();
    await assertNoHorizontalScroll(phone, 'arrivals');
    await screenshot(phone, 'staff-stays-phone');
    await phone.context().close();
  });

  test("the stay page shows the guest's requests and every message sent, live; the desk creates a request on the guest's behalf", async () => {
    const desk = await newPage(stack, DESK);
    await signIn(desk, 'frontdesk@harbour.local');
    await desk.getByRole('button', { name: /^In house/ }).click();
    await desk.getByRole('link', { name: 'Open the stay of Anna Müller' }).click();
    await desk.getByRole('heading', { name: 'Stay of Anna Müller' }).waitFor();
    const requests = desk.getByRole('region', { name: 'Requests' });
    await requests.getByText('This guest has made no requests.').waitFor();
    await desk.getByRole('region', { name: 'Messages sent' }).getByText('Nothing has been sent to this guest.').waitFor();

    // The guest asks at the desk for towels: a housekeeping request, which the front desk's own queue would not show.
    await requests.getByLabel('What does the guest need?').selectOption({ label: 'Towels' });
    await requests.getByLabel('Bath towels').check();
    await requests.getByLabel('Note (optional)').fill('Two, please');
    await requests.getByRole('button', { name: 'Create request' }).click();
    await requests.getByText('Request created; its department has been told.').waitFor();
    const row = requests.getByRole('list', { name: 'Requests' }).locator('li', { hasText: 'Towels' });
    await row.getByText('Housekeeping').waitFor();
    assert.equal(await row.getByTestId('request-status').innerText(), 'New');
    const messages = desk.getByRole('list', { name: 'Messages sent' });
    const toStaff = messages.locator('li', { hasText: 'New request (to staff)' });
    await toStaff.waitFor();
    assert.match(await toStaff.innerText(), /Email[\s\S]*Queued[\s\S]*housekeeping@harbour\.local/);

    // Housekeeping completes it in their queue: the desk's stay page follows at once, with no
    // reload (the stay's own stream carries every department's requests of this stay).
    const housekeeping = await newPage(stack, PHONE);
    await signIn(housekeeping, 'housekeeping@harbour.local');
    const queued = housekeeping.getByRole('list', { name: 'Requests' }).locator('li', { hasText: 'Towels' });
    await queued.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByTestId('request-status').getByText('Acknowledged').waitFor();
    await queued.getByRole('button', { name: 'Complete' }).click();
    await queued.waitFor({ state: 'detached' });
    await housekeeping.context().close();
    await row.getByTestId('request-status').getByText('Completed').waitFor();
    await screenshot(desk, 'staff-stay-request-live-desk');
    // The worker sends the messages; it announces nothing, so the list is read again.
    await stack.runJobs();
    await desk.reload();
    // The guest has an email address and a mobile number; SMS is off at the demo hotel, so that one failed.
    const done = desk.getByRole('list', { name: 'Messages sent' }).locator('li', { hasText: 'Request done' });
    const email = done.filter({ hasText: 'hv1001@guests.example' });
    await email.getByText('Sent', { exact: true }).waitFor();
    assert.match(await email.innerText(), /Email[\s\S]*hv1001@guests\.example/);
    assert.match(await done.filter({ hasText: 'SMS' }).innerText(), /Failed/);
    await screenshot(desk, 'staff-stay-requests-messages-desk');
    await desk.context().close();
  });

  test('requests: assign to a colleague of the department, add a note, cancel with a reason, then find done and cancelled ones again by date', async () => {
    // Two requests for Hiroshi Tanaka, made at the desk.
    const desk = await newPage(stack, DESK);
    await signIn(desk, 'frontdesk@harbour.local');
    await desk.getByRole('search').getByLabel('Find a guest').fill('tanaka');
    await desk.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: 'Open the stay of Hiroshi Tanaka' }).click();
    const requests = desk.getByRole('region', { name: 'Requests' });
    for (const category of ['Room cleaning', 'Amenities']) {
      await requests.getByLabel('What does the guest need?').selectOption({ label: category });
      await requests.getByRole('button', { name: 'Create request' }).click();
      await requests.getByRole('list', { name: 'Requests' }).locator('li', { hasText: category }).waitFor();
    }
    await desk.context().close();

    const page = await newPage(stack, DESK);
    await signIn(page, 'housekeeping@harbour.local');
    const queue = page.getByRole('list', { name: 'Requests' });
    const cleaning = queue.locator('li', { hasText: 'Room cleaning' });
    await cleaning.getByText('Assign, notes, cancel: Room cleaning, Room 112').click();
    const assignee = cleaning.getByLabel('Assign to');
    // The department's staff: the admin and housekeeping, not the front desk (the list loads after the panel opens).
    await assignee.locator('option', { hasText: 'Ada Admin' }).waitFor({ state: 'attached' });
    assert.deepEqual(await assignee.locator('option').allInnerTexts(), ['Choose…', 'Ada Admin · Administrator', 'Helena House (you) · Housekeeping']);
    await assignee.selectOption({ label: 'Ada Admin · Administrator' });
    await cleaning.getByRole('button', { name: 'Assign', exact: true }).click();
    await cleaning.getByText('assigned to Ada Admin').waitFor();
    assert.equal(await cleaning.getByTestId('request-status').innerText(), 'Acknowledged');

    await cleaning.getByRole('button', { name: 'Add note' }).click();
    await cleaning.getByText('Write the note first.').waitFor();
    await cleaning.getByLabel(/Add a note/).fill('Do not disturb until 11');
    await cleaning.getByRole('button', { name: 'Add note' }).click();
    await cleaning.getByRole('list', { name: 'Internal notes' }).getByText('Do not disturb until 11').waitFor();
    await screenshot(page, 'staff-request-more-desk');

    const amenities = queue.locator('li', { hasText: 'Amenities' });
    await amenities.getByText('Assign, notes, cancel: Amenities, Room 112').click();
    await amenities.getByRole('button', { name: 'Cancel this request' }).click();
    await amenities.getByText('Say why, for the record.').waitFor();
    await amenities.getByLabel('Reason for cancelling').fill('Guest found them in the wardrobe');
    await amenities.getByRole('button', { name: 'Cancel this request' }).click();
    await amenities.waitFor({ state: 'detached' });

    // Cancelled and done requests can be found again.
    const views = page.getByRole('group', { name: 'Which requests' });
    await views.getByRole('button', { name: 'Cancelled' }).click();
    const cancelled = queue.locator('li', { hasText: 'Amenities' });
    await cancelled.getByText(/cancelled .*: Guest found them in the wardrobe/).waitFor();
    assert.equal(await cancelled.getByTestId('request-status').innerText(), 'Cancelled');
    assert.match(page.url(), /view=cancelled/);
    await views.getByRole('button', { name: 'Done' }).click();
    await queue.locator('li', { hasText: 'Towels' }).getByTestId('request-status').getByText('Completed').waitFor();
    await screenshot(page, 'staff-requests-done-desk');

    // By the day they were made: none tomorrow, all of them today.
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Lisbon' }).format(new Date()));
    const tomorrow = new Date(`${today}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    await views.getByRole('button', { name: 'All' }).click();
    await page.getByLabel('Made from').fill(tomorrow.toISOString().slice(0, 10));
    await page.getByText('No requests match these filters.').waitFor();
    await page.getByLabel('Made from').fill(today);
    await page.getByLabel('Made until').fill(today);
    for (const category of ['Towels', 'Room cleaning', 'Amenities']) await queue.locator('li', { hasText: category }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // Back to the open queue: the cancelled request leaves it.
    await queue.locator('li', { hasText: 'Amenities' }).waitFor({ state: 'detached' });
    await queue.locator('li', { hasText: 'Room cleaning' }).waitFor();
    await page.context().close();

    // A manager filters by department.
    const admin = await newPage(stack, PHONE);
    await signIn(admin, 'admin@innkeeper.local');
    await admin.goto('/staff/requests');
    // The admin works at both hotels: harbour is picked in the phone's menu.
    await admin.getByRole('button', { name: 'Menu' }).click();
    await admin.getByLabel('Property').selectOption({ label: 'Harbour View Hotel' });
    const adminQueue = admin.getByRole('list', { name: 'Requests' });
    await adminQueue.locator('li', { hasText: 'Room cleaning' }).waitFor();
    await admin.getByLabel('Department').selectOption({ label: 'Maintenance' });
    await admin.getByText('No requests match these filters.').waitFor();
    await admin.getByLabel('Department').selectOption({ label: 'Housekeeping' });
    await adminQueue.locator('li', { hasText: 'Room cleaning' }).waitFor();
    await assertNoHorizontalScroll(admin, 'requests');
    await screenshot(admin, 'staff-requests-phone');
    await admin.context().close();
  });

  test('on a phone, check-in ends with the success message and the way to the next arrival, not a Check out button', async () => {
    const page = await newPage(stack, PHONE);
    await signIn(page, 'frontdesk@harbour.local');
    await page.getByRole('link', { name: 'Open the stay of Sofia Ferreira' }).click();
    await page.getByRole('heading', { name: 'Stay of Sofia Ferreira' }).waitFor();
    await page.getByLabel('Room', { exact: true }).selectOption('202');
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByText('Sofia Ferreira is checked in, room 202.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Check out' }).count(), 0);
    await assertNoHorizontalScroll(page, 'checked in');
    await screenshot(page, 'staff-checked-in-phone');
    await page.getByRole('link', { name: 'Back to the arrivals' }).click();
    await page.getByRole('link', { name: "Open the stay of James O'Connor" }).waitFor();
    await page.context().close();
  });
});
