/**
 * One Innkeeper API process for the benchmarks: forked by them (`forkApiReplica`), it builds the
 * app on the database it is told, listens on a free port and answers with its URL.
 */
// As in the API's own entry point (backend/src/server.ts): first, and the app imported only after it.
import '../backend/src/lib/drizzle-resolution.js';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../backend/src/context.js';
import { benchRole, forkBenchProcess, serveParent, type BenchProcess } from './bench-process.js';

export interface ApiReplica extends BenchProcess {
  url: string;
}

/** Starts an API process on `databaseUrl`. Replicas of one run share `encryptionKey`, as a deployment's do. */
export async function forkApiReplica(options: { databaseUrl: string; encryptionKey: string; poolSize?: number }): Promise<ApiReplica> {
  const replica = forkBenchProcess(new URL(import.meta.url), 'api');
  const { url } = await replica.request<{ url: string }>({ type: 'start', ...options }, 'listening');
  return Object.assign(replica, { url });
}

if (benchRole() === 'api') {
  let running: { app: FastifyInstance; ctx: AppContext } | undefined;
  serveParent({
    async start(message: { databaseUrl: string; encryptionKey: string; poolSize?: number }) {
      const [{ buildApp }, { parseEnv }, { createContext }] = await Promise.all([
        import('../backend/src/app.js'),
        import('../backend/src/config/env.js'),
        import('../backend/src/context.js'),
      ]);
      const env = parseEnv({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        INTEGRATIONS_ENCRYPTION_KEY: message.encryptionKey,
        ...(message.poolSize && { DATABASE_POOL_SIZE: String(message.poolSize) }),
      });
      const ctx = createContext(env, message.databaseUrl);
      const app = await buildApp(ctx);
      running = { app, ctx };
      return { type: 'listening', url: await app.listen({ port: 0, host: '127.0.0.1' }) };
    },
    async stop() {
      await running?.app.close();
      await running?.ctx.close();
    },
  });
}
