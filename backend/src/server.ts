import { buildApp } from './app.js';
import { EnvError, loadEnvFile, parseEnv } from './config/env.js';
import { createContext } from './context.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { onShutdownSignal } from './lib/shutdown.js';

/** The API process: env, database, context, app, listen, graceful shutdown. */
async function main() {
  loadEnvFile();
  const env = parseEnv();
  const database = await openDatabaseServer(env, (message) => console.log(`[innkeeper] ${message}`));
  const ctx = createContext(env, database.url);
  const app = await buildApp(ctx);

  onShutdownSignal(
    { info: (message) => app.log.info(message), error: (message) => app.log.error(message) },
    async () => {
      await app.close();
      await ctx.close();
      await database.stop();
    },
  );

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
