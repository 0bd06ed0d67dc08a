import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudbedsDemoProperties } from './credentials.js';
import { startMock, type CallOptions, type CallResult } from './test-client.js';

const harbour = cloudbedsDemoProperties.harbour;
const query = { reservationID: 'HV1001' };

let call: (method: string, path: string, options?: CallOptions) => Promise<CallResult>;
let stop: () => Promise<void>;

beforeAll(async () => {
  const started = await startMock();
  call = started.call;
  stop = () => started.mock.stop();
});
afterAll(() => stop());

const getReservation = (headers: Record<string, string> = {}, signal?: AbortSignal) =>
  call('GET', '/api/v1.3/getReservation', { query, headers: { 'x-api-key': harbour.apiKey, ...headers }, ...(signal ? { signal } : {}) });

describe('fault injection', () => {
  it('error: 500 in the v1 body shape, and ApiAccountingError on the Accounting API', async () => {
    const pms = await getReservation({ 'x-mock-fault': 'error' });
    expect(pms.status).toBe(500);
    expect(pms.body).toEqual({ success: false, message: expect.any(String) });
    expect(pms.headers.get('x-request-id')).toBeTruthy();

    const accounting = await call('GET', '/accounting/v1.0/source-balances/RESERVATION/1', {
      headers: { authorization: `Bearer ${harbour.apiKey}`, 'x-property-id': harbour.propertyID, 'x-mock-fault': 'error' },
    });
    expect(accounting.status).toBe(500);
    expect(accounting.body).toMatchObject({ errorCode: 'UNEXPECTED_ERROR' });
  });

  it('rate-limit: 429 with Retry-After and a success:false body', async () => {
    const limited = await getReservation({ 'x-mock-fault': 'rate-limit' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual({ success: false, message: expect.stringMatching(/too many requests/i) });
  });

  it('armed through /__control/faults for the next N calls, then cleared', async () => {
    const armed = await call('POST', '/__control/faults', { json: { mode: 'error', count: 2 } });
    expect(armed.status).toBe(200);
    expect((await getReservation()).status).toBe(500);
    expect((await getReservation()).status).toBe(500);
    expect((await getReservation()).status).toBe(200);

    await call('POST', '/__control/faults', { json: { mode: 'rate-limit', count: 5 } });
    await call('DELETE', '/__control/faults');
    expect((await getReservation()).status).toBe(200);
  });

  it('hang: never answers, so the client’s timeout fires; the mock keeps serving others', async () => {
    const started = Date.now();
    await expect(getReservation({ 'x-mock-fault': 'hang' }, AbortSignal.timeout(300))).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await getReservation()).status).toBe(200);
  });

  it('slow: answers normally after the delay', async () => {
    const started = Date.now();
    const slow = await getReservation({ 'x-mock-fault': 'slow:400' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(slow.status).toBe(200);
    expect(slow.body.data.reservationID).toBe('HV1001');
  });
});
