import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { documentPicture } from '../../backend/test/id-document-pictures.js';
import { planPreArrivalEmails } from '../../backend/src/modules/notifications/pre-arrival.js';
import { assertNoHorizontalScroll, browserSuite, newPage, PHONE_390, screenshot, signIn, type Stack } from './harness';

/** A passport picture as a phone would hand it to the file field; the e2e stack reads it with the local (tesseract) reader. */
const passport = (id: Parameters<typeof documentPicture>[0]) => ({ name: 'passport.png', mimeType: 'image/png', buffer: documentPicture(id) });

/** Draws a signature in the pad with the mouse (pointer events, as a finger would). */
async function sign(page: Page) {
  const pad = page.locator('canvas.signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.7);
  await page.mouse.down();
  for (const [x, y] of [[0.3, 0.2], [0.5, 0.8], [0.7, 0.3], [0.9, 0.6]] as const) await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 8 });
  await page.mouse.up();
}

/** A guest's token, as the lookup gives it, for steps a test does not do in the browser. */
async function guestApi(stack: Stack, confirmation: string, lastName: string) {
  const lookup = await fetch(`${stack.baseUrl}/api/v1/stays/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirmation, lastName }) });
  const { token } = (await lookup.json()) as { token: string };
  return (path: string, body: object) =>
    fetch(`${stack.baseUrl}/api/v1/stay/check-in/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

browserSuite('online check-in', (stack) => {
  test('the guest follows the pre-arrival link, checks in with a passport photo read on the server, signs, and sees "done"', async () => {
    // The card step is the payments suite's; here the hotel asks for the rest.
    await stack.ctx.database.pool.query(`UPDATE property_settings SET check_in_steps = ARRAY['contact', 'id', 'registration', 'arrival'] WHERE property_id = (SELECT id FROM properties WHERE code = 'harbour')`);
    await planPreArrivalEmails({ db: stack.ctx.database.db, repository: stack.ctx.repositories.notifications });
    await stack.runJobs();
    const mail = (await stack.mailbox.messages()).findLast((message) => message.to.includes('hv1002@guests.example'));
    const link = /(https?:\/\/\S+\/s#gsl_[\w-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(link, 'the pre-arrival email carries a sign-in link');

    const page = await newPage(stack, PHONE_390);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Online check-in' }).waitFor();
    await page.getByText('0 of 4 steps done').waitFor();
    await screenshot(page, 'check-in-start-390');
    await page.getByRole('button', { name: 'Confirm and continue' }).click();

    await page.getByRole('heading', { name: 'ID document', level: 3 }).waitFor();
    await page.getByLabel('Photo of the document (photo page or front)').setInputFiles(passport('passport-deu'));
    await page.getByRole('button', { name: 'Read my document' }).click();
    const surname = page.getByLabel('Surname');
    await surname.waitFor({ timeout: 60_000 });
    assert.equal(await surname.inputValue(), 'MUSTERMANN');
    assert.equal(await page.getByLabel('Document number').inputValue(), 'C4J7R2K95');
    await assertNoHorizontalScroll(page, 'ID fields');
    await screenshot(page, 'check-in-id-fields-390');
    await page.getByRole('button', { name: 'These details are correct' }).click();

    await page.getByRole('heading', { name: 'Registration card', level: 3 }).waitFor();
    await page.getByRole('button', { name: 'Sign the registration card' }).click();
    await page.getByText('Please sign in the box and accept the terms.').waitFor();
    await page.getByLabel('I have read and accept the terms').check();
    await sign(page);
    await screenshot(page, 'check-in-signature-390');
    await page.getByRole('button', { name: 'Sign the registration card' }).click();

    await page.getByLabel('Estimated arrival time').fill('15:30');
    await page.getByLabel('A parking space').check();
    await page.getByRole('button', { name: 'Finish check-in' }).click();
    await page.getByText('You are checked in online').waitFor();
    await assertNoHorizontalScroll(page, 'done');
    await screenshot(page, 'check-in-done-390');
    await page.context().close();
  });

  test('staff finish the check-in of a guest who skipped the ID step: scan, confirm, sign on the tablet, and the arrivals list ticks it', async () => {
    const guest = await guestApi(stack, 'HV1003', 'Ferreira');
    assert.equal((await guest('contact', {})).status, 200);
    assert.equal((await guest('arrival', { arrivalTime: '18:00', cot: true })).status, 200);

    const page = await newPage(stack);
    await signIn(page, 'frontdesk@harbour.local');
    await page.getByRole('link', { name: 'Open the stay of Sofia Ferreira' }).click();
    await page.getByRole('heading', { name: 'Online check-in' }).waitFor();
    await page.getByText('Arrival 18:00; asks for a cot').waitFor();
    await page.getByLabel('Photo of the document (photo page or front)').setInputFiles(passport('passport-deu'));
    await page.getByRole('button', { name: 'Read my document' }).click();
    await page.getByLabel('Surname').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'These details are correct' }).click();
    await page.getByRole('heading', { name: 'Sign on this tablet' }).waitFor();
    await sign(page);
    await page.getByRole('button', { name: 'Sign the registration card' }).click();
    await page.getByText('Online check-in done').waitFor();
    await page.getByRole('button', { name: 'Open the registration card (PDF)' }).waitFor();
    await screenshot(page, 'staff-check-in-finished');

    await page.getByRole('link', { name: /Back/ }).click();
    // The list refetches the ticks it showed before the desk finished: wait for the new ones.
    const ticks = page.getByRole('row', { name: /Sofia Ferreira/ }).getByRole('img', { name: /^Contact details: Done, ID document: Done, Registration card: Done, Arrival: Done/ });
    await ticks.waitFor();
    assert.match(await ticks.innerText(), /^✓✓✓✓/);
    await page.context().close();
  });

  test('an ID with a bad check digit lands in the review queue, and staff approve it', async () => {
    const guest = await guestApi(stack, 'HV1004', "O'Connor");
    const read = await guest('id', { kind: 'passport', front: documentPicture('passport-bad-check-digit').toString('base64') });
    assert.equal(read.status, 200);
    const state = (await read.json()) as { id: { flags: string[]; fields: Record<string, { value: string }> } };
    assert.ok(state.id.flags.includes('mrz_check_digit_failed'), `flags ${state.id.flags.join(', ')}`);
    const fields = Object.fromEntries(Object.entries(state.id.fields).map(([name, field]) => [name, field.value]));
    assert.equal((await guest('id/confirm', { fields })).status, 200);

    const page = await newPage(stack);
    await signIn(page, 'frontdesk@harbour.local');
    await page.getByRole('link', { name: 'ID review' }).click();
    await page.getByRole('heading', { name: 'IDs to review' }).waitFor();
    const row = page.getByRole('row', { name: /James O'Connor/ });
    await row.getByText(/A check number on the document did not match/).waitFor();
    await screenshot(page, 'staff-id-review-queue');
    await row.getByRole('link', { name: "Open the stay of James O'Connor" }).click();
    await page.getByText('Waiting for review').waitFor();
    await page.getByRole('button', { name: 'Approve ID' }).click();
    await page.getByText('Approved', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'ID review' }).click();
    await page.getByRole('heading', { name: 'IDs to review' }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.context().close();
  });
});
