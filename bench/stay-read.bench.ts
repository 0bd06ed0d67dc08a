/**
 * GET /api/v1/stay with a guest token: the Innkeeper API against a bare node:http server that runs
 * the same SQL on the same database, in the same run. Prints both and the ratio (goal: >= 0.8).
 *
 * The load generator runs in a worker thread (autocannon `workers`), the servers on the main
 * thread one after the other, so both meet the same machine.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { fillPlaceholders } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../backend/src/app.js';
import { parseEnv } from '../backend/src/config/env.js';
import { createContext } from '../backend/src/context.js';
import { hashToken } from '../backend/src/lib/tokens.js';
import { stayByGuestTokenQuery } from '../backend/src/modules/stays/stays.repository.js';
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

async function main() {
  const { databaseUrl, close } = await openBenchDatabase();

  try {
    const env = parseEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    const ctx = createContext(env, databaseUrl);
    const app = await buildApp(ctx);
    const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const lookup = await fetch(`${appUrl}/api/v1/stays/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ confirmation: 'HV1001', lastName: 'Müller' }),
    });
    const { token } = (await lookup.json()) as { token: string };

    const { sql, params } = stayByGuestTokenQuery(ctx.database.db).toSQL();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
    const bare = createServer(async (request, response) => {
      const header = request.headers.authorization ?? '';
      const rows = header.startsWith('Bearer ')
        ? (await pool.query({ name: 'bare_stay', text: sql, values: fillPlaceholders(params, { tokenHash: hashToken(header.slice(7)) }) })).rows
        : [];
      response.writeHead(rows.length ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify(rows[0] ?? { error: 'unauthorized' }));
    });
    const bareUrl = await listen(bare);

    const baseline = await load('bare node:http + same SQL', bareUrl, token);
    const ours = await load('Innkeeper GET /api/v1/stay', appUrl, token);

    console.log(`\nGET /api/v1/stay, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, pool ${POOL_SIZE}`);
    console.table(
      [baseline, ours].map((r) => ({
        server: r.name,
        'req/s': Math.round(r.requestsPerSecond),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        errors: r.errors,
      })),
    );
    const ratio = ours.requestsPerSecond / baseline.requestsPerSecond;
    console.log(`throughput ratio (Innkeeper / bare): ${ratio.toFixed(2)} (goal >= 0.80)`);

    bare.close();
    await pool.end();
    await app.close();
    await ctx.close();
  } finally {
    await close();
  }
}

await main();
