import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';

// A health probe must answer quickly even when PostgreSQL hangs.
const DB_PROBE_TIMEOUT_MS = 2_000;

async function databaseAnswers(pool: pg.Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DB_PROBE_TIMEOUT_MS);
  });
  const probe = pool.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: { pool: pg.Pool; version: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags: ['ops'],
          summary: 'Liveness and database reachability',
          response: {
            200: z.object({ status: z.literal('ok'), version: z.string(), db: z.literal('ok') }),
            503: z.object({ status: z.literal('degraded'), version: z.string(), db: z.literal('down') }),
          },
        },
      },
      async (_request, reply) => {
        if (await databaseAnswers(deps.pool)) return { status: 'ok' as const, version: deps.version, db: 'ok' as const };
        return reply.code(503).send({ status: 'degraded' as const, version: deps.version, db: 'down' as const });
      },
    );
  };
}
