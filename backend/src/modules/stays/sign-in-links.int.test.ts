import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../../../../mocks/smtp-sink/sink.js';
import { configureChannel, demoStay, runDueJobs } from '../../../test/notifications.js';
import { createTestApp, staffToken, type TestApp } from '../../../test/test-app.js';
import { createTaskList } from '../../jobs/task-list.js';

const lookup = (t: TestApp, payload: Record<string, string>, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/stays/lookup', payload, remoteAddress: ip });
const openLink = (t: TestApp, code: string) => t.app.inject({ method: 'POST', url: '/api/v1/stays/sign-in-link', payload: { code } });
const stayWith = (t: TestApp, token: string) => t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: { authorization: `Bearer ${token}` } });

/** The code of the sign-in link in a message's text. */
const linkCode = (text: string | null) => /\/s#(gsl_[\w-]+)/.exec(text ?? '')?.[1];

describe('guest lookups past the failure limits', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const runJobs = () => runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));

  beforeAll(async () => {
    sink = createSmtpSink();
    const { smtpPort } = await sink.start();
    t = await createTestApp({
      GUEST_LOOKUP_IP_FAILURES: '20',
      GUEST_LOOKUP_CONFIRMATION_FAILURES: '5',
      PUBLIC_BASE_URL: 'https://guest.harbour.example',
    });
    const { propertyId } = await demoStay(t.ctx, 'HV1002');
    await configureChannel(t.ctx, 'email', propertyId, 'smtp', { host: '127.0.0.1', port: smtpPort, from: 'Harbour View <stay@harbour.example>' });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });
  beforeEach(() => sink.clear());

  it('answers guesses at a confirmation number from many addresses with a token at most 5 times, then the same "link sent" for every name', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      answers.push((await lookup(t, { confirmation: 'HV1002', lastName: `Guess${attempt}` }, `192.0.2.${attempt}`)).statusCode);
    }
    expect(answers.filter((status) => status !== 202)).toEqual([404, 404, 404, 404, 404]);

    for (let attempt = 0; attempt < 5; attempt += 1) {
      await lookup(t, { confirmation: 'HV9999', lastName: 'Nobody' }, `192.0.2.${50 + attempt}`);
    }
    const rightName = await lookup(t, { confirmation: 'HV1002', lastName: 'okafor' }, '198.51.100.20');
    const wrongName = await lookup(t, { confirmation: 'HV1002', lastName: 'Smith' }, '198.51.100.21');
    const unknownNumber = await lookup(t, { confirmation: 'HV9999', lastName: 'Okafor' }, '198.51.100.22');
    for (const response of [rightName, wrongName, unknownNumber]) {
      expect(response.statusCode).toBe(202);
      expect(response.body).toBe(rightName.body);
    }
    expect(rightName.json()).toEqual({ signInLinkSent: true, message: expect.stringContaining('sign-in link') });
  });

  it('mails the real guest one link per window, however often the details are entered, and the link opens the stay on two devices', async () => {
    const guest = await demoStay(t.ctx, 'HV1002');
    // HV1002 is past its limit from the test above; the guest enters their details twice.
    await lookup(t, { confirmation: 'HV1002', lastName: 'Okafor' }, '198.51.100.30');
    await runJobs();
    await lookup(t, { confirmation: 'HV1002', lastName: 'Okafor' }, '198.51.100.31');
    await runJobs();

    const messages = await sink.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ to: [guest.email], subject: 'Your sign-in link for Harbour View Hotel' });
    const code = linkCode(messages[0]!.text);
    expect(messages[0]!.text).toContain(`https://guest.harbour.example/s#${code}`);
    expect(messages[0]!.html).toContain(`/s#${code}`);

    const { rows } = await t.ctx.database.pool.query(`SELECT code_hash FROM guest_sign_in_links WHERE stay_id = $1`, [guest.stayId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].code_hash).not.toContain(code!.slice(4));

    for (const device of ['phone', 'laptop']) {
      const opened = await openLink(t, code!);
      expect(opened.statusCode, device).toBe(200);
      expect(opened.json().stay).toMatchObject({ confirmationNumber: 'HV1002' });
      expect((await stayWith(t, opened.json().token)).json()).toMatchObject({ confirmationNumber: 'HV1002' });
    }
  });

  it('lets guests in a lobby whose address is past its limit get in through the link, and mails nobody for wrong details', async () => {
    const lobby = '10.20.30.40';
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await lookup(t, { confirmation: `XX${attempt}`, lastName: 'Nobody' }, lobby)).statusCode).toBe(404);
    }
    const guest = await demoStay(t.ctx, 'HV1003');
    expect((await lookup(t, { confirmation: 'HV1003', lastName: 'Smith' }, lobby)).statusCode).toBe(202);
    await runJobs();
    expect(await sink.messages()).toHaveLength(0);

    expect((await lookup(t, { confirmation: 'HV1003', lastName: 'Ferreira' }, lobby)).statusCode).toBe(202);
    await runJobs();
    const [message] = await sink.messages();
    expect(message).toMatchObject({ to: [guest.email] });
    expect((await openLink(t, linkCode(message!.text)!)).statusCode).toBe(200);
    // Another address is not affected by the lobby's failures.
    expect((await lookup(t, { confirmation: 'HV1003', lastName: 'Ferreira' }, '10.20.30.41')).statusCode).toBe(200);
    // The worker's log of those jobs names neither the booking nor the guest.
    expect(t.logs.join('\n')).not.toMatch(/HV1003|Ferreira/);
  });

  it('costs an attacker little past the limits: repeats replace their job, and unknown names queue at most 5 jobs per number, while the real guest still gets a link', async () => {
    const queued = async () =>
      (await t.ctx.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'send_sign_in_link'`)).rows[0]!.n;
    await runJobs();
    const before = await queued();
    // HV1004 is pushed past its limit from many addresses, then the same wrong details come ten times.
    for (let attempt = 0; attempt < 6; attempt += 1) await lookup(t, { confirmation: 'HV1004', lastName: `Wrong${attempt}` }, `203.0.113.${attempt}`);
    const afterLimit = await queued();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await lookup(t, { confirmation: 'HV1004', lastName: 'Same Wrong' }, `203.0.113.${20 + attempt}`)).statusCode).toBe(202);
    }
    expect(await queued()).toBe(afterLimit + 1);
    // Thirty more names nobody has: the cap stops the jobs (each would ask every PMS), not the answers.
    for (let attempt = 0; attempt < 30; attempt += 1) {
      expect((await lookup(t, { confirmation: 'HV1004', lastName: `Random${attempt}` }, `203.0.113.${40 + attempt}`)).statusCode).toBe(202);
    }
    expect(await queued()).toBe(before + 5);
    // The guest whose stay we know is never capped out.
    const guest = await demoStay(t.ctx, 'HV1004');
    expect((await lookup(t, { confirmation: 'HV1004', lastName: "o'connor" }, '203.0.113.99')).statusCode).toBe(202);
    expect(await queued()).toBe(before + 6);
    await runJobs();
    expect((await sink.messages()).map((message) => message.to)).toEqual([[guest.email]]);
  });

  it('refuses an unknown code without saying more', async () => {
    const response = await openLink(t, 'gsl_not-a-real-code');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorized');
  });

  it('lets front office revoke every guest session and sign-in link of a stay, audit-logged', async () => {
    const guest = await demoStay(t.ctx, 'HV1002');
    const [message] = await sink.waitFor(0);
    expect(message).toBeUndefined();
    const { rows: before } = await t.ctx.database.pool.query(`SELECT count(*)::int AS n FROM guest_sign_in_links WHERE stay_id = $1 AND revoked_at IS NULL`, [guest.stayId]);
    expect(before[0].n).toBeGreaterThan(0);
    const session = await t.ctx.database.pool.query(`SELECT count(*)::int AS n FROM guest_sessions WHERE stay_id = $1 AND revoked_at IS NULL`, [guest.stayId]);

    const url = `/api/v1/staff/properties/harbour/stays/${guest.stayId}/revoke-guest-access`;
    const housekeeping = await staffToken(t.app, 'housekeeping@harbour.local');
    expect((await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${housekeeping}` } })).statusCode).toBe(403);

    const frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    const revoked = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${frontDesk}` } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ sessions: session.rows[0].n, links: before[0].n });

    const { rows: live } = await t.ctx.database.pool.query(
      `SELECT (SELECT count(*)::int FROM guest_sessions WHERE stay_id = $1 AND revoked_at IS NULL) AS sessions,
              (SELECT count(*)::int FROM guest_sign_in_links WHERE stay_id = $1 AND revoked_at IS NULL) AS links`,
      [guest.stayId],
    );
    expect(live[0]).toEqual({ sessions: 0, links: 0 });
    const { rows: audit } = await t.ctx.database.pool.query(
      `SELECT actor_type, details FROM audit_log WHERE action = 'stay.guest_access_revoked' AND subject_id = $1`,
      [guest.stayId],
    );
    expect(audit).toEqual([{ actor_type: 'staff', details: revoked.json() }]);
  });
});
