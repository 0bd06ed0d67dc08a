import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The request log of a vendor mock, read by tests through `GET /__control/requests` (oldest first,
 * the last 1000) and emptied by `DELETE /__control/requests`. Each API request gets the entry
 * `create` makes as it arrives (control requests get none); the status is filled in when the
 * answer is complete, so a hanging request keeps `status: null`. Register it before the faults, so
 * a request a fault answers is logged too.
 */
const LOG_LIMIT = 1000;

export const isControlRequest = (request: FastifyRequest) => request.url.startsWith('/__control');

export function registerRequestLog<Entry extends { status: number | null }>(app: FastifyInstance, create: (request: FastifyRequest) => Entry): { entryOf(request: FastifyRequest): Entry | undefined } {
  const log: Entry[] = [];
  const entries = new WeakMap<FastifyRequest, Entry>();
  app.addHook('onRequest', async (request) => {
    if (isControlRequest(request)) return;
    const entry = create(request);
    entries.set(request, entry);
    log.push(entry);
    if (log.length > LOG_LIMIT) log.shift();
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = entries.get(request);
    if (entry) entry.status = reply.statusCode;
  });
  app.get('/__control/requests', async () => ({ requests: log }));
  app.delete('/__control/requests', async () => {
    log.length = 0;
    return { requests: log };
  });
  return { entryOf: (request) => entries.get(request) };
}

/** Listens (port 0 picks a free one) and answers the mock's URL, e.g. `http://127.0.0.1:4110`. */
export async function listen(app: FastifyInstance, name: string, port = 0, host = '127.0.0.1'): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error(`${name} mock is not listening on a TCP port`);
  return `http://${host}:${address.port}`;
}
