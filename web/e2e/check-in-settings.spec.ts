import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addHarbourManager } from '../../backend/test/notifications.js';
import { browserSuite, newPage, screenshot, signIn, openSettingsPage } from './harness';

browserSuite('staff check-in settings', (stack) => {
  test('a manager turns the card step off, moves arrival before registration from the keyboard, keeps ID data 7 days, and the property has it', async () => {
    const pool = stack.ctx.database.pool;
    await addHarbourManager(pool);
    const page = await newPage(stack);
    await signIn(page, 'manager@harbour.local');
    await openSettingsPage(page, 'Check-in settings');
    await page.getByRole('heading', { name: 'Online check-in settings', level: 1 }).waitFor();
    const steps = () => page.locator('.step-order li').evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));
    assert.deepEqual(await steps(), ['contact', 'id', 'registration', 'card', 'arrival']);

    await page.getByRole('checkbox', { name: 'Card for the hold' }).uncheck();
    // Pressed twice from the keyboard: the button keeps the focus as its row moves up.
    await page.getByRole('button', { name: 'Move Arrival up' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.deepEqual(await steps(), ['contact', 'id', 'arrival', 'registration', 'card']);

    const retention = page.getByLabel('Days to keep ID data after check-out');
    await retention.fill('a week');
    // Terms longer than the API takes: its 400 shows beside that language's field.
    await page.getByLabel('Terms in Deutsch').fill('x'.repeat(4001));
    const save = page.getByRole('button', { name: 'Save check-in settings' });
    await save.click();
    await page.getByText('Enter a whole number of days from 0 to 3650.').waitFor();
    await retention.fill('7');
    await save.click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    assert.equal(await page.getByLabel('Terms in Deutsch').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Terms in Deutsch').fill('Ich akzeptiere die Hausordnung.');
    await save.click();
    await page.getByText('Saved. Guests starting online check-in from now on get these steps.').waitFor();
    await screenshot(page, 'staff-check-in-settings');

    const { rows } = await pool.query(
      `SELECT check_in_steps, check_in_retention_days, registration_terms FROM property_settings ps JOIN properties p ON p.id = ps.property_id WHERE p.code = 'harbour'`,
    );
    assert.deepEqual(rows[0].check_in_steps, ['contact', 'id', 'arrival', 'registration']);
    assert.equal(rows[0].check_in_retention_days, 7);
    assert.equal(rows[0].registration_terms.de, 'Ich akzeptiere die Hausordnung.');
    await page.context().close();
  });
});
