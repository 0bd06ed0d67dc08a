import { createHash } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers for JSON answers (OWASP REST Security): never cached (they carry guests'
 * personal data), never sniffed as another type, never framed. Set as one precomputed object:
 * helmet's full set is for HTML pages and cost about 7% of throughput on the guest read path
 * (bench/stay-read.bench.ts, same-run ratio to the bare server 0.79 with it, 0.85 with these).
 */
const API_HEADERS = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

export interface SecurityHeaderOptions {
  /** Production only: over plain http (development, a LAN demo) HSTS would pin browsers to https. */
  production: boolean;
}

/** Origins beyond this server that pages may load scripts from, connect to and frame (Stripe.js). */
export interface PageOrigins {
  script: string[];
  connect: string[];
  frame: string[];
}

/** The API set, with HSTS in production. */
export const apiSecurityHeaders = (options: SecurityHeaderOptions): Readonly<Record<string, string>> =>
  options.production ? { ...API_HEADERS, ...HSTS } : API_HEADERS;

/**
 * Every answer of the app gets the API set first: JSON routes, /openapi.json and 404s (errors
 * Fastify answers before routing set `apiSecurityHeaders` themselves). HTML pages and the API
 * reference then replace what they need.
 */
export function registerApiSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headers = apiSecurityHeaders(options);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
}

/**
 * helmet's full set for the web app's pages; `upgrade-insecure-requests` and HSTS only in
 * production. Scripts, connections and frames: this server and the given origins only (helmet's
 * defaults otherwise). helmet writes the raw response while the API set is written last from the
 * reply, so the API set is taken off first or it would win.
 */
export async function registerPageSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions & { origins: PageOrigins }): Promise<void> {
  const apiNames = Object.keys(apiSecurityHeaders(options));
  app.addHook('onRequest', async (_request, reply) => {
    for (const name of apiNames) reply.removeHeader(name);
  });
  await app.register(fastifyHelmet, {
    hsts: options.production,
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: options.production ? [] : null,
        scriptSrc: ["'self'", ...options.origins.script],
        connectSrc: ["'self'", ...options.origins.connect],
        frameSrc: ["'self'", ...options.origins.frame],
      },
    },
  });
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/**
 * The API reference (/docs) runs the reference's own bundle, served by us, plus the one inline
 * script that starts it: allowed by its hash, computed from the page as sent. Nothing may be
 * fetched from another host (no remote fonts, no telemetry, no AI or proxy services): the browser
 * enforces that with `connect-src 'self'`. Styles are inline because the bundle injects them.
 */
export function registerDocsSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    const hashes =
      typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
        ? [...payload.matchAll(INLINE_SCRIPT)].map((match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`)
        : [];
    reply.header(
      'content-security-policy',
      [
        "default-src 'none'",
        `script-src 'self' ${hashes.join(' ')}`.trim(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    return payload;
  });
}
