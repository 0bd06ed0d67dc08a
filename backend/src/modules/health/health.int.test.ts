import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.js';

describe('GET /health', () => {
  let up: TestApp;
  let down: TestApp;

  beforeAll(async () => {
    up = await createTestApp();
    // Port 1 on loopback: nothing listens there, so every query fails fast.
    down = await createTestApp({}, { databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none' });
  });
  afterAll(async () => {
    await up.close();
    await down.close();
  });

  it('answers 200 when PostgreSQL answers', async () => {
    const response = await up.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: expect.any(String), db: 'ok' });
  });

  it('answers 503 degraded when PostgreSQL does not', async () => {
    const response = await down.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', db: 'down' });
  });
});
