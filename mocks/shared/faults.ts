import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Fault injection shared by every mock server, so tests can drive an adapter through the failures
 * a real vendor produces.
 *
 * Two ways in:
 * - `POST /__control/faults` with `{ "mode": "error" | "hang" | "slow" | "rate-limit", "count": 3,
 *   "delayMs": 2000 }` makes the next `count` vendor calls misbehave; `DELETE /__control/faults`
 *   clears it.
 * - A request header `x-mock-fault: error | hang | rate-limit | slow:<ms>` affects that one call.
 *
 * "error" answers 500 and "rate-limit" answers 429 with `Retry-After`, each in the vendor's own
 * body shape (the mock passes `vendorReply`). "hang" never answers (the socket is destroyed when the mock closes);
 * "slow" answers normally after `delayMs`.
 */
export type FaultMode = 'error' | 'hang' | 'slow' | 'rate-limit';

export interface VendorFaultReplies {
  /** Sends the vendor's 500 body. */
  serverError(reply: FastifyReply): FastifyReply;
  /** Sends the vendor's 429 body; the plugin has already set `Retry-After`. */
  rateLimited(reply: FastifyReply): FastifyReply;
}

interface PendingFault {
  mode: FaultMode;
  remaining: number;
  delayMs: number;
}

const CONTROL_PREFIX = '/__control';
const RETRY_AFTER_SECONDS = 1;

function parseHeader(value: string | string[] | undefined): PendingFault | null {
  if (typeof value !== 'string') return null;
  const [mode, arg] = value.split(':');
  if (mode !== 'error' && mode !== 'hang' && mode !== 'slow' && mode !== 'rate-limit') return null;
  return { mode, remaining: 1, delayMs: Number(arg ?? 0) || 0 };
}

export function registerFaults(app: FastifyInstance, vendor: VendorFaultReplies): void {
  let pending: PendingFault | null = null;
  const hanging = new Set<FastifyReply>();

  app.post(`${CONTROL_PREFIX}/faults`, async (request, reply) => {
    const body = (request.body ?? {}) as Partial<{ mode: FaultMode; count: number; delayMs: number }>;
    if (!body.mode || !['error', 'hang', 'slow', 'rate-limit'].includes(body.mode)) {
      return reply.code(400).send({ error: 'mode must be error, hang, slow or rate-limit' });
    }
    pending = { mode: body.mode, remaining: Math.max(1, body.count ?? 1), delayMs: body.delayMs ?? 0 };
    return { armed: pending };
  });

  app.delete(`${CONTROL_PREFIX}/faults`, async () => {
    pending = null;
    return { armed: null };
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    let fault = parseHeader(request.headers['x-mock-fault']);
    if (!fault && pending) {
      fault = pending;
      pending.remaining -= 1;
      if (pending.remaining <= 0) pending = null;
    }
    if (!fault) return;
    switch (fault.mode) {
      case 'error':
        return vendor.serverError(reply);
      case 'rate-limit':
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return vendor.rateLimited(reply.code(429));
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        return;
      case 'hang':
        hanging.add(reply);
        return new Promise<void>(() => undefined);
    }
  });

  app.addHook('preClose', async () => {
    for (const reply of hanging) reply.raw.destroy();
    hanging.clear();
  });
}
