import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../../mocks/smtp-sink/sink.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { configureChannel, demoStay, makeJobsDue, notificationRow, queueCompleted, runDueJobs } from '../../../test/notifications.js';
import { createTaskList } from '../task-list.js';

describe('deliver_notification over SMTP', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let stay: Awaited<ReturnType<typeof demoStay>>;
  const run = () => runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));

  beforeAll(async () => {
    t = await createTestApp({ NOTIFICATION_MAX_ATTEMPTS: '3', PUBLIC_BASE_URL: 'https://guest.harbour.example' });
    sink = createSmtpSink();
    const { smtpPort } = await sink.start();
    stay = await demoStay(t.ctx, 'HV1001');
    await configureChannel(t.ctx, 'email', stay.propertyId, 'smtp', { host: '127.0.0.1', port: smtpPort, from: 'Harbour View <stay@harbour.example>' });
  });

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  beforeEach(async () => {
    sink.clear();
    sink.reject(null);
    await t.ctx.database.pool.query(`UPDATE property_settings SET default_language = 'en'`);
    await t.ctx.database.pool.query(`UPDATE guests SET language = NULL WHERE id = $1`, [stay.guestId]);
  });

  it('sends HTML and text to the guest with a deterministic Message-ID, then records it as sent', async () => {
    const [email] = await queueCompleted(t.ctx, stay);
    await run();

    const [message, ...others] = await sink.messages();
    expect(others).toHaveLength(0);
    expect(message!.to).toEqual([stay.email]);
    expect(message!.from).toBe('stay@harbour.example');
    expect(message!.subject).toBe('Done: Towels');
    expect(message!.language).toBe('en');
    expect(message!.text).toContain('Dear Anna,');
    // The button is the guest's personal sign-in link, and it opens the stay.
    const code = /https:\/\/guest\.harbour\.example\/s#(gsl_[\w-]{43})\n/.exec(message!.text ?? '')?.[1];
    expect(code).toBeDefined();
    const opened = await t.app.inject({ method: 'POST', url: '/api/v1/stays/sign-in-link', payload: { code } });
    expect(opened.json().stay).toMatchObject({ confirmationNumber: 'HV1001' });
    expect(message!.html).toContain('<html lang="en">');
    expect(message!.html).toContain('Your request (Towels) has been completed.');
    expect(message!.messageId).toBe(`<notification.${email!.id}@guest.harbour.example>`);
    expect(message!.headers['x-innkeeper-notification']).toBe(email!.id);

    const row = await notificationRow(t.ctx, email!.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, provider_message_id: message!.messageId });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it("writes in the property's language", async () => {
    await t.ctx.database.pool.query(`UPDATE property_settings SET default_language = 'de' WHERE property_id = $1`, [stay.propertyId]);
    await queueCompleted(t.ctx, stay);
    await run();
    const [message] = await sink.messages();
    expect(message!.subject).toBe('Erledigt: Towels');
    expect(message!.language).toBe('de');
    expect(message!.text).toContain('Hallo Anna,');
    expect(message!.html).toContain('<html lang="de">');
  });

  it("writes in the guest's own language (from the PMS or chosen in the guest app) over the property's", async () => {
    await t.ctx.database.pool.query(`UPDATE property_settings SET default_language = 'de' WHERE property_id = $1`, [stay.propertyId]);
    await t.ctx.database.pool.query(`UPDATE guests SET language = 'fr' WHERE id = $1`, [stay.guestId]);
    await queueCompleted(t.ctx, stay);
    await run();
    const [message] = await sink.messages();
    expect(message!.subject).toBe("C'est fait : Towels");
    expect(message!.language).toBe('fr');
    expect(message!.text).toContain('Bonjour Anna,');
  });

  it.each([
    ['en', 'Done: Towels'],
    ['de', 'Erledigt: Towels'],
    ['fr', "C'est fait : Towels"],
    ['es', 'Hecho: Towels'],
    ['pt', 'Concluído: Towels'],
    ['it', 'Fatto: Towels'],
  ])('has templates in %s', async (language, subject) => {
    await t.ctx.database.pool.query(`UPDATE guests SET language = $2 WHERE id = $1`, [stay.guestId, language]);
    await queueCompleted(t.ctx, stay);
    await run();
    const [message] = await sink.messages();
    expect(message!.subject).toBe(subject);
    expect(message!.html).toContain(`<html lang="${language}">`);
  });

  it('does nothing for a notification that is already sent', async () => {
    const [email] = await queueCompleted(t.ctx, stay);
    await run();
    const delivery = await import('../../modules/notifications/notification-delivery.js');
    const again = delivery.createNotificationDelivery({
      repository: t.ctx.repositories.notifications,
      signInLinks: t.ctx.repositories.stays,
      integrations: t.ctx.integrations,
      publicBaseUrl: 'http://localhost',
      maxAttempts: 3,
      log: t.ctx.logger,
    });
    expect(await again.deliver(email!.id)).toBe('skipped');
    expect(await sink.messages()).toHaveLength(1);
    expect((await notificationRow(t.ctx, email!.id)).attempts).toBe(1);
  });

  it('retries a temporary SMTP refusal with backoff, then fails with the reason', async () => {
    sink.reject({ code: 451, message: 'Try again later' });
    const [email] = await queueCompleted(t.ctx, stay);

    await run();
    let row = await notificationRow(t.ctx, email!.id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toContain('451');
    // This notification's job only: other modules' jobs (a key sync for the stay, say) may be queued too.
    const { rows: waiting } = await t.ctx.database.pool.query(`SELECT run_at > now() AS later, last_error FROM graphile_worker.jobs WHERE task_identifier = 'deliver_notification'`);
    expect(waiting).toEqual([{ later: true, last_error: expect.stringContaining('451') }]);

    for (let attempt = 2; attempt <= 3; attempt += 1) {
      expect(await makeJobsDue(t.databaseUrl, 'deliver_notification')).toBe(1);
      await run();
    }
    row = await notificationRow(t.ctx, email!.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.last_error).toContain('451 Try again later');
    expect(await sink.messages()).toHaveLength(0);
    const { rows: jobs } = await t.ctx.database.pool.query(`SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'deliver_notification'`);
    expect(jobs).toHaveLength(0);
  });

  it('fails at once on a permanent SMTP refusal', async () => {
    sink.reject({ code: 550, message: 'No such user here' });
    const [email] = await queueCompleted(t.ctx, stay);
    await run();
    const row = await notificationRow(t.ctx, email!.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('550 No such user here');
  });

  it('recovers when the server accepts again before the last attempt', async () => {
    sink.reject({ code: 421, message: 'Busy', count: 1 });
    const [email] = await queueCompleted(t.ctx, stay);
    await run();
    expect((await notificationRow(t.ctx, email!.id)).status).toBe('queued');
    await makeJobsDue(t.databaseUrl, 'deliver_notification');
    await run();
    expect(await notificationRow(t.ctx, email!.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(await sink.messages()).toHaveLength(1);
  });
});
