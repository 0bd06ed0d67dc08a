/**
 * GET /api/v1/stay with a guest token, in one run:
 * - the Innkeeper API against a bare node:http server that runs the same SQL on the same
 *   database (goal: >= 0.8 of it), each in a process of its own;
 * - scale out: one API replica against two, each behind the same small round-robin proxy
 *   (node:http, keep-alive, in this process);
 * - the API processes' peak resident memory (goal: <= 200 MB).
 *
 * The load generator runs in a worker thread of this process (autocannon `workers`); the runs go
 * one after the other, so each meets the same machine.
 */
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { fillPlaceholders } from 'drizzle-orm';
import { connectDatabase } from '../backend/src/db/client.js';
import { hashToken } from '../backend/src/lib/tokens.js';
import { stayByGuestTokenQuery } from '../backend/src/modules/stays/stays.repository.js';
import { forkApiReplica } from './api-replica.js';
import { benchRole, forkBenchProcess, serveParent, type BenchProcess } from './bench-process.js';
import { openBenchDatabase } from './bench-database.js';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL_SIZE = 10;

interface Result {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function load(name: string, url: string, token: string): Promise<Result> {
  const options = {
    url: `${url}/api/v1/stay`,
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    workers: 1,
  };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: DURATION_SECONDS });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** Bare server process: the API's stay query by token hash, answered as JSON. */
function runBare() {
  let database: ReturnType<typeof connectDatabase> | undefined;
  let query: { sql: string; params: unknown[] } | undefined;
  const server = createServer(async (request, response) => {
    const { sql, params } = query!;
    const header = request.headers.authorization ?? '';
    const rows = header.startsWith('Bearer ')
      ? (await database!.pool.query({ name: 'bare_stay', text: sql, values: fillPlaceholders(params, { tokenHash: hashToken(header.slice(7)) }) })).rows
      : [];
    response.writeHead(rows.length ? 200 : 401, { 'content-type': 'application/json' });
    response.end(JSON.stringify(rows[0] ?? { error: 'unauthorized' }));
  });
  serveParent({
    async start({ databaseUrl }: { databaseUrl: string }) {
      database = connectDatabase(databaseUrl, POOL_SIZE);
      query = stayByGuestTokenQuery(database.db).toSQL();
      return { type: 'listening', url: await listen(server) };
    },
    async stop() {
      server.close();
      await database?.close();
    },
  });
}

/** A small load balancer: each request to the next upstream in turn, over kept-alive connections. */
function roundRobinProxy(upstreams: string[]): Server {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let next = 0;
  return createServer((request, response) => {
    const target = new URL(request.url ?? '/', upstreams[next++ % upstreams.length]);
    const upstream = httpRequest(target, { method: request.method, headers: request.headers, agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
}

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();
  const children: Array<Pick<BenchProcess, 'stop'>> = [];
  const proxies: Server[] = [];
  try {
    const encryptionKey = randomBytes(32).toString('base64');
    const replicas = await Promise.all([1, 2].map(() => forkApiReplica({ databaseUrl, encryptionKey, poolSize: POOL_SIZE })));
    const bare = forkBenchProcess(new URL(import.meta.url), 'bare');
    children.push(...replicas, bare);
    const { url: bareUrl } = await bare.request<{ url: string }>({ type: 'start', databaseUrl }, 'listening');
    const [first, second] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];

    const lookup = await fetch(`${first.url}/api/v1/stays/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation: 'HV1001', lastName: 'Müller' }),
    });
    const { token } = (await lookup.json()) as { token: string };
    const proxied = async (upstreams: string[]) => {
      const proxy = roundRobinProxy(upstreams);
      proxies.push(proxy);
      return listen(proxy);
    };

    const baseline = await load('bare node:http + same SQL', bareUrl, token);
    const ours = await load('Innkeeper GET /api/v1/stay', first.url, token);
    const oneReplica = await load('proxy -> 1 API replica', await proxied([first.url]), token);
    const twoReplicas = await load('proxy -> 2 API replicas (round robin)', await proxied([first.url, second.url]), token);
    const memory = await Promise.all(replicas.map((replica) => replica.stats()));

    console.log(`\nGET /api/v1/stay, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, pool ${POOL_SIZE} per process`);
    console.table(
      [baseline, ours, oneReplica, twoReplicas].map((r) => ({
        server: r.name,
        'req/s': Math.round(r.requestsPerSecond),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        errors: r.errors,
      })),
    );
    console.log(`throughput ratio (Innkeeper / bare): ${(ours.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} (goal >= 0.80)`);
    console.log(`scale out (2 replicas / 1 replica, behind the proxy): ${(twoReplicas.requestsPerSecond / oneReplica.requestsPerSecond).toFixed(2)}`);
    console.log(
      `API peak RSS: ${memory.map((m) => `${Math.round(m.peakRssMb)} MB`).join(', ')} (goal <= 200 MB; now ${memory.map((m) => `${Math.round(m.rssMb)} MB`).join(', ')})`,
    );
  } finally {
    for (const proxy of proxies) proxy.close();
    await Promise.all(children.map((child) => child.stop()));
    await close();
  }
}

const role = benchRole();
if (role === 'bare') runBare();
else if (role === undefined) await main();
