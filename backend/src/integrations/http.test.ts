import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.js';
import { assertSafeBaseUrl, createHttpClientFactory } from './http.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('outbound HTTP client', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let calls: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls += 1;
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    calls = 0;
  });

  const client = (options: { timeoutMs?: number } = {}) =>
    createHttpClientFactory({ production: false })({ baseUrl, provider: 'vendor', ...options });
  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'resolved';
    } catch (error) {
      return error instanceof AppError ? error.code : String(error);
    }
  };

  it('retries an idempotent call after a 500 and returns the answer', async () => {
    handler = (_request, response) => (calls === 1 ? json(response, 500, {}) : json(response, 200, { ok: true }));
    const response = await client().request({ method: 'GET', path: '/thing' });
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    expect(calls).toBe(2);
  });

  it('never retries a call that is not idempotent', async () => {
    handler = (_request, response) => json(response, 500, {});
    expect(await codeOf(client().request({ method: 'POST', path: '/charges', json: { amount: 1 } }))).toBe('integration_unavailable');
    expect(calls).toBe(1);
  });

  it("waits the vendor's Retry-After before retrying a 429", async () => {
    handler = (_request, response) => (calls === 1 ? json(response, 429, {}, { 'retry-after': '1' }) : json(response, 200, {}));
    const started = Date.now();
    await client().request({ method: 'GET', path: '/limited' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(calls).toBe(2);
  });

  it('answers integration_unavailable with Retry-After when the vendor asks for a long wait', async () => {
    handler = (_request, response) => json(response, 429, {}, { 'retry-after': '120' });
    const error = await client().request({ method: 'GET', path: '/limited' }).catch((caught: AppError) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('integration_unavailable');
    expect((error as AppError).options.retryAfterSeconds).toBe(120);
    expect(calls).toBe(1);
  });

  it('turns a hung call into integration_timeout', async () => {
    handler = () => undefined;
    expect(await codeOf(client({ timeoutMs: 200 }).request({ method: 'POST', path: '/slow' }))).toBe('integration_timeout');
  });

  it('reads rejected credentials as a misconfiguration, without the credentials in the message', async () => {
    handler = (_request, response) => json(response, 401, { message: 'bad key' });
    const error = (await client()
      .request({ method: 'GET', path: '/me', headers: { 'x-api-key': 'super-secret-key' } })
      .catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('integration_misconfigured');
    expect(JSON.stringify({ message: error.message, details: error.options.details })).not.toContain('super-secret-key');
  });

  it('hands other 4xx answers back to the adapter', async () => {
    handler = (_request, response) => json(response, 404, { error: 'no such reservation' });
    expect(await client().request({ method: 'GET', path: '/reservations/1' })).toMatchObject({ status: 404 });
  });

  it("gives SDKs its fetch, which holds to the same address rule and leaves retries to them", async () => {
    handler = (_request, response) => json(response, 500, {});
    const development = createHttpClientFactory({ production: false });
    expect((await development.fetch(`${baseUrl}/sdk`, { method: 'POST' })).status).toBe(500);
    expect(calls).toBe(1);
    const production = createHttpClientFactory({ production: true });
    expect(await codeOf(production.fetch(`${baseUrl}/sdk`))).toBe('integration_misconfigured');
    expect(calls).toBe(1);
  });

  it('opens the circuit after repeated failures and stops calling the vendor', async () => {
    handler = (_request, response) => json(response, 503, {});
    const broken = client();
    for (let attempt = 0; attempt < 5; attempt += 1) await codeOf(broken.request({ method: 'POST', path: '/x' }));
    const before = calls;
    const error = (await broken.request({ method: 'POST', path: '/x' }).catch((caught: unknown) => caught)) as AppError;
    expect(error.code).toBe('integration_unavailable');
    expect(error.options.retryAfterSeconds).toBeGreaterThan(0);
    expect(calls).toBe(before);
  });
});

describe('base URL rules', () => {
  const code = (url: string, production: boolean) =>
    assertSafeBaseUrl(url, production).then(
      () => 'ok',
      (error: AppError) => error.code,
    );

  it('allows local mock servers in development', async () => {
    expect(await code('http://127.0.0.1:4101', false)).toBe('ok');
  });

  it('refuses plain http, loopback and private addresses in production', async () => {
    expect(await code('http://api.example.com', true)).toBe('integration_misconfigured');
    expect(await code('https://127.0.0.1', true)).toBe('integration_misconfigured');
    expect(await code('https://10.1.2.3', true)).toBe('integration_misconfigured');
    expect(await code('https://[::1]', true)).toBe('integration_misconfigured');
    expect(await code('https://169.254.169.254', true)).toBe('integration_misconfigured');
    expect(await code('https://93.184.215.14', true)).toBe('ok');
  });
});
