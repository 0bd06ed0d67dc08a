/**
 * Realtime latency: time from a committed change to a staff SSE client, with 500 connected
 * clients and 200 events/s, next to the bare NOTIFY -> LISTEN time on the same database in the
 * same run. Prints p50/p99 of both.
 *
 * The SSE clients run in a worker thread (this file again), so parsing 100k frames/s does not
 * compete with the server's event loop; times are absolute (timeOrigin + now) across threads.
 * Bounded: each phase has a fixed length and the whole run gives up after two minutes.
 */
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { openSse, type SseConnection } from '../backend/test/sse-client.js';

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 500);
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 200);
const SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const BASELINE_SECONDS = Math.max(3, Math.round(SECONDS / 2));
const GIVE_UP_MS = 120_000;
const TICK_MS = 50;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentiles(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), count: sorted.length };
}

/** Starts `rate` commits per second for `seconds`, in ticks, without waiting for one to finish before the next. */
async function produce(rate: number, seconds: number, commit: (seq: number) => Promise<void>) {
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const ticks = Math.round((rate * seconds) / perTick);
  const started = performance.now();
  const inflight: Array<Promise<void>> = [];
  let seq = 0;
  for (let tick = 0; tick < ticks; tick += 1) {
    await sleep(started + tick * TICK_MS - performance.now());
    for (let i = 0; i < perTick; i += 1) inflight.push(commit(seq++));
  }
  await Promise.all(inflight);
  return seq;
}

/** Worker thread: holds the SSE clients and records (event id, receive time) for every event. */
async function runClients() {
  const { urls } = workerData as { urls: string[] };
  const capacity = urls.length * RATE * (SECONDS + 5);
  const ids = new Float64Array(capacity);
  const times = new Float64Array(capacity);
  let received = 0;
  const connections: SseConnection[] = [];
  for (let i = 0; i < urls.length; i += 50) {
    const batch = urls.slice(i, i + 50).map((url) =>
      openSse(url, {}, (event) => {
        if (event.id === undefined || received >= capacity) return;
        ids[received] = Number(event.id);
        times[received] = performance.timeOrigin + event.receivedAt;
        received += 1;
      }),
    );
    connections.push(...(await Promise.all(batch)));
  }
  parentPort!.postMessage({ type: 'ready', open: connections.filter((c) => c.status === 200).length });
  parentPort!.once('message', (message: { commits: Array<[number, number]> }) => {
    const committedAt = new Map(message.commits);
    const latencies: number[] = [];
    for (let i = 0; i < received; i += 1) {
      const at = committedAt.get(ids[i]!);
      if (at !== undefined) latencies.push(times[i]! - at);
    }
    for (const connection of connections) connection.close();
    parentPort!.postMessage({ type: 'result', ...percentiles(latencies) });
  });
}

async function main() {
  const { buildApp } = await import('../backend/src/app.js');
  const { parseEnv } = await import('../backend/src/config/env.js');
  const { createContext } = await import('../backend/src/context.js');
  const { openBenchDatabase } = await import('./bench-database.js');
  const schema = await import('../backend/src/db/drizzle/schema.js');
  const { publishEvent } = await import('../backend/src/realtime/publish-event.js');

  const giveUp = setTimeout(() => {
    console.error(`realtime bench: not done after ${GIVE_UP_MS / 1000} s; giving up`);
    process.exit(1);
  }, GIVE_UP_MS);
  giveUp.unref();

  const { databaseUrl, close } = await openBenchDatabase();

  const producerPool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // The embedded server stopping at the end must not crash the run as an unhandled pool error.
  producerPool.on('error', () => undefined);
  try {
    // Phase 1: bare NOTIFY -> a plain LISTEN client.
    const listener = new pg.Client({ connectionString: databaseUrl });
    await listener.connect();
    await listener.query('LISTEN bench_baseline');
    const bareReceived = new Map<number, number>();
    listener.on('notification', (message) => bareReceived.set(Number(message.payload), now()));
    const bareCommitted = new Map<number, number>();
    await produce(RATE, BASELINE_SECONDS, async (seq) => {
      await producerPool.query(`SELECT pg_notify('bench_baseline', $1)`, [String(seq)]);
      bareCommitted.set(seq, now());
    });
    await sleep(500);
    await listener.end();
    const bare = percentiles([...bareCommitted].flatMap(([seq, at]) => (bareReceived.has(seq) ? [bareReceived.get(seq)! - at] : [])));

    // Phase 2: the API with CLIENTS staff streams; events committed through publishEvent.
    const env = parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent', INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const ctx = createContext(env, databaseUrl);
    const app = await buildApp(ctx);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/v1/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@innkeeper.local', password: 'innkeeper-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const urls: string[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const response = await fetch(`${base}/api/v1/realtime/tickets?propertyId=harbour`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      urls.push(`${base}/api/v1/realtime/staff/harbour/events?ticket=${((await response.json()) as { ticket: string }).ticket}`);
    }
    const worker = new Worker(new URL(import.meta.url), { workerData: { urls } });
    const fromWorker = (type: string) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const onMessage = (message: { type: string }) => {
          if (message.type !== type) return;
          worker.off('message', onMessage);
          resolve(message as unknown as Record<string, number>);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      });
    const ready = await fromWorker('ready');
    const [property] = await ctx.database.db.select({ id: schema.properties.id }).from(schema.properties).where(eq(schema.properties.code, 'harbour'));
    const producer = drizzle(producerPool, { schema });
    const committed: Array<[number, number]> = [];
    const sent = await produce(RATE, SECONDS, async (seq) => {
      const id = await producer.transaction((tx) => publishEvent(tx, { propertyId: property!.id, type: 'bench.tick', subjectId: String(seq) }));
      committed.push([id, now()]);
    });
    await sleep(1_000);
    const results = fromWorker('result');
    worker.postMessage({ commits: committed });
    const sse = await results;
    await worker.terminate();
    await app.close();
    await ctx.close();

    const row = (name: string, r: { p50: number; p99: number; count: number }, expected: number) => ({
      path: name,
      'p50 ms': Number(r.p50.toFixed(2)),
      'p99 ms': Number(r.p99.toFixed(2)),
      delivered: `${r.count}/${expected}`,
    });
    console.log(`\nCommit -> receiver latency, ${RATE} events/s; baseline ${BASELINE_SECONDS} s, SSE ${SECONDS} s with ${ready.open}/${CLIENTS} clients`);
    console.table([
      row('bare NOTIFY -> pg LISTEN client', bare, bareCommitted.size),
      row(`commit -> staff SSE client (x${CLIENTS})`, sse as { p50: number; p99: number; count: number }, sent * CLIENTS),
    ]);
    console.log(`p50 over baseline: +${(sse.p50! - bare.p50).toFixed(2)} ms; p99 over baseline: +${(sse.p99! - bare.p99).toFixed(2)} ms`);
  } finally {
    await producerPool.end();
    await close();
  }
}

if (isMainThread) await main();
else await runClients();
