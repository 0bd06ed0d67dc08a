import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planPreArrivalEmails } from '../../backend/src/modules/notifications/pre-arrival.js';
import { assertNoHorizontalScroll, browserSuite, newPage, PHONE, screenshot, type Stack } from './harness';

/** The personal sign-in link in the newest message to `to` whose subject matches. */
async function linkInMail(stack: Stack, to: string, subject: RegExp): Promise<string> {
  const mail = (await stack.mailbox.messages()).findLast((message) => message.to.includes(to) && subject.test(message.subject ?? ''));
  const link = /(https?:\/\/\S+\/s#gsl_[\w-]+)/.exec(mail?.text ?? '')?.[1];
  assert.ok(link, `a sign-in link in a mail to ${to} (${subject})`);
  return link;
}

browserSuite('guest app', (stack) => {

  test('a link prefills the lookup; HV1001 opens the stay and its folio, at 360 px without horizontal scroll', async () => {
    const page = await newPage(stack, PHONE);
    await page.goto('/?c=HV1001&p=harbour');
    assert.equal(await page.getByLabel('Confirmation number').inputValue(), 'HV1001');
    await page.locator('.hotel-name', { hasText: 'Harbour View Hotel' }).waitFor();
    await page.getByLabel('Last name').fill('Müller');
    await assertNoHorizontalScroll(page, 'lookup');
    await screenshot(page, 'guest-lookup-360');

    await page.getByRole('button', { name: 'Open my stay' }).click();
    await page.getByRole('heading', { name: 'Welcome, Anna' }).waitFor();
    await page.getByText('Harbour View Hotel').waitFor();
    const balance = page.getByTestId('folio-balance');
    await balance.waitFor();
    assert.match(await balance.innerText(), /Balance\s+-?€[\d,]+\.\d{2}/);
    assert.ok((await page.getByRole('list', { name: 'Your bill' }).getByRole('listitem').count()) > 0, 'folio lines are listed');

    assert.equal(new URL(page.url()).pathname, '/stay');
    assert.equal(new URL(page.url()).search, '', 'no token or lookup data in the URL');
    const stored = await page.evaluate(() => sessionStorage.getItem('innkeeper.guest'));
    assert.match(stored ?? '', /"token":"/);
    await assertNoHorizontalScroll(page, 'stay');
    await screenshot(page, 'guest-stay-360');
    await page.context().close();
  });

  test('a wrong last name shows the error and keeps the guest on the lookup', async () => {
    const page = await newPage(stack, PHONE);
    await page.goto('/');
    await page.getByLabel('Confirmation number').fill('HV1001');
    await page.getByLabel('Last name').fill('Smith');
    await page.getByRole('button', { name: 'Open my stay' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not find a stay/);
    assert.equal(new URL(page.url()).pathname, '/');
    await assertNoHorizontalScroll(page, 'lookup error');
    await screenshot(page, 'guest-lookup-error-360');
    await page.context().close();
  });

  test('contact details show the field error beside the field, then save', async () => {
    const page = await newPage(stack, PHONE);
    await page.goto('/?c=HV1001');
    await page.getByLabel('Last name').fill('muller');
    await page.getByRole('button', { name: 'Open my stay' }).click();
    const phone = page.getByLabel('Mobile phone');
    await phone.fill('12345');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Enter your mobile number in international format: a plus, the country code and the number, e.g. +351912345678.').waitFor();
    assert.equal(await phone.getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'guest-contact-error-360');

    await phone.fill('+351912345678');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details are saved.').waitFor();
    assert.equal(await phone.getAttribute('aria-invalid'), null);
    await page.context().close();
  });

  test("the pre-arrival email's link opens the guest's stay without typing anything", async () => {
    await planPreArrivalEmails({ db: stack.ctx.database.db, repository: stack.ctx.repositories.notifications });
    await stack.runJobs();
    const link = await linkInMail(stack, 'hv1002@guests.example', /^Your stay at Harbour View Hotel/);
    assert.ok(link.startsWith(`${stack.baseUrl}/s#`), `${link} points at this server`);

    const page = await newPage(stack, PHONE);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Welcome, Chidi' }).waitFor();
    await page.getByText('Harbour View Hotel').waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/stay');
    assert.equal(url.hash, '', 'the code leaves the address bar');
    await assertNoHorizontalScroll(page, 'stay from link');
    await screenshot(page, 'guest-stay-from-email-link-360');
    await page.context().close();
  });

  test('past the failed-lookup limit the guest is told a link was sent, and that link opens the stay', async () => {
    const page = await newPage(stack, PHONE);
    await page.goto('/?c=HV1004');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await page.getByLabel('Last name').fill(`Guess${attempt}`);
      await page.getByRole('button', { name: 'Open my stay' }).click();
      await page.getByText('could not find a stay').waitFor();
    }
    await page.getByLabel('Last name').fill("O'Connor");
    await page.getByRole('button', { name: 'Open my stay' }).click();
    await page.getByText('we have sent a sign-in link').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await screenshot(page, 'guest-lookup-link-sent-360');

    await stack.runJobs();
    await page.goto(await linkInMail(stack, 'hv1004@guests.example', /sign-in link/));
    await page.getByRole('heading', { name: 'Welcome, James' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/stay');
    await page.context().close();
  });
});
