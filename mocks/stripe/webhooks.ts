import { createHmac } from 'node:crypto';
import type { StripeEvent } from './objects.js';

/**
 * Webhook deliveries to one configured endpoint, signed as Stripe signs them
 * (`Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the whsec_ secret>`),
 * with the body pretty-printed as Stripe sends it, so receivers must verify the raw bytes.
 *
 * Controls for the delivery faults receivers must survive: every event twice (`duplicate`),
 * events held back and released later, in creation or reverse order (`hold` + release), an
 * event re-sent on demand, and a signature timestamp in the past (`signatureAgeSeconds`, a
 * delivery that arrives late enough to fail the receiver's tolerance check).
 *
 * Deliveries go out one at a time in order, so tests see a deterministic arrival order. The
 * signature time is the real clock (the receiver compares it with its own); events' `created` is
 * the mock's clock. A failed delivery is recorded and not retried (Stripe retries for days).
 */
export interface WebhookEndpoint {
  url: string | null;
  secret: string;
  /** Event types to send; `*` is all. */
  enabledEvents: string[];
}

export interface DeliverySettings {
  duplicate: boolean;
  hold: boolean;
  signatureAgeSeconds: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  url: string;
  /** HTTP status of the receiver's answer, or null when the connection failed. */
  status: number | null;
  error?: string;
}

/** Stripe gives up on an endpoint's answer after about 10 seconds [INF]. */
const DELIVERY_TIMEOUT_MS = 10_000;

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export class WebhookDispatcher {
  endpoint: WebhookEndpoint;
  settings: DeliverySettings = { duplicate: false, hold: false, signatureAgeSeconds: 0 };
  readonly deliveries: DeliveryRecord[] = [];
  private held: StripeEvent[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(defaultSecret: string, url: string | null = null) {
    this.endpoint = { url, secret: defaultSecret, enabledEvents: ['*'] };
  }

  /** How many endpoints an event goes to: its `pending_webhooks`. */
  listening(): number {
    return this.endpoint.url ? 1 : 0;
  }

  accept(event: StripeEvent): void {
    if (!this.endpoint.url || !this.wants(event.type)) return;
    if (this.settings.hold) this.held.push(event);
    else this.send(event, this.settings.duplicate ? 2 : 1);
  }

  heldEventIds(): string[] {
    return this.held.map((event) => event.id);
  }

  /** Sends the held events, in the order they were created or reversed (out of order). */
  release(order: 'created' | 'reverse'): string[] {
    const events = order === 'reverse' ? [...this.held].reverse() : this.held;
    this.held = [];
    for (const event of events) this.send(event, this.settings.duplicate ? 2 : 1);
    return events.map((event) => event.id);
  }

  /** Sends one event again now, whatever the settings: a late or repeated delivery on demand. */
  redeliver(event: StripeEvent): boolean {
    if (!this.endpoint.url) return false;
    this.send(event, 1);
    return true;
  }

  /** Resolves when every delivery queued so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  private wants(type: string): boolean {
    return this.endpoint.enabledEvents.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
  }

  private send(event: StripeEvent, times: number): void {
    for (let i = 0; i < times; i += 1) this.queue = this.queue.then(() => this.deliver(event));
  }

  private async deliver(event: StripeEvent): Promise<void> {
    const { url, secret } = this.endpoint;
    if (!url) return;
    const payload = JSON.stringify(event, null, 2);
    const timestamp = Math.floor(Date.now() / 1000) - this.settings.signatureAgeSeconds;
    const record: DeliveryRecord = { eventId: event.id, type: event.type, url, status: null };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signatureHeader(payload, secret, timestamp),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      record.status = response.status;
      await response.body?.cancel();
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(record);
  }
}
