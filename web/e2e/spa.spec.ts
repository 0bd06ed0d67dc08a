import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { AppError } from '../../backend/src/lib/errors.js';
import { assertNoHorizontalScroll, browserSuite, newPage, PHONE, screenshot, signIn } from './harness';

/**
 * The front desk opens Anna Müller's stay and fills the Book spa form for an aromatherapy massage
 * tomorrow (a time is free whatever the hour the test runs at), at the `slot`-th free time.
 */
async function deskSpaForm(desk: Page, slot: number) {
  await signIn(desk, 'frontdesk@harbour.local');
  await desk.getByRole('button', { name: /^In house/ }).click();
  await desk.getByRole('link', { name: 'Open the stay of Anna Müller' }).click();
  await desk.getByRole('heading', { name: 'Stay of Anna Müller' }).waitFor();
  const card = desk.getByRole('region', { name: 'Book spa' });
  const treatment = card.getByLabel('Treatment').locator('option', { hasText: 'Aromatherapy massage' });
  await treatment.waitFor({ state: 'attached' });
  await card.getByLabel('Treatment').selectOption((await treatment.getAttribute('value'))!);
  const form = card.getByRole('form', { name: 'Book spa' });
  await form.getByLabel('Day').selectOption({ index: 1 });
  const time = form.getByLabel('Time');
  await time.locator('option').nth(slot).waitFor({ state: 'attached' });
  const startsAt = await time.locator('option').nth(slot).innerText();
  await time.selectOption({ index: slot });
  return { card, form, startsAt };
}

browserSuite('spa', (stack) => {
  test("HV1001 books a massage for tomorrow charged to the room and sees it on the bill; the spa team see it arrive live in the day's schedule and mark her arrived", async () => {
    const guest = await newPage(stack, PHONE);
    await guest.goto('/?c=HV1001');
    await guest.getByLabel('Last name').fill('Müller');
    await guest.getByRole('button', { name: 'Open my stay' }).click();
    await guest.getByRole('heading', { name: 'Welcome, Anna' }).waitFor();

    const spa = guest.getByTestId('spa');
    await spa.getByRole('heading', { name: 'Spa', exact: true }).waitFor();
    const treatments = spa.getByRole('list', { name: 'Treatments' });
    await treatments.getByText('Deep tissue massage').waitFor();
    await spa.getByRole('button', { name: 'Book Deep tissue massage' }).click();
    const form = spa.getByRole('form', { name: 'Book: Deep tissue massage' });
    // Tomorrow: a time is free whatever the hour the test runs at (HV1001 stays two more nights).
    const days = await form.getByLabel('Day').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const day = days[1]!;
    await form.getByLabel('Day').selectOption(day);
    const time = form.getByLabel('Time');
    await time.locator('option').nth(1).waitFor({ state: 'attached' });
    const startsAt = await time.locator('option').nth(1).innerText();
    await time.selectOption({ index: 1 });
    await form.getByLabel(/^Notes for your therapist/).fill('Medium pressure, please');
    // No card saved yet: the treatment goes on the room bill.
    await form.getByText('Charge to my room').waitFor();
    const keys: string[] = [];
    guest.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/stay/spa/bookings') keys.push(request.headers()['idempotency-key'] ?? '');
    });
    await assertNoHorizontalScroll(guest, 'spa booking form');

    // The spa team has that day's schedule open: the booking appears there live, with no reload.
    const desk = await newPage(stack);
    await signIn(desk, 'spa@harbour.local');
    await desk.getByRole('heading', { name: 'Spa schedule' }).waitFor();
    await desk.getByLabel('Day').fill(day);
    await desk.getByText('Live updates on').waitFor();
    const row = desk.locator('tr', { hasText: 'Deep tissue massage' }).filter({ hasText: 'Müller' });
    assert.equal(await row.count(), 0);

    await form.getByRole('button', { name: /^Book for €/ }).click();

    await spa.getByText(new RegExp(`^Booked: Deep tissue massage, .*${startsAt}\\. Your confirmation is on its way by email\\.$`)).waitFor();
    assert.equal(keys.length, 1);
    assert.match(keys[0]!, /^[0-9a-f]{32}$/);
    const booking = spa.getByRole('list', { name: 'Your spa bookings' }).getByRole('listitem');
    await booking.filter({ hasText: 'Deep tissue massage' }).getByText('Booked', { exact: true }).waitFor();
    assert.match(await booking.innerText(), /Charged to your room/);
    // Inside the hotel's window (24 hours) cancelling keeps the fee, and the guest is told so before.
    assert.match(await booking.innerText(), /Free cancellation until .*\.|Cancelling now costs a fee of €\d+\.\d\d\./);
    await guest.getByRole('list', { name: 'Your bill' }).getByText('Deep tissue massage').waitFor();
    await assertNoHorizontalScroll(guest, 'spa booked');
    await screenshot(guest, 'guest-spa-booked-360');
    await guest.context().close();

    await row.getByText('Booked', { exact: true }).waitFor();
    assert.match(await row.innerText(), new RegExp(`${startsAt}–`));
    assert.match(await row.innerText(), /room 204 · room charge/);
    await row.getByRole('button', { name: /^Arrived: / }).click();
    await row.getByText('Arrived', { exact: true }).waitFor();
    assert.equal(await row.getByRole('button', { name: /^No-show: / }).count(), 0, 'no more actions once arrived');
    await screenshot(desk, 'staff-spa-schedule-arrived');
    await desk.context().close();
  });

  test('the front desk books an aromatherapy massage for Anna Müller (checked in) from her stay page, charged to the room, and sees it booked and on the folio', async () => {
    const desk = await newPage(stack);
    const { card, form, startsAt } = await deskSpaForm(desk, 1);
    await form.getByLabel(/^Notes for the therapist/).fill('Lavender oil, please');
    assert.equal(await form.getByLabel('Payment').inputValue(), 'room', 'the room bill is the default');
    await form.getByRole('button', { name: /^Book for €/ }).click();

    await card.getByText(new RegExp(`^Booked: Aromatherapy massage, .*${startsAt}\\. The guest's confirmation is on its way by email\\.$`)).waitFor();
    await card.getByRole('status').getByText(/Charged to the room$/).waitFor();
    await desk.getByRole('region', { name: 'Folio' }).getByText('Aromatherapy massage').waitFor();
    // The stay's bookings below the form, this one with them.
    const booked = card.getByRole('list', { name: 'Spa bookings of this stay' }).getByRole('listitem').filter({ hasText: 'Aromatherapy massage' });
    await booked.getByText('Booked', { exact: true }).waitFor();
    await booked.getByText(new RegExp(`${startsAt}.*Charged to the room$`)).waitFor();
    await screenshot(desk, 'staff-stay-spa-booked');
    await desk.context().close();
  });

  test('a room charge the PMS has not taken (it is down) is flagged on the stay page: the treatment is booked, not yet on the bill', async () => {
    const { rows } = await stack.ctx.database.pool.query<{ id: string }>(`SELECT id FROM properties WHERE code = 'harbour'`);
    const pms = await stack.ctx.integrations.resolve('pms', rows[0]!.id);
    const postCharge = pms.postCharge;
    pms.postCharge = async () => {
      throw new AppError('integration_unavailable', 'The PMS is not answering.');
    };
    try {
      const desk = await newPage(stack);
      const { card, form } = await deskSpaForm(desk, 2);
      await form.getByRole('button', { name: /^Book for €/ }).click();
      await card.getByText(/^Booked: Aromatherapy massage/).waitFor();
      const refused = card.getByRole('list', { name: 'Spa bookings of this stay' }).getByRole('listitem').filter({ hasText: 'Not on the bill yet' });
      await refused.getByText('Booked', { exact: true }).waitFor();
      await desk.context().close();
    } finally {
      pms.postCharge = postCharge;
    }
  });
});
