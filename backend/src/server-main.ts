import { buildApp } from './app.js';
import { loadEnvFile, parseEnv } from './config/env.js';
import { createContext } from './context.js';
import { openDatabaseServer } from './db/bootstrap.js';
import { exitWithError } from './lib/error-report.js';
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
    [
      ['closing the HTTP listener', () => app.close()],
      ['closing the database pool', () => ctx.close()],
      ['stopping PostgreSQL', () => database.stop()],
    ],
  );

  try {
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (error) {
    await ctx.close();
    await database.stop();
    throw error;
  }
}

main().catch(exitWithError('[innkeeper] failed to start:'));
