import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../../mocks/smtp-sink/sink.js';
import { createTaskList } from '../../jobs/task-list.js';
import { configureChannel, demoStay, makeJobsDue, queueCompleted, runDueJobs } from '../../../test/notifications.js';
import { createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';
import { planPreArrivalEmails } from './pre-arrival.js';

describe('notifications for staff, and pre-arrival planning', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let stay: Awaited<ReturnType<typeof demoStay>>;

  beforeAll(async () => {
    t = await createTestApp({ NOTIFICATION_MAX_ATTEMPTS: '2' });
    sink = createSmtpSink();
    const { smtpPort } = await sink.start();
    stay = await demoStay(t.ctx, 'HV1001');
    const alpine = await demoStay(t.ctx, 'AL2001');
    for (const propertyId of [stay.propertyId, alpine.propertyId]) {
      await configureChannel(t.ctx, 'email', propertyId, 'smtp', { host: '127.0.0.1', port: smtpPort });
    }
  });

  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it("lists a stay's notifications with status, attempts and the last error", async () => {
    await t.ctx.database.pool.query(`UPDATE guests SET phone = '+351912345678' WHERE id = $1`, [stay.guestId]);
    const queued = await queueCompleted(t.ctx, stay);
    expect(queued.map((row) => row.channel)).toEqual(['email', 'sms']);
    const run = () => runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
    await run();

    const token = await staffToken(t.app, 'frontdesk@harbour.local');
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/properties/harbour/stays/${stay.stayId}/notifications`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    const list = response.json().notifications as Array<Record<string, unknown>>;
    const email = list.find((row) => row.channel === 'email');
    const sms = list.find((row) => row.channel === 'sms');
    expect(email).toMatchObject({ type: 'request.completed', recipient: stay.email, status: 'sent', attempts: 1, lastError: null });
    expect(email!.sentAt).toEqual(expect.any(String));
    // SMS is `none` by default: the row says so instead of disappearing.
    expect(sms).toMatchObject({ recipient: '+351912345678', status: 'failed', attempts: 1, sentAt: null });
    expect(sms!.lastError).toContain('switched off');
    expect(await makeJobsDue(t.databaseUrl)).toBe(0);
  });

  it('is for the front office only, and only for stays of the property', async () => {
    const housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
    const forbidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/properties/harbour/stays/${stay.stayId}/notifications`,
      headers: { authorization: `Bearer ${housekeeping}` },
    });
    expect(forbidden.statusCode).toBe(403);

    const admin = await staffToken(t.app, 'admin@innkeeper.local');
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/properties/alpine/stays/${stay.stayId}/notifications`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(elsewhere.statusCode).toBe(404);
    const badId = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/properties/harbour/stays/not-a-uuid/notifications`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(badId.statusCode).toBe(400);
  });

  it('queues the pre-arrival email of stays inside the window once, however often it runs', async () => {
    const { rows: due } = await t.ctx.database.pool.query<{ confirmation_number: string }>(
      `SELECT s.confirmation_number FROM stays s JOIN properties p ON p.id = s.property_id
        WHERE s.status = 'reserved'
          AND s.arrival_date BETWEEN (now() AT TIME ZONE p.time_zone)::date AND (now() AT TIME ZONE p.time_zone)::date + 3`,
    );
    expect(due.length).toBeGreaterThan(0);
    const deps = { db: t.ctx.database.db, repository: t.ctx.repositories.notifications };
    expect(await planPreArrivalEmails(deps)).toBe(due.length);
    expect(await planPreArrivalEmails(deps)).toBe(0);

    sink.clear();
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
    const messages = await sink.messages();
    expect(messages).toHaveLength(due.length);
    const chidi = messages.find((message) => message.to[0] === 'hv1002@guests.example');
    expect(chidi?.subject).toMatch(/^Your stay at Harbour View Hotel on /);
    // Its button is Chidi's personal sign-in link: it opens HV1002 without typing anything.
    const code = /http:\/\/localhost:4000\/s#(gsl_[\w-]{43})\n/.exec(chidi?.text ?? '')?.[1];
    expect(code).toBeDefined();
    const opened = await t.app.inject({ method: 'POST', url: '/api/v1/stays/sign-in-link', payload: { code } });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().stay).toMatchObject({ confirmationNumber: 'HV1002', syncedAt: expect.any(String) });
    const stay = await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: { authorization: `Bearer ${opened.json().token}` } });
    expect(stay.json()).toMatchObject({ confirmationNumber: 'HV1002', stale: false });
  });

  it('plans nothing for a property that switched pre-arrival email off', async () => {
    await t.ctx.database.pool.query(`DELETE FROM notifications WHERE type = 'stay.pre_arrival'`);
    await t.ctx.database.pool.query(`UPDATE property_settings SET pre_arrival_email_days = NULL`);
    expect(await planPreArrivalEmails({ db: t.ctx.database.db, repository: t.ctx.repositories.notifications })).toBe(0);
  });
});
