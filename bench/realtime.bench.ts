/**
 * Realtime capacity: commit -> staff SSE client latency (p50/p99) at 1k, 10k, 50k and 100k
 * deliveries/s (deliveries = events/s x connected clients), for the Innkeeper API next to a bare
 * server in the same run: node:http + one LISTEN connection that writes the same frame bytes to
 * the same number of sockets (serialised once per event, corked per tick as the API does), with no
 * framework, tickets, scopes or event rows to read.
 *
 * Each part runs in a process of its own: the API (bench/api-replica.ts), the bare server, and the
 * SSE clients (BENCH_SSE_CLIENT_PROCESSES processes, 2 by default) that hold one stream to each
 * server. This process only commits: one statement per event (insert the event row + NOTIFY, as
 * publishEvent does), at a fixed rate. Latency = receive time in a client - the time the commit
 * was acknowledged here, both on the machine's monotonic clock. Steps alternate bare, API; the
 * whole run gives up after five minutes.
 */
import { randomBytes } from 'node:crypto';
import { createServer, get, type ClientRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../backend/src/db/drizzle/schema.js';
import { publishEvent } from '../backend/src/realtime/publish-event.js';
import { encodeEvent } from '../backend/src/realtime/sse-stream.js';
import { forkApiReplica } from './api-replica.js';
import { benchRole, forkBenchProcess, monotonicMs, serveParent, type BenchProcess, type ProcessStats } from './bench-process.js';
import { openBenchDatabase } from './bench-database.js';

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 500);
const CLIENT_PROCESSES = Number(process.env.BENCH_SSE_CLIENT_PROCESSES ?? 2);
const STEPS = (process.env.BENCH_DELIVERIES ?? '1000,10000,50000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 8);
const WARM_UP_SECONDS = 2;
const GIVE_UP_MS = 300_000;
const TICK_MS = 50;
const BARE_CHANNEL = 'bench_bare_events';
/**
 * Fixed, so the bare server can build the API's exact frame from the event id alone; staff-wide (no
 * stay, no department), so every staff stream of the property receives it.
 */
const EVENT = { type: 'request.created', subjectId: 'bench' } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Latencies in 0.1 ms buckets up to 10 s (the last bucket holds everything later): mergeable across processes. */
const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

function percentiles(histogram: Uint32Array) {
  const count = histogram.reduce((sum, n) => sum + n, 0);
  const at = (p: number) => {
    const rank = Math.ceil(p * count);
    let seen = 0;
    for (let bucket = 0; bucket < histogram.length; bucket += 1) {
      seen += histogram[bucket]!;
      if (seen >= rank) return bucket * BUCKET_MS;
    }
    return Number.NaN;
  };
  return { p50: Number(at(0.5).toFixed(1)), p99: Number(at(0.99).toFixed(1)), count };
}

/** Runs `commit` `rate` times per second for `seconds`, in ticks, without waiting for one to finish before the next. */
async function produce(rate: number, seconds: number, commit: () => Promise<void>) {
  const tickMs = Math.max(TICK_MS, 1000 / rate);
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const ticks = Math.round((seconds * 1000) / tickMs);
  const started = performance.now();
  const inflight: Array<Promise<void>> = [];
  for (let tick = 0; tick < ticks; tick += 1) {
    await sleep(started + tick * tickMs - performance.now());
    for (let i = 0; i < perTick; i += 1) inflight.push(commit());
  }
  await Promise.all(inflight);
}

/** A lean SSE reader (no fetch, no per-event objects): calls `onId` with each event id and the chunk's arrival time. */
function openStream(url: string, onId: (id: number, at: number) => void): Promise<ClientRequest | null> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return resolve(null);
      }
      // The frames are ASCII; latin1 never splits a character across chunks.
      response.setEncoding('latin1');
      let rest = '';
      response.on('data', (chunk: string) => {
        const at = monotonicMs();
        const text = rest + chunk;
        let start = 0;
        for (let end = text.indexOf('\n\n', start); end !== -1; end = text.indexOf('\n\n', start)) {
          if (text.startsWith('id: ', start)) onId(Number(text.slice(start + 4, text.indexOf('\n', start))), at);
          start = end + 2;
        }
        rest = text.slice(start);
      });
      resolve(request);
    });
    request.on('error', () => resolve(null));
  });
}

/** Client process: holds its share of the streams and turns what arrived into a latency histogram per phase. */
function runClients() {
  const streams: ClientRequest[] = [];
  let ids: number[] = [];
  let times: number[] = [];
  const record = (id: number, at: number) => {
    ids.push(id);
    times.push(at);
  };
  serveParent({
    async connect({ urls }: { urls: string[] }) {
      for (let i = 0; i < urls.length; i += 50) {
        for (const stream of await Promise.all(urls.slice(i, i + 50).map((url) => openStream(url, record)))) if (stream) streams.push(stream);
      }
      return { type: 'connected', open: streams.length };
    },
    collect({ commits }: { commits: Array<[number, number]> }) {
      const committedAt = new Map(commits);
      const histogram = new Uint32Array(BUCKETS + 1);
      for (let i = 0; i < ids.length; i += 1) {
        const at = committedAt.get(ids[i]!);
        // The NOTIFY can reach a client just before the committer hears "COMMIT": counted as 0.
        if (at !== undefined) histogram[Math.min(BUCKETS, Math.max(0, Math.floor((times[i]! - at) / BUCKET_MS)))]! += 1;
      }
      ids = [];
      times = [];
      return { type: 'collected', histogram };
    },
    stop() {
      for (const stream of streams) stream.destroy();
    },
  });
}

/** Bare server process: LISTEN, then the API's frame for each notified id, written to every socket. */
function runBare() {
  const sockets = new Set<ServerResponse>();
  let listener: pg.Client | undefined;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    response.write(': connected\n\n');
    sockets.add(response);
    response.on('close', () => sockets.delete(response));
  });
  let corked = false;
  serveParent({
    async start({ databaseUrl }: { databaseUrl: string }) {
      listener = new pg.Client({ connectionString: databaseUrl });
      await listener.connect();
      await listener.query(`LISTEN ${BARE_CHANNEL}`);
      listener.on('notification', ({ payload }) => {
        const { frame } = encodeEvent({ id: Number(payload), propertyId: '', stayId: null, department: null, ...EVENT });
        if (!corked) {
          corked = true;
          for (const response of sockets) response.cork();
          process.nextTick(() => {
            corked = false;
            for (const response of sockets) response.uncork();
          });
        }
        for (const response of sockets) response.write(frame);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    },
    async stop() {
      for (const response of sockets) response.destroy();
      server.close();
      await listener?.end();
    },
  });
}

interface PhaseResult {
  p50: number;
  p99: number;
  count: number;
  expected: number;
  cpuPercent: number;
}

async function main() {
  const giveUp = setTimeout(() => {
    console.error(`realtime bench: not done after ${GIVE_UP_MS / 1000} s; giving up`);
    process.exit(1);
  }, GIVE_UP_MS);
  giveUp.unref();

  const { databaseUrl, close } = await openBenchDatabase();
  const producerPool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // The embedded server stopping at the end must not crash the run as an unhandled pool error.
  producerPool.on('error', () => undefined);
  const children: Array<Pick<BenchProcess, 'stop'>> = [];
  try {
    const api = await forkApiReplica({ databaseUrl, encryptionKey: randomBytes(32).toString('base64') });
    const bare = forkBenchProcess(new URL(import.meta.url), 'bare');
    const clients = Array.from({ length: CLIENT_PROCESSES }, () => forkBenchProcess(new URL(import.meta.url), 'clients'));
    children.push(api, bare, ...clients);
    const { url: bareUrl } = await bare.request<{ url: string }>({ type: 'start', databaseUrl }, 'listening');

    const login = await fetch(`${api.url}/api/v1/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@innkeeper.local', password: 'innkeeper-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const apiUrls: string[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const response = await fetch(`${api.url}/api/v1/realtime/tickets?propertyId=harbour`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      apiUrls.push(`${api.url}/api/v1/realtime/staff/harbour/events?ticket=${((await response.json()) as { ticket: string }).ticket}`);
    }
    const share = (urls: string[], index: number) => urls.filter((_, i) => i % CLIENT_PROCESSES === index);
    const connected = await Promise.all(
      clients.map((client, index) =>
        client.request<{ open: number }>({ type: 'connect', urls: [...share(apiUrls, index), ...share(Array(CLIENTS).fill(`${bareUrl}/events`), index)] }, 'connected'),
      ),
    );
    const open = connected.reduce((sum, c) => sum + c.open, 0);

    const producer = drizzle(producerPool, { schema });
    const [property] = await producer.select({ id: schema.properties.id }).from(schema.properties).where(eq(schema.properties.code, 'harbour'));
    const propertyId = property!.id;
    const commitTo = {
      api: async () => publishEvent(producer, { propertyId, ...EVENT }),
      bare: async () => {
        // publishEvent's statement, on the bare server's channel.
        const { rows } = await producerPool.query<{ id: string }>(
          `WITH inserted AS (INSERT INTO realtime_events (property_id, type, subject_id) VALUES ($1, $2, $3) RETURNING id)
           SELECT id, pg_notify('${BARE_CHANNEL}', id::text) FROM inserted`,
          [propertyId, EVENT.type, EVENT.subjectId],
        );
        return Number(rows[0]!.id);
      },
    };

    const phase = async (server: 'api' | 'bare', deliveriesPerSecond: number, seconds: number): Promise<PhaseResult> => {
      const target = server === 'api' ? api : bare;
      const commits: Array<[number, number]> = [];
      const before: ProcessStats & { at: number } = { ...(await target.stats()), at: performance.now() };
      await produce(deliveriesPerSecond / CLIENTS, seconds, async () => {
        const id = await commitTo[server]();
        commits.push([id, monotonicMs()]);
      });
      // Stragglers; an event later than this counts as not delivered.
      await sleep(1_000);
      const after = await target.stats();
      const cpuPercent = (100 * (after.cpuMs - before.cpuMs)) / (performance.now() - before.at);
      const histograms = await Promise.all(clients.map((client) => client.request<{ histogram: Uint32Array }>({ type: 'collect', commits }, 'collected')));
      const merged = new Uint32Array(BUCKETS + 1);
      for (const { histogram } of histograms) for (let i = 0; i < merged.length; i += 1) merged[i]! += histogram[i]!;
      return { ...percentiles(merged), expected: commits.length * CLIENTS, cpuPercent };
    };

    await phase('bare', STEPS[0]!, WARM_UP_SECONDS);
    await phase('api', STEPS[0]!, WARM_UP_SECONDS);
    const rows = [];
    for (const deliveries of STEPS) {
      const b = await phase('bare', deliveries, SECONDS);
      const a = await phase('api', deliveries, SECONDS);
      rows.push({
        'deliveries/s': deliveries,
        'events/s': deliveries / CLIENTS,
        'bare p50 ms': b.p50,
        'bare p99 ms': b.p99,
        'API p50 ms': a.p50,
        'API p99 ms': a.p99,
        'p99 API/bare': Number((a.p99 / Math.max(b.p99, BUCKET_MS)).toFixed(1)),
        'bare CPU %': Math.round(b.cpuPercent),
        'API CPU %': Math.round(a.cpuPercent),
        'delivered bare': `${b.count}/${b.expected}`,
        'delivered API': `${a.count}/${a.expected}`,
      });
    }
    const apiStats = await api.stats();

    console.log(
      `\nCommit -> SSE client latency, ${CLIENTS} clients per server (${open}/${2 * CLIENTS} streams open, in ${CLIENT_PROCESSES} client processes), ${SECONDS} s per step`,
    );
    console.table(rows);
    console.log(`goal: API p99 <= 50 ms up to 50k deliveries/s and within 2x of the bare server's p99 at every step; API peak RSS ${Math.round(apiStats.peakRssMb)} MB`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await producerPool.end();
    await close();
  }
}

const role = benchRole();
if (role === 'clients') runClients();
else if (role === 'bare') runBare();
else if (role === undefined) await main();
