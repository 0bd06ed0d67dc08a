import { buildApp } from './app.js';
import { EnvError, loadEnvFile, parseEnv } from './config/env.js';
import { createContext } from './context.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { releaseEmbeddedPostgresSignalHooks } from './db/embedded.js';

/** The API process: env, database, context, app, listen, graceful shutdown. */
async function main() {
  loadEnvFile();
  const env = parseEnv();
  const database = await openDatabaseServer(env, (message) => console.log(`[innkeeper] ${message}`));
  const ctx = createContext(env, database.url);
  const app = await buildApp(ctx);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const forced = setTimeout(() => {
      app.log.error('shutdown took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    try {
      await app.close();
      await ctx.close();
      await database.stop();
    } finally {
      clearTimeout(forced);
    }
    process.exit(0);
  };
  releaseEmbeddedPostgresSignalHooks();
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (error) {
    await ctx.close();
    await database.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error('[innkeeper] failed to start:', error instanceof Error ? (error.cause ?? error) : error);
    if (error instanceof Error) console.error(error.message);
  }
  process.exit(1);
});
