import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { lazy } from '../lib/lazy.js';

const PREFIX = '/docs';
/** The routes @scalar/fastify-api-reference registers under its prefix (its RELATIVE_JAVASCRIPT_PATH is js/scalar.js). */
const PATHS = [PREFIX, `${PREFIX}/`, `${PREFIX}/js/scalar.js`];

/**
 * The API reference page (/docs, @scalar/fastify-api-reference), loaded on its first request. The
 * package holds its 4 MB browser bundle as a string and brings an OpenAPI parser: 38 MB of memory
 * and about 170 ms at every API start for a page few people open (README, "Start times"). Routes
 * cannot be added to a server that runs, so the package's routes live in a Fastify instance of their
 * own, which these routes ask in-process; this instance's hooks (security headers) still apply.
 */
export async function apiReferenceRoutes(app: FastifyInstance): Promise<void> {
  const reference = lazy(async () => {
    const { default: scalarApiReference } = await import('@scalar/fastify-api-reference');
    const inner = Fastify();
    // Offline and self-contained: our own fonts, no telemetry, no AI agent, MCP or deploy tools.
    await inner.register(scalarApiReference, {
      routePrefix: PREFIX,
      configuration: {
        url: '/openapi.json',
        withDefaultFonts: false,
        telemetry: false,
        showDeveloperTools: 'never',
        agent: { disabled: true },
        mcp: { disabled: true },
      },
    });
    await inner.ready();
    return inner;
  });
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await (await reference()).inject({ method: 'GET', url: request.url });
    for (const name of ['content-type', 'location'] as const) {
      const value = response.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    // A string, so that the security headers' hook can hash the page's inline script.
    return reply.code(response.statusCode).send(response.payload);
  };
  for (const url of PATHS) app.get(url, { schema: { hide: true } }, forward);
}
