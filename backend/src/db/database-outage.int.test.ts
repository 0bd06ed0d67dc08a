import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededDatabase, freePort } from '../../test/scratch-database.js';
import { createTestApp, guestToken, type TestApp } from '../../test/test-app.js';
import { spawnWorker, type WorkerProcess } from '../../test/worker-process.js';
import { hashToken } from '../lib/tokens.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';

/**
 * PostgreSQL dying under the app: the embedded server of this file (not the shared test server)
 * is SIGKILLed while requests run. The API answers 503 meanwhile, its supervisor brings it back,
 * and the API and a worker process carry on without a restart.
 */
describe('PostgreSQL killed under load', () => {
  const dataDir = path.join(os.tmpdir(), `innkeeper-outage-${randomBytes(4).toString('hex')}`);
  const supervisorLog: string[] = [];
  const logWaiters: Array<{ match: RegExp; resolve: (line: string) => void }> = [];
  let server: EmbeddedServer;
  let t: TestApp;
  let token: string;
  let worker: WorkerProcess;

  /** The next supervisor line matching `match`. */
  const logged = (match: RegExp) => new Promise<string>((resolve) => logWaiters.push({ match, resolve }));

  /** Kills the postmaster as `kill -9 $(head -1 postmaster.pid)` would. */
  async function killPostmaster(): Promise<void> {
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  }

  const readStay = () => t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: { authorization: `Bearer ${token}` } });

  /** Polls until the API answers 200 again; fails after `deadlineMs`. */
  async function backTo200(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while ((await readStay()).statusCode !== 200) {
      if (Date.now() > deadline) throw new Error(`no 200 within ${deadlineMs} ms of the kill`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      persistent: false,
      log: (line) => {
        supervisorLog.push(line);
        for (const waiter of logWaiters.filter(({ match }) => match.test(line))) {
          logWaiters.splice(logWaiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      },
    });
    const databaseUrl = await createSeededDatabase(server.adminUrl, 'innkeeper_outage');
    t = await createTestApp({}, { databaseUrl });
    token = await guestToken(t.app, 'HV1001', 'Müller');
    worker = spawnWorker({ DATABASE_URL: databaseUrl, EMAIL_PROVIDER: 'none', INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    await worker.ready;
  });

  afterAll(async () => {
    await t?.close();
    // A worker that lost PostgreSQL twice still stops on SIGTERM (a failing shutdown step exits 1).
    await worker?.stop();
    await server?.stop();
    // Measured here (2026-11-30): in about 1 run in 3 the worker's shutdown waits out its whole
    // 20 s grace (a step hangs after the outages; it then exits 1, as designed), and rarely the
    // app's close takes over 8 s; 40 s was not enough for both. The worker is still killed and
    // reported past 25 s (worker-process.ts).
  }, 120_000);

  it('answers only 200s and 503s, is back within 10 s, and loses or repeats no row', async () => {
    const answers: Array<{ route: string; status: number; body: string; retryAfter: string | undefined }> = [];
    const acknowledged: string[] = [];
    const attempted: string[] = [];
    let stop = false;
    let successes = 0;
    let reachedSuccesses: () => void = () => undefined;
    let wanted = 0;
    const successesReach = (count: number) =>
      new Promise<void>((resolve) => {
        wanted = count;
        reachedSuccesses = resolve;
      });

    // Four clients, each a bounded loop of a read, a write and a health probe.
    const client = async (id: number) => {
      for (let i = 0; i < 2_000 && !stop; i += 1) {
        const note = `outage-${id}-${i}`;
        attempted.push(note);
        const responses = [
          ['GET /api/v1/stay', await readStay()],
          [
            'POST /api/v1/stay/requests',
            await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: { authorization: `Bearer ${token}` }, payload: { category: 'towels', note } }),
          ],
          ['GET /health', await t.app.inject({ method: 'GET', url: '/health' })],
        ] as const;
        for (const [route, response] of responses) {
          answers.push({ route, status: response.statusCode, body: response.body, retryAfter: response.headers['retry-after'] as string | undefined });
          if (response.statusCode < 300) successes += 1;
        }
        if (responses[1][1].statusCode === 201) acknowledged.push(note);
        if (successes >= wanted) reachedSuccesses();
      }
    };

    let before = successesReach(30);
    const load = Promise.all([0, 1, 2, 3].map(client));
    await before;
    const restarted = logged(/restarted/);
    await killPostmaster();
    await restarted;
    await backTo200(10_000);
    before = successesReach(successes + 30);
    await before;
    stop = true;
    await load;

    const statuses = new Set(answers.map(({ status }) => status));
    expect([...statuses].sort()).toEqual([200, 201, 503]);
    for (const answer of answers.filter(({ status }) => status === 503)) {
      if (answer.route === 'GET /health') {
        expect(JSON.parse(answer.body)).toMatchObject({ status: 'degraded', db: 'down' });
      } else {
        expect(JSON.parse(answer.body)).toEqual({ error: { code: 'database_unavailable', message: expect.any(String), requestId: expect.any(String) } });
        expect(answer.retryAfter).toBe('5');
      }
    }

    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ note: string; copies: number }>(
      `SELECT note, count(*)::int AS copies FROM service_requests WHERE note LIKE 'outage-%' GROUP BY note`,
    );
    await db.end();
    const stored = new Map(rows.map(({ note, copies }) => [note, copies]));
    // Every acknowledged write is there once; none is there twice. A write answered 503 may have
    // committed just before its connection died (its answer was lost), so it may be there too.
    for (const note of acknowledged) expect(stored.get(note), note).toBe(1);
    expect(rows.filter(({ copies }) => copies > 1)).toEqual([]);
    expect(rows.every(({ note }) => attempted.includes(note))).toBe(true);

    // The failed queries carried the notes and the token's hash as parameters; no log line does.
    const logs = t.logs.join('');
    expect(logs).toContain('database unavailable');
    for (const secret of [token, hashToken(token), ...attempted]) expect(logs).not.toContain(secret);
  });

  it('restarts a killed postmaster with a growing back-off, logged, and the app and worker carry on', async () => {
    const firstExit = logged(/exited unexpectedly/);
    let restarted = logged(/restarted/);
    await killPostmaster();
    const first = await firstExit;
    await restarted;
    const secondExit = logged(/exited unexpectedly/);
    restarted = logged(/restarted/);
    await killPostmaster();
    const second = await secondExit;
    await restarted;

    const delay = (line: string) => Number(/restarting in (\d+) ms/.exec(line)![1]);
    expect(first).toContain('(signal SIGKILL)');
    expect(delay(second)).toBe(delay(first) * 2);

    await backTo200(10_000);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stay/requests',
      headers: { authorization: `Bearer ${token}` },
      payload: { category: 'towels', note: 'after the restarts' },
    });
    expect(created.statusCode).toBe(201);
    // The worker process, never restarted, takes the notification of the new request (email is
    // switched off, so it is marked failed with the reason at once).
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const deadline = Date.now() + 30_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        const { rows } = await db.query<{ status: string }>(`SELECT status FROM notifications WHERE payload->>'requestId' = $1`, [created.json().id]);
        statuses = rows.map(({ status }) => status);
        if (statuses.length > 0 && statuses.every((status) => status === 'failed' || status === 'sent')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((status) => status === 'failed' || status === 'sent')).toBe(true);
    } finally {
      await db.end();
    }
    expect(worker.child.exitCode).toBeNull();
  }, 60_000);
});
