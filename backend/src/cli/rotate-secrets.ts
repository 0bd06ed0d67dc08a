import { loadEnvFile, parseEnv } from '../config/env.js';
import { createContext } from '../context.js';
import { openDatabaseServer } from '../db/bootstrap.js';
import { exitWithError } from '../lib/error-report.js';

/**
 * `npm run secrets:rotate`: after setting a new INTEGRATIONS_ENCRYPTION_KEY and moving the old one
 * to INTEGRATIONS_ENCRYPTION_PREVIOUS_KEYS, re-encrypts every stored secret under the new key.
 * Then the old key can be dropped.
 */
async function main() {
  loadEnvFile();
  const env = parseEnv();
  const database = await openDatabaseServer(env, (message) => console.log(`[secrets:rotate] ${message}`));
  const ctx = createContext(env, database.url);
  try {
    const count = await ctx.integrations.resealAll();
    console.log(`[secrets:rotate] re-encrypted ${count} integration setting(s) under key ${ctx.integrations.currentKeyId}`);
  } finally {
    await ctx.close();
    await database.stop();
  }
}

main().catch(exitWithError('[secrets:rotate] failed:'));
