import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoHorizontalScroll, browserSuite, newPage, PHONE, screenshot, signIn, type Stack } from './harness';

/** A month and year still to come, as the card field takes them. */
const FUTURE_EXPIRY = `12 / ${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`;

async function openStay(stack: Stack, confirmation: string, lastName: string, firstName: string): Promise<Page> {
  const page = await newPage(stack, PHONE);
  await page.goto(`/?c=${confirmation}`);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByRole('button', { name: 'Open my stay' }).click();
  await page.getByRole('heading', { name: `Welcome, ${firstName}` }).waitFor();
  return page;
}

/** Opens the card field (Stripe.js from the Stripe mock) and types a card into its inputs. */
async function typeCard(page: Page, number: string) {
  await page.getByRole('button', { name: 'Save a card' }).click();
  await page.locator('input[name="cardnumber"]').fill(number);
  await page.locator('input[name="exp-date"]').fill(FUTURE_EXPIRY);
  await page.locator('input[name="cvc"]').fill('123');
  await page.getByRole('button', { name: 'Save card' }).click();
}

browserSuite('guest card payments', (stack) => {

  test('HV1001 saves a test card and pays the balance with a 10 % tip for the front desk; the bill shows 0, at 360 px', async () => {
    const page = await openStay(stack, 'HV1001', 'Müller', 'Anna');
    const balance = page.getByTestId('folio-balance');
    await balance.waitFor();
    const owed = /€([\d,]+\.\d{2})/.exec(await balance.innerText())?.[1];
    assert.ok(owed && owed !== '0.00', `a balance to pay (${owed})`);

    await typeCard(page, '4242 4242 4242 4242');
    await page.getByTestId('card-on-file').waitFor();
    assert.match(await page.getByTestId('card-on-file').innerText(), /^Visa ending 4242, expires 12\/\d{2}$/);
    await page.getByRole('list', { name: 'Holds on your card' }).getByText('On hold').waitFor();
    assert.equal(await page.locator('script[src*="/v3/"]').count(), 1, 'Stripe.js is added once');

    await page.getByLabel('Add a tip (optional)').selectOption('percent');
    await page.getByLabel('Tip (%)').fill('10');
    await page.getByLabel('Tip for').selectOption('front_desk');
    const owedMinor = Math.round(Number(owed.replace(/,/g, '')) * 100);
    const tipMinor = Math.round(owedMinor / 10);
    const euros = (minor: number) => `€${(minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
    await page.getByText(`Tip ${euros(tipMinor)}; ${euros(owedMinor + tipMinor)} in all.`).waitFor();
    await assertNoHorizontalScroll(page, 'pay form');
    await page.getByRole('button', { name: `Pay ${euros(owedMinor + tipMinor)}` }).click();

    await page.getByText(`Paid ${euros(owedMinor)}. Thank you!`).waitFor();
    await page.getByText(`Your tip of ${euros(tipMinor)} goes to Front desk. Thank you!`).waitFor();
    await page.getByText('There is nothing to pay right now.').waitFor();
    assert.match(await balance.innerText(), /Balance\s+€0\.00/);
    const payments = page.getByRole('list', { name: 'Your payments' });
    await payments.locator('li[data-kind="tip"]').getByText('Front desk').waitFor();
    assert.match(await payments.locator('li[data-kind="payment"]').innerText(), new RegExp(`Payment\\s*Paid[\\s\\S]*${euros(owedMinor).replace('.', '\\.')}`));
    await assertNoHorizontalScroll(page, 'after paying');
    await screenshot(page, 'guest-paid-with-tip-360');
    await page.context().close();
  });

  test('the front desk charges the card HV1001 saved for a late check-out, once, and it shows on the folio', async () => {
    const page = await newPage(stack);
    await signIn(page, 'frontdesk@harbour.local');
    await page.getByRole('searchbox', { name: 'Find a guest' }).fill('HV1001');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Open the stay of Anna Müller' }).click();
    await page.getByRole('heading', { name: 'Stay of Anna Müller' }).waitFor();
    const form = page.getByRole('form', { name: 'Charge the card on file' });
    await form.getByRole('button', { name: 'Charge card' }).click();
    await form.getByText('Say what the charge is for; the guest sees it on the folio.').waitFor();
    await form.getByLabel('Amount (EUR)').fill('12.50');
    await form.getByLabel('What it is for').fill('Late check-out');
    await form.getByRole('button', { name: 'Charge card' }).click();
    await form.getByText('€12.50 charged to the card.').waitFor();
    await page.getByRole('list', { name: 'Payments' }).getByText(/€12\.50/).first().waitFor();
    assert.match(await page.getByTestId('folio-balance').innerText(), /[-−]€12\.50/);
    await screenshot(page, 'staff-charged-card-on-file');
    await page.context().close();
  });

  test("a bank asking for 3-D Secure: Stripe.js's step, then the same request goes on and the balance is paid", async () => {
    // HV1006, not HV1005: HV1005 leaves today and checks out below.
    const page = await openStay(stack, 'HV1006', 'Tanaka', 'Hiroshi');
    await typeCard(page, '4000 0027 6000 3184');
    await page.getByTestId('card-on-file').waitFor();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/stay/payments') keys.push(request.headers()['idempotency-key'] ?? '');
    });
    await page.getByRole('button', { name: /^Pay €/ }).click();
    await page.getByText(/^Paid €[\d,]+\.\d{2}\. Thank you!$/).waitFor();
    assert.match(await page.getByTestId('folio-balance').innerText(), /Balance\s+€0\.00/);
    assert.equal(keys.length, 2, 'sent again after authenticating');
    assert.equal(keys[0], keys[1], 'with the same Idempotency-Key');
    await page.context().close();
  });

  test('express checkout: HV1005, leaving today, reviews the bill, pays it with a tip, checks out, and the receipt email lists the folio', async () => {
    const page = await openStay(stack, 'HV1005', 'Dubois', 'Léa');
    await page.getByRole('button', { name: 'Check out', exact: true }).click();
    await page.getByRole('heading', { name: '1. Review your bill' }).waitFor();
    const bill = page.getByRole('list', { name: 'Your bill' });
    await bill.waitFor();
    const charges = await bill.locator('li:not(:has(.badge))').locator('.what').evaluateAll((items) => items.map((item) => item.firstChild?.textContent ?? ''));
    assert.ok(charges.length > 0, 'charges to review');
    assert.equal(await page.getByRole('button', { name: 'Confirm check-out' }).isDisabled(), true, 'not before the balance is paid');
    await page.getByText('Pay the balance first, then check out here.').waitFor();

    await typeCard(page, '4242 4242 4242 4242');
    await page.getByTestId('card-on-file').waitFor();
    await page.getByLabel('Add a tip (optional)').selectOption('amount');
    await page.getByLabel(/^Tip \(/).fill('5');
    await page.getByRole('button', { name: /^Pay €/ }).click();
    await page.getByText('Your tip of €5.00 goes to Front desk. Thank you!').waitFor();
    await page.getByText('Everything is paid. Check out now?', { exact: false }).waitFor();
    await assertNoHorizontalScroll(page, 'express checkout paid');
    await page.getByRole('button', { name: 'Confirm check-out' }).click();

    await page.getByRole('heading', { name: 'You are checked out' }).waitFor();
    await page.getByText('Your receipt is on its way to hv1005@guests.example.').waitFor();
    await assertNoHorizontalScroll(page, 'checked out');
    await screenshot(page, 'guest-express-checkout-done-360');

    await stack.runJobs();
    const receipts = (await stack.mailbox.messages()).filter((mail) => mail.to.includes('hv1005@guests.example') && /receipt/i.test(mail.subject ?? ''));
    assert.equal(receipts.length, 1, 'one receipt');
    for (const charge of charges) assert.ok(receipts[0]!.text?.includes(charge), `the receipt lists ${charge}`);
    assert.match(receipts[0]!.text ?? '', /Your tip of €5\.00 goes to the team/);
    assert.match(receipts[0]!.text ?? '', /Balance: €0\.00/);
    await page.context().close();
  });

  test('a declined card says so beside the card field, and nothing is saved', async () => {
    const page = await openStay(stack, 'HV1002', 'Okafor', 'Chidi');
    await typeCard(page, '4000 0000 0000 0002');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Your card was declined. Please use another card or contact your bank.');
    assert.equal(await page.getByTestId('card-on-file').count(), 0);
    await assertNoHorizontalScroll(page, 'declined card');
    await screenshot(page, 'guest-card-declined-360');
    await page.context().close();
  });
});
