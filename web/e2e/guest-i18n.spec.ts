import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, PHONE_390, screenshot } from './harness';

/** The field's error sentence, as tied to its input by aria-describedby. */
async function errorOf(page: import('playwright-core').Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const errorId = ids.find((id) => id.endsWith('-error'));
  assert.ok(errorId, `${label} has an error tied to it`);
  return page.locator(`[id="${errorId}"]`).innerText();
}

async function openStay(page: import('playwright-core').Page, confirmation: string, lastName: string, button = 'Open my stay') {
  await page.goto(`/?c=${confirmation}`);
  await page.getByLabel(/Last name|Nachname|Nom de famille/).fill(lastName);
  await page.getByRole('button', { name: button }).click();
}

browserSuite('guest app languages, hotel and contact details', (stack) => {
  test("speaks the browser's language, and the switcher's choice is remembered", async () => {
    const page = await newPage(stack, PHONE_390, 'fr-CH');
    await page.goto('/?p=alpine');
    await page.getByRole('heading', { name: 'Ouvrir votre séjour' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await screenshot(page, 'guest-lookup-fr-390');

    await page.getByLabel('Langue').selectOption('de');
    await page.getByRole('heading', { name: 'Ihren Aufenthalt öffnen' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Ihren Aufenthalt öffnen' }).waitFor();
    assert.equal(await page.getByLabel('Sprache').inputValue(), 'de');

    // The app saves the choice on the stay with a request of its own once the stay opens.
    const saved = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/stay/guest/language' && response.request().method() === 'PUT');
    await openStay(page, 'AL2002', 'Meier', 'Aufenthalt öffnen');
    await page.getByRole('heading', { name: 'Willkommen, Lukas' }).waitFor();
    // Dates and money in German: "Mi., 3. Juni 2026", "CHF 1’234.50" style as Intl writes them for de-DE.
    const arrival = await page.locator('dt', { hasText: 'Anreise' }).locator('xpath=following-sibling::dd').innerText();
    assert.match(arrival, /^[A-Z][a-z]{1,2}\., \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+\.? \d{4}$/);
    await page.getByRole('heading', { name: 'Ihre Rechnung' }).waitFor();
    // The hotel's emails follow the guest's choice.
    assert.equal((await saved).status(), 200);
    const { rows } = await stack.ctx.database.pool.query(`SELECT g.language FROM guests g JOIN stays s ON s.guest_id = g.id WHERE s.confirmation_number = 'AL2002'`);
    assert.equal(rows[0].language, 'de');
    await screenshot(page, 'guest-stay-de-390');
    await page.context().close();
  });

  test("the lookup shows the hotel's name as the page title, and says what to fill on an empty submit", async () => {
    const page = await newPage(stack, PHONE_390);
    await page.goto('/?p=harbour');
    await page.locator('.hotel-name', { hasText: 'Harbour View Hotel' }).waitFor();
    assert.equal(await page.locator('.topbar .brand').innerText(), 'Harbour View Hotel');
    assert.equal(await page.title(), 'Harbour View Hotel');
    await page.getByRole('button', { name: 'Open my stay' }).click();
    assert.equal(await errorOf(page, 'Confirmation number'), 'Enter the confirmation number from your booking email.');
    assert.equal(await errorOf(page, 'Last name'), 'Enter the last name on the booking.');
    assert.equal(await page.getByText('Invalid request').count(), 0);
    await screenshot(page, 'guest-lookup-empty-submit-390');
    await page.context().close();
  });

  test("contact details: a Swiss hotel's examples, saved without a street and shown after a reload, a field error beside its field", async () => {
    const page = await newPage(stack, PHONE_390);
    await openStay(page, 'AL2008', 'Brunner');
    await page.getByRole('heading', { name: 'Welcome, Jonas' }).waitFor();
    await page.getByText('International format, e.g. +41791234567').waitFor();
    await page.getByText('Two letters, e.g. CH').waitFor();

    await page.getByLabel('Country', { exact: true }).fill('1x');
    await page.getByLabel('Mobile phone').fill('079 123');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    assert.equal(await errorOf(page, 'Country'), 'Enter the country as its two-letter code, e.g. CH.');
    assert.equal(await errorOf(page, 'Mobile phone'), 'Enter your mobile number in international format: a plus, the country code and the number, e.g. +41791234567.');
    await screenshot(page, 'guest-contact-field-errors-390');

    await page.getByLabel('Mobile phone').fill('+41 79 123 45 67');
    await page.getByLabel('City').fill('Zermatt');
    await page.getByLabel('Country', { exact: true }).fill('ch');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details are saved.').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Jonas' }).waitFor();
    assert.equal(await page.getByLabel('Mobile phone').inputValue(), '+41791234567');
    assert.equal(await page.getByLabel('City').inputValue(), 'Zermatt');
    assert.equal(await page.getByLabel('Country', { exact: true }).inputValue(), 'CH');
    assert.equal(await page.getByLabel('Street address').inputValue(), '');

    await page.getByLabel('Street address').fill('Bahnhofstrasse 7');
    await page.getByLabel('Postal code').fill('3920');
    await page.getByRole('button', { name: 'Save contact details' }).click();
    await page.getByText('Your contact details are saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Jonas' }).waitFor();
    assert.equal(await page.getByLabel('Street address').inputValue(), 'Bahnhofstrasse 7');
    assert.equal(await page.getByLabel('Postal code').inputValue(), '3920');
    await screenshot(page, 'guest-contact-saved-390');
    await page.context().close();
  });

  test('the signed-in guest sees the hotel information, in their language where the hotel gave it', async () => {
    const page = await newPage(stack, PHONE_390, 'de-CH');
    await openStay(page, 'AL2002', 'Meier', 'Aufenthalt öffnen');
    const section = page.getByRole('region', { name: 'Hotelinformationen' });
    await section.getByText('Sauna und Dampfbad 15:00-20:00').waitFor();
    assert.match(await section.innerText(), /Netzwerk: AlpineLodge/);
    assert.match(await section.innerText(), /Passwort: matterhorn/);
    // Given in English only: shown in the default language.
    await section.getByText('112 (Notruf), 144 (Sanität), 1414 (Rega)').waitFor();
    assert.match((await section.getByRole('link', { name: 'Karte öffnen' }).getAttribute('href')) ?? '', /^https:\/\/www\.openstreetmap\.org\//);
    await section.screenshot({ path: `${import.meta.dirname}/artifacts/guest-hotel-information-de-390.png` });
    await page.context().close();
  });

  test("the hotel's request categories are named in the guest's language, and follow the switcher", async () => {
    const page = await newPage(stack, PHONE_390, 'de-CH');
    await openStay(page, 'AL2002', 'Meier', 'Aufenthalt öffnen');
    const germanSelect = page.getByLabel('Was brauchen Sie?');
    await germanSelect.locator('option', { hasText: 'Handtücher' }).waitFor({ state: 'attached' });
    const germanOptions = await germanSelect.locator('option').allInnerTexts();
    assert.ok(germanOptions.includes('Zimmerreinigung') && germanOptions.includes('Weckruf'), germanOptions.join(', '));
    assert.ok(!germanOptions.includes('Towels'), 'no English name left in the German list');
    await germanSelect.selectOption({ label: 'Handtücher' });
    await page.getByRole('button', { name: 'Wunsch senden' }).click();
    await page.getByText('Wunsch gesendet. Wir halten Sie hier auf dem Laufenden.').waitFor();
    // The guest's own list names the request as the form did.
    await page.getByRole('list', { name: 'Ihre Wünsche' }).getByText('Handtücher').first().waitFor();
    await page.getByRole('region', { name: 'Einen Wunsch äußern' }).screenshot({ path: `${import.meta.dirname}/artifacts/guest-request-categories-de-390.png` });

    await page.getByLabel('Sprache').selectOption('fr');
    await page.getByLabel('De quoi avez-vous besoin ?').locator('option', { hasText: 'Serviettes' }).waitFor({ state: 'attached' });
    await page.context().close();
  });

  test('an unknown address shows a 404 page, and the app has a favicon', async () => {
    const page = await newPage(stack, PHONE_390);
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to the start page' }).click();
    await page.getByRole('heading', { name: 'Open your stay' }).waitFor();
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    assert.ok(icon, 'a favicon link');
    const answer = await page.request.get(icon);
    assert.equal(answer.status(), 200);
    assert.match(answer.headers()['content-type'] ?? '', /image\/svg\+xml/);
    await page.goto('/no-such-page');
    await screenshot(page, 'guest-404-390');
    await page.context().close();
  });
});
