import { afterEach, describe, expect, it } from 'vitest';
import { errorSchema } from './mews-schemas.js';
import { alpineAuth, assertSchema, startMewsMock, type MewsTestClient } from './test-client.js';

/** Failure modes an adapter must survive: Mews's own 500/429 bodies, throttling, hangs, slowness. */
const lookup = { Numbers: ['HV1001'], Limitation: { Count: 1 } };
let client: MewsTestClient | undefined;

afterEach(async () => {
  await client?.mock.stop();
  client = undefined;
});

describe('fault injection', () => {
  it('answers 500 in the Mews error shape for one call', async () => {
    client = await startMewsMock();
    const failed = await client.call('reservations/getAll/2023-06-06', lookup, { headers: { 'x-mock-fault': 'error' } });
    expect(failed.status).toBe(500);
    assertSchema(errorSchema, failed.body);
    expect(failed.body.RequestId).toBe(failed.headers.get('request-id'));
    expect((await client.call('reservations/getAll/2023-06-06', lookup)).status).toBe(200);
  });

  it('rate-limits the next calls with Retry-After when armed through the control route', async () => {
    client = await startMewsMock();
    expect((await client.control('faults', { mode: 'rate-limit', count: 2 })).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const limited = await client.call('reservations/getAll/2023-06-06', lookup);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      assertSchema(errorSchema, limited.body);
    }
    expect((await client.call('reservations/getAll/2023-06-06', lookup)).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    client = await startMewsMock();
    const started = Date.now();
    await expect(
      client.call('reservations/getAll/2023-06-06', lookup, { headers: { 'x-mock-fault': 'hang' }, signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(/aborted|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers slowly but correctly', async () => {
    client = await startMewsMock();
    const started = Date.now();
    const res = await client.call('reservations/getAll/2023-06-06', lookup, { headers: { 'x-mock-fault': 'slow:300' } });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('request limit', () => {
  it('throttles per AccessToken in a sliding window with Retry-After', async () => {
    client = await startMewsMock({ rateLimit: { max: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i += 1) expect((await client.call('reservations/getAll/2023-06-06', lookup)).status).toBe(200);
    const limited = await client.call('reservations/getAll/2023-06-06', lookup);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    assertSchema(errorSchema, limited.body);
    const otherEnterprise = await client.call('reservations/getAll/2023-06-06', { Limitation: { Count: 1 } }, { auth: alpineAuth });
    expect(otherEnterprise.status).toBe(200);
  });
});
