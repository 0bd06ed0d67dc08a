import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import Stripe from 'stripe';
import { STRIPE_MOCK_SECRET_KEY } from './credentials.js';
import { createStripeMock, type StripeMock, type StripeMockOptions } from './server.js';
import { controlClient } from '../shared/control-client.js';

/** Test helpers: the mock with the official SDK pointed at it, a webhook receiver, and the fixture shape check. */
export interface RunningStripeMock {
  mock: StripeMock;
  url: string;
  /** stripe-node with the demo secret key, no automatic retries (tests retry on purpose). */
  stripe: Stripe;
  sdk(key: string, config?: Stripe.StripeConfig): Stripe;
  control(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function startStripeMock(options: StripeMockOptions = {}): Promise<RunningStripeMock> {
  const mock = createStripeMock(options);
  const url = await mock.start();
  const { hostname, port } = new URL(url);
  const sdk = (key: string, config: Stripe.StripeConfig = {}) => new Stripe(key, { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0, ...config });
  const control = controlClient(url);
  return { mock, url, stripe: sdk(STRIPE_MOCK_SECRET_KEY), sdk, control };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as signature verification needs it. */
  body: string;
}

/** A local HTTP endpoint that records webhook deliveries and answers 200. */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const fixtures = (JSON.parse(readFileSync(new URL('../vendor-specs/stripe/fixtures3.json', import.meta.url), 'utf8')) as { resources: Record<string, Json> }).resources;

/**
 * Fields Stripe's SDK types document (node_modules/stripe/esm/resources/*.d.ts) that the fixture's
 * example objects leave out.
 */
const BEYOND_FIXTURE: Record<string, string[]> = { charge: ['payment_method_details.card.capture_before'] };
/**
 * The fixture's `last_payment_error` / `last_setup_error` are stubs (`{ type }`); Stripe's API error
 * object (docs.stripe.com/api/errors, contracts/services.md §1.11) carries these fields.
 */
const API_ERROR_FIELDS = ['type', 'code', 'decline_code', 'message', 'param', 'doc_url', 'payment_method', 'charge', 'payment_intent', 'setup_intent', 'advice_code', 'network_decline_code'];
const ERROR_PATHS = new Set(['last_payment_error', 'last_setup_error']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every key the mock returns must exist, with the same JSON type, in Stripe's example object of
 * that type (vendor-specs/stripe/fixtures3.json), recursively; nested objects that name their own
 * type (an expanded charge, an event's data.object) are checked against that type's example.
 * Returns the mismatches, empty when the object fits.
 */
export function fixtureShapeProblems(object: unknown, type = isRecord(object) ? String(object.object) : ''): string[] {
  const problems: string[] = [];
  const example = fixtures[type];
  if (!example) return [`no fixture for object type ${type}`];
  compare(object, example, type, '', problems);
  return problems;
}

function compare(actual: unknown, example: Json | undefined, type: string, path: string, problems: string[]): void {
  if (path && isRecord(actual) && typeof actual.object === 'string' && fixtures[actual.object] && actual.object !== 'list') {
    problems.push(...fixtureShapeProblems(actual));
    return;
  }
  if (actual === null || example === null || example === undefined) return;
  const kind = (value: unknown) => (Array.isArray(value) ? 'array' : typeof value);
  if (kind(actual) !== kind(example)) {
    problems.push(`${type}.${path}: ${kind(actual)} where Stripe's example has ${kind(example)}`);
    return;
  }
  if (Array.isArray(actual)) {
    const [first] = example as Json[];
    for (const item of actual) compare(item, first, type, `${path}[]`, problems);
    return;
  }
  if (!isRecord(actual) || !isRecord(example)) return;
  if (ERROR_PATHS.has(path)) {
    for (const key of Object.keys(actual)) if (!API_ERROR_FIELDS.includes(key)) problems.push(`${type}.${path}.${key}: not a field of Stripe's error object`);
    return;
  }
  // An empty example object is a free-form hash (metadata, payment_method_options).
  if (Object.keys(example).length === 0) return;
  for (const [key, value] of Object.entries(actual)) {
    const child = path ? `${path}.${key}` : key;
    if (key in example) compare(value, example[key], type, child, problems);
    else if (!BEYOND_FIXTURE[type]?.includes(child)) problems.push(`${type}.${child}: not in Stripe's example ${type}`);
  }
}
