import { createServer, type Server, type Socket } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.js';
import { isDatabaseUnavailable } from './database-errors.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A TCP server on a free loopback port that does `onConnection` with every socket; returns a pg URL for it. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<string> {
  const server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `postgres://user:pass@127.0.0.1:${port}/db`;
}

async function closedPortUrl(): Promise<string> {
  const url = await fakeServer(() => undefined);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return url;
}

/** What a failing query through our stack (drizzle on a pg pool) throws. */
async function queryError(url: string, poolOptions: pg.PoolConfig = {}): Promise<unknown> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5_000, ...poolOptions });
  pool.on('error', () => undefined);
  try {
    await drizzle(pool).execute('SELECT 1');
  } catch (error) {
    return error;
  } finally {
    await pool.end().catch(() => undefined);
  }
  throw new Error('the query did not fail');
}

function sqlState(code: string, message: string): Error {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

describe('isDatabaseUnavailable', () => {
  it('is true when nothing listens (ECONNREFUSED), through drizzle', async () => {
    const error = await queryError(await closedPortUrl());
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is true when the server drops the connection (Connection terminated)', async () => {
    expect(isDatabaseUnavailable(await queryError(await fakeServer((socket) => socket.destroy())))).toBe(true);
  });

  it('is true when the connection resets (ECONNRESET)', async () => {
    const error = await queryError(await fakeServer((socket) => socket.resetAndDestroy()));
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('is true when connecting times out (a server that never answers)', async () => {
    const error = await queryError(await fakeServer(() => undefined), { connectionTimeoutMillis: 50 });
    expect(String((error as Error).cause)).toMatch(/timeout/);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("is true when the pool's wait for a free connection times out", async () => {
    const pool = new pg.Pool({ connectionString: await fakeServer(() => undefined), max: 1, connectionTimeoutMillis: 50 });
    pool.on('error', () => undefined);
    const first = pool.connect().catch((error: unknown) => error);
    const second = await pool.connect().catch((error: unknown) => error);
    await first;
    await pool.end().catch(() => undefined);
    expect(isDatabaseUnavailable(second)).toBe(true);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
    ['08P01', 'protocol violation'],
  ])('is true for SQLSTATE %s, also wrapped by drizzle', (code, message) => {
    expect(isDatabaseUnavailable(sqlState(code, message))).toBe(true);
    expect(isDatabaseUnavailable(new DrizzleQueryError('select 1', [], sqlState(code, message)))).toBe(true);
  });

  it.each([
    ['a unique violation', new DrizzleQueryError('insert', ['x'], sqlState('23505', 'duplicate key value violates unique constraint "k"'))],
    ['a syntax error', sqlState('42601', 'syntax error at or near "selec"')],
    ['a query cancelled by statement_timeout', sqlState('57014', 'canceling statement due to statement timeout')],
    ['an ended pool', new Error('Cannot use a pool after calling end on the pool')],
    ['an AppError', new AppError('conflict', 'Taken.')],
    ['a string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
