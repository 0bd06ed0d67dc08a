import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('HTTP edge behaviour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  const expectErrorShape = (body: unknown, code: string) =>
    expect(body).toEqual({ error: { code, message: expect.any(String), requestId: expect.any(String) } });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stays/lookup',
      headers: { 'content-type': 'application/json' },
      payload: '{"confirmation": "HV1001",',
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json(), 'bad_request');
  });

  it('answers an oversized body with 413', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stays/lookup',
      payload: { confirmation: 'HV1001', lastName: 'x'.repeat(5000) },
    });
    expect(response.statusCode).toBe(413);
    expectErrorShape(response.json(), 'payload_too_large');
  });

  it('answers an unknown route with 404 and a request id header', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json(), 'not_found');
    expect(response.headers['x-request-id']).toBe(response.json().error.requestId);
  });

  it('names wrong types and unknown fields', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stays/lookup',
      payload: { confirmation: 1001, lastName: 'Müller', room: '204' },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['body.confirmation', 'body.room']));
  });

  it('keeps a safe caller request id and replaces an unsafe one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'lb-1234' } });
    expect(kept.headers['x-request-id']).toBe('lb-1234');
    const replaced = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a b\nc' } });
    expect(replaced.headers['x-request-id']).not.toContain(' ');
  });

  it('marks API answers uncacheable and unframeable, and pages get the full helmet set', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/health' });
    expect(api.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves the OpenAPI document and the reference page', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toMatch(/^3\./);
    expect(Object.keys(spec.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/stays/lookup', '/api/v1/stay', '/api/v1/auth/staff/login']),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});

describe('when the database fails mid-request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.ctx.database.close();
  });
  afterAll(() => t.app.close());

  it('answers 500 without internals', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stays/lookup',
      payload: { confirmation: 'HV1001', lastName: 'Müller' },
    });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.error.code).toBe('internal_error');
    expect(response.body).not.toMatch(/pool|select|stack|\.ts/i);
  });
});
