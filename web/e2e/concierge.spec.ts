import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite, newPage, openSettingsPage, PHONE, screenshot, signIn, type Stack } from './harness';

/**
 * A guest's stay page with its event stream open. Harbour's concierge is `openai` against the
 * OpenAI mock (harness.ts), alpine's the built-in `local` one, as `npm start` runs them.
 */
async function openStay(stack: Stack, confirmation: string, lastName: string, property = 'harbour'): Promise<Page> {
  const guest = await newPage(stack, PHONE);
  await guest.goto(`/?c=${confirmation}&p=${property}`);
  await guest.getByLabel('Last name').fill(lastName);
  await guest.getByRole('button', { name: 'Open my stay' }).click();
  await guest.getByText('Live updates on').first().waitFor();
  return guest;
}

async function write(guest: Page, text: string): Promise<void> {
  await guest.getByLabel('Your message').fill(text);
  await guest.getByRole('button', { name: 'Send', exact: true }).click();
}

browserSuite('AI concierge and guest chat', (stack) => {
  test('a guest asks for towels in the chat: the concierge answers and the request appears in the housekeeping queue live', async () => {
    const staff = await newPage(stack);
    await signIn(staff, 'housekeeping@harbour.local');
    await staff.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    await staff.getByText('Live updates on').waitFor();

    const guest = await openStay(stack, 'HV1001', 'Müller');
    await write(guest, 'Could I have some towels please?');
    const chat = guest.getByRole('list', { name: 'Messages' });
    await chat.locator('li[data-author="guest"]', { hasText: 'Could I have some towels please?' }).waitFor();
    // The stored answer (the streamed one has aria-busy until it is replaced).
    await chat.locator('li[data-author="ai"]:not([aria-busy])').last().waitFor();

    const row = staff.getByRole('list', { name: 'Requests' }).locator('li', { hasText: 'Towels' });
    await row.waitFor();
    assert.match(await row.innerText(), /Room 204/);
    await guest.getByRole('list', { name: 'Your requests' }).getByText('Towels').waitFor();
    await screenshot(guest, 'guest-chat-towels-360');
    await guest.context().close();
    await staff.context().close();
  });

  test('an angry message alerts the front desk; a person takes over and replies, and the guest sees both live', async () => {
    const desk = await newPage(stack);
    await signIn(desk, 'frontdesk@harbour.local');
    await desk.getByRole('link', { name: 'Inbox' }).click();
    await desk.getByRole('heading', { name: 'Guest chats', level: 1 }).waitFor();
    await desk.getByText('Live updates on').waitFor();

    const guest = await openStay(stack, 'HV1005', 'Dubois');
    await write(guest, 'This is terrible! The room is dirty, the shower is broken and nobody helps. I am furious and disgusted.');
    await guest.getByText('A member of our team will answer here shortly.').waitFor();

    // No reload at the desk: the alert arrives over the property's stream and names the guest.
    await desk.getByText('Léa Dubois, Room 305 needs a person.').waitFor();
    const entry = desk.getByRole('list', { name: 'Guest chats' }).locator('li', { hasText: 'Léa Dubois' });
    await entry.getByText('Waiting for a person').waitFor();
    await entry.getByText('Unhappy').waitFor();
    await desk.getByRole('button', { name: 'Open the chat' }).click();
    await desk.getByRole('heading', { name: 'Léa Dubois · Room 305' }).waitFor();
    await desk.getByRole('button', { name: 'Take over' }).click();
    await desk.getByRole('button', { name: 'Give back to AI' }).waitFor();

    await guest.getByText('A member of our team has joined the chat.').waitFor();
    await desk.getByLabel('Reply as a person').fill('I am so sorry, Léa. A housekeeper and a technician are on their way to room 305 now.');
    await desk.getByRole('button', { name: 'Send reply' }).click();

    const reply = guest.getByRole('list', { name: 'Messages' }).locator('li[data-author="staff"]');
    await reply.getByText('A housekeeper and a technician are on their way', { exact: false }).waitFor();
    assert.match(await reply.innerText(), /Our team/);
    await screenshot(desk, 'staff-inbox-takeover');
    await screenshot(guest, 'guest-chat-person-360');
    await guest.context().close();
    await desk.context().close();
  });

  test('a guest books a massage through the local concierge: it lists the free times, proposes the one she names, and her confirmation books it', async () => {
    const guest = await openStay(stack, 'AL2001', 'Rossi', 'alpine');
    const chat = guest.getByRole('list', { name: 'Messages' });
    await write(guest, 'Is a massage available tomorrow?');
    const times = chat.locator('li[data-author="ai"]:not([aria-busy])', { hasText: 'Free times on' });
    await times.waitFor();
    const massageLine = (await times.innerText()).split('\n').find((line) => /massage/i.test(line));
    const [, treatment, time] = massageLine?.match(/^- (.+?) \(.*?: (\d{2}:\d{2})/) ?? [];
    assert.ok(treatment && time, `a massage and its first time in: ${await times.innerText()}`);

    await write(guest, `Please book the massage at ${time}`);
    const proposal = guest.getByRole('group', { name: 'Please confirm:' });
    await proposal.getByText(time, { exact: false }).waitFor();
    assert.equal(await guest.getByRole('list', { name: 'Your spa bookings' }).count(), 0, 'nothing is booked before the guest confirms');
    await proposal.getByRole('button', { name: 'Confirm', exact: true }).click();
    await chat.locator('li[data-author="ai"]', { hasText: 'Booked:' }).waitFor();
    // The spa section follows live: the booking the concierge made is the guest's like any other.
    await guest.getByRole('list', { name: 'Your spa bookings' }).getByRole('listitem').filter({ hasText: treatment }).getByText('Booked', { exact: true }).waitFor();
    await screenshot(guest, 'guest-chat-spa-booked-360');
    await guest.context().close();
  });

  test("a manager adds a place and switches to suggest mode; the local concierge's recommendation waits as a draft the desk sends", async () => {
    const admin = await newPage(stack);
    await signIn(admin, 'admin@innkeeper.local');
    await admin.getByRole('combobox', { name: 'Property' }).selectOption({ label: 'Alpine Lodge' });
    await openSettingsPage(admin, 'Concierge');
    await admin.getByRole('heading', { name: 'Digital concierge', level: 1 }).waitFor();
    const places = admin.getByRole('region', { name: 'Places to recommend' });
    await places.getByLabel('Name').fill('Restaurant Alpenblick');
    await places.getByLabel('Category').fill('restaurant');
    await places.getByLabel('Description').fill('Rösti and fondue with a view of the valley.');
    await places.getByLabel('Opening hours (optional)').fill('11:30-22:00');
    await places.getByLabel('Walking distance in metres (optional)').fill('350');
    await places.getByRole('button', { name: 'Add place' }).click();
    await places.getByRole('list', { name: 'Places to recommend' }).getByText('Restaurant Alpenblick', { exact: true }).waitFor();
    await admin.getByLabel('Mode').selectOption('suggest');
    await admin.getByRole('button', { name: 'Save concierge settings' }).click();
    await admin.getByText('Saved. The next guest message follows these settings.').waitFor();

    const guest = await openStay(stack, 'AL2002', 'Meier', 'alpine');
    await write(guest, 'Where can I eat nearby?');
    await guest.getByRole('list', { name: 'Messages' }).locator('li[data-author="guest"]').waitFor();

    await admin.getByRole('link', { name: 'Inbox' }).click();
    await admin.getByRole('list', { name: 'Guest chats' }).getByRole('link', { name: /Lukas Meier/ }).click();
    const draft = admin.locator('li[data-state="draft"]');
    await draft.getByText('Restaurant Alpenblick', { exact: false }).waitFor();
    await draft.getByRole('button', { name: 'Send draft' }).click();
    await guest.getByRole('list', { name: 'Messages' }).locator('li[data-author="ai"]', { hasText: 'Restaurant Alpenblick' }).waitFor();
    await guest.context().close();
    await admin.context().close();
  });
});
