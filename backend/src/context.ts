import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './config/env.js';
import { repoRoot } from './config/env.js';
import { connectDatabase, type DatabaseHandle } from './db/client.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { createAuthFailuresRepository } from './modules/auth/auth-failures.repository.js';
import { createFailureLimiter } from './modules/auth/failure-limiter.js';
import { createStaffAuthService } from './modules/auth/staff-auth.service.js';
import { createStaffRepository } from './modules/auth/staff.repository.js';
import { createStaysRepository } from './modules/stays/stays.repository.js';
import { createStaysService } from './modules/stays/stays.service.js';

export const version: string = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;

/** Everything a process needs, wired once. Tests build it with their own database and clock. */
export function createContext(env: Env, databaseUrl: string, clock: Clock = systemClock) {
  const database: DatabaseHandle = connectDatabase(databaseUrl, env.DATABASE_POOL_SIZE);
  const { db } = database;
  const audit = createAuditRepository(db);
  const staff = createStaffRepository(db);
  const limiter = createFailureLimiter({ failures: createAuthFailuresRepository(db), clock });
  return {
    env,
    version,
    clock,
    database,
    services: {
      staffAuth: createStaffAuthService({ db, staff, audit, limiter, clock, env }),
      stays: createStaysService({ stays: createStaysRepository(db), limiter, env }),
    },
    close: () => database.close(),
  };
}

export type AppContext = ReturnType<typeof createContext>;
