import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, guestToken, staffToken, type TestApp } from '../../test/test-app.js';

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

describe('strings PostgreSQL cannot store, and paths that are not valid', () => {
  let t: TestApp;
  let guest: string;
  let frontDesk: string;
  let requestId: string;
  let stayId: string;
  beforeAll(async () => {
    t = await createTestApp();
    guest = await guestToken(t.app, 'HV1001', 'Müller');
    frontDesk = await staffToken(t.app, 'frontdesk@harbour.local');
    stayId = (await t.app.inject({ method: 'GET', url: '/api/v1/stay', headers: { authorization: `Bearer ${guest}` } })).json().id;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: { authorization: `Bearer ${guest}` }, payload: { category: 'towels' } });
    requestId = created.json().id;
  });
  afterAll(() => t.close());

  const NUL = 'HV\u00001001';
  const LONE_SURROGATE = 'note \uD800 here';

  it.each<[string, { method: 'GET' | 'POST'; url: string; payload?: object }, string]>([
    ['POST lookup confirmation', { method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: NUL, lastName: 'Müller' } }, 'body.confirmation'],
    ['POST lookup property', { method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName: 'Müller', property: 'har\u0000bour' } }, 'body.property'],
    ['GET lookup confirmation', { method: 'GET', url: '/api/v1/stays/lookup?confirmation=HV%001001&lastName=M%C3%BCller' }, 'querystring.confirmation'],
    ['GET lookup property', { method: 'GET', url: '/api/v1/stays/lookup?confirmation=HV1001&lastName=Muller&property=%00' }, 'querystring.property'],
    ['path parameter', { method: 'GET', url: '/api/v1/staff/properties/harbour%00/stays' }, 'params.propertyId'],
    ['an unknown key', { method: 'POST', url: '/api/v1/stays/lookup', payload: { confirmation: 'HV1001', lastName: 'Müller', ['x\u0000']: 1 } }, 'body.x\u0000'],
  ])('refuses a NUL in the %s with 400 naming the field', async (_name, request, field) => {
    const response = await t.app.inject({ ...request, headers: { authorization: `Bearer ${frontDesk}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'validation_failed', details: [{ field }] });
  });

  it('refuses NULs and unpaired surrogates in request and note fields, and writes nothing', async () => {
    const asGuest = { authorization: `Bearer ${guest}` };
    const asDesk = { authorization: `Bearer ${frontDesk}` };
    const attempts = [
      { headers: asGuest, url: '/api/v1/stay/requests', payload: { category: 'tow\u0000els' }, field: 'body.category' },
      { headers: asGuest, url: '/api/v1/stay/requests', payload: { category: 'towels', note: LONE_SURROGATE }, field: 'body.note' },
      { headers: asGuest, url: '/api/v1/stay/requests', payload: { category: 'towels', items: ['ok', 'bath\uDC00'] }, field: 'body.items.1' },
      { headers: asDesk, url: `/api/v1/staff/properties/harbour/requests/${requestId}/notes`, payload: { body: 'late \u0000' }, field: 'body.body' },
      { headers: asDesk, url: `/api/v1/staff/properties/harbour/stays/${stayId}/requests`, payload: { category: 'towels', note: '\u0000' }, field: 'body.note' },
    ];
    const count = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/stay/requests', headers: asGuest })).json().requests.length;
    const before = await count();
    for (const { field, ...request } of attempts) {
      const response = await t.app.inject({ method: 'POST', ...request });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.details).toEqual([{ field, message: expect.stringContaining('cannot be stored') }]);
    }
    expect(await count()).toBe(before);
    // A surrogate pair (an emoji) is a real character and is stored as it is.
    const emoji = await t.app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: asGuest, payload: { category: 'towels', note: 'thanks \uD83D\uDE00' } });
    expect(emoji.statusCode).toBe(201);
    expect(emoji.json().note).toBe('thanks 😀');
  });

  it('answers a path with malformed percent-encoding with 400 in our error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/%zz/stays' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String), requestId: expect.any(String) } });
    expect(response.headers['x-request-id']).toBe(response.json().error.requestId);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('security headers outside production and in it', () => {
  const apiSet = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };

  it('gives /openapi.json, /docs and 404s the same set as the API, and no HSTS or https upgrade over plain http', async () => {
    const t = await createTestApp();
    try {
      for (const url of ['/openapi.json', '/docs/', '/api/v1/nowhere', '/nowhere.txt', '/health', '/']) {
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.headers, url).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': expect.stringMatching(/DENY|SAMEORIGIN/) });
        expect(response.headers['strict-transport-security'], url).toBeUndefined();
        expect(String(response.headers['content-security-policy']), url).not.toContain('upgrade-insecure-requests');
        if (!['/', '/nowhere.txt'].includes(url)) expect(response.headers, url).toMatchObject(apiSet);
      }
    } finally {
      await t.close();
    }
  });

  it('adds HSTS and the https upgrade in production', async () => {
    const t = await createTestApp({ NODE_ENV: 'production' });
    try {
      for (const url of ['/openapi.json', '/api/v1/nowhere', '/health', '/']) {
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.headers['strict-transport-security'], url).toContain('max-age=');
      }
      expect((await t.app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await t.close();
    }
  });

  /** One directive of a CSP header, as its list of sources. */
  const directive = (csp: string, name: string) => csp.split(';').map((part) => part.trim().split(/\s+/)).find(([key]) => key === name)?.slice(1);

  it("lets pages load Stripe.js and reach Stripe's API and frames, and nothing else beyond this server", async () => {
    const t = await createTestApp();
    try {
      const csp = String((await t.app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
      expect(directive(csp, 'script-src')).toEqual(["'self'", 'https://js.stripe.com']);
      expect(directive(csp, 'connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
      expect(directive(csp, 'frame-src')).toEqual(["'self'", 'https://js.stripe.com', 'https://api.stripe.com', 'https://hooks.stripe.com']);
      expect(directive(csp, 'default-src')).toEqual(["'self'"]);
    } finally {
      await t.close();
    }
  });

  it('names the Stripe mock instead when STRIPE_API_BASE / STRIPE_JS_URL point there', async () => {
    for (const [env, js, api] of [
      [{ STRIPE_API_BASE: 'http://127.0.0.1:4107' }, 'http://127.0.0.1:4107', 'http://127.0.0.1:4107'],
      [{ STRIPE_API_BASE: 'http://127.0.0.1:4107/', STRIPE_JS_URL: 'http://cdn.example.test:8080/stripe/v3/' }, 'http://cdn.example.test:8080', 'http://127.0.0.1:4107'],
    ] as const) {
      const t = await createTestApp(env);
      try {
        const csp = String((await t.app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
        expect(directive(csp, 'script-src'), csp).toEqual(["'self'", js]);
        expect(directive(csp, 'connect-src'), csp).toEqual(["'self'", api]);
        expect(directive(csp, 'frame-src'), csp).toEqual([...new Set(["'self'", js, api])]);
        expect(csp).not.toContain('stripe.com');
      } finally {
        await t.close();
      }
    }
  });

  it('lets the reference page load only its own script and talk only to this server', async () => {
    const t = await createTestApp();
    try {
      const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
      const csp = String(docs.headers['content-security-policy']);
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("font-src 'self' data:");
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(docs.body).not.toMatch(/https?:\/\//);
    } finally {
      await t.close();
    }
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
