import type { FastifyInstance } from 'fastify';

/** Listens (port 0 picks a free one) and answers the base URL, e.g. `http://127.0.0.1:4114`. */
export async function listenOn(app: FastifyInstance, port = 0, host = '127.0.0.1'): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  return `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
}
