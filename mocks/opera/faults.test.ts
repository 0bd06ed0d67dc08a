import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, startMock, type RunningMock } from './test-support.js';

describe('OPERA mock fault injection', () => {
  let running: RunningMock;
  const lookup = (headers: Record<string, string> = {}, signal?: AbortSignal) =>
    running.client.call({ module: 'rsv', method: 'get', template: paths.reservations, query: { confirmationNumberList: 'HV1001' }, headers, ...(signal ? { signal } : {}) });
  const arm = (body: object) =>
    fetch(`${running.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    running = await startMock();
    await running.client.token();
  });
  afterAll(() => running.mock.stop());

  it('answers x-mock-fault: error with OPERA 500 problem JSON', async () => {
    const res = await lookup({ 'x-mock-fault': 'error' });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error', 'o:errorCode': 'GEN00500' });
  });

  it('answers rate-limit with 429 problem JSON and Retry-After', async () => {
    const res = await lookup({ 'x-mock-fault': 'rate-limit' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
  });

  it('hangs until the client gives up', async () => {
    const started = Date.now();
    await expect(lookup({ 'x-mock-fault': 'hang' }, AbortSignal.timeout(200))).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('answers slowly but correctly with slow:<ms>', async () => {
    const started = Date.now();
    const res = await lookup({ 'x-mock-fault': 'slow:300' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
  });

  it('fails the next N calls when armed through /__control/faults, then recovers', async () => {
    expect((await arm({ mode: 'error', count: 2 })).status).toBe(200);
    expect((await lookup()).status).toBe(500);
    expect((await lookup()).status).toBe(500);
    expect((await lookup()).status).toBe(200);
  });

  it('applies to the token endpoint too', async () => {
    await arm({ mode: 'rate-limit', count: 1 });
    expect((await running.client.requestToken()).status).toBe(429);
    expect((await running.client.requestToken()).status).toBe(200);
  });
});
