import { hash, verify } from '@node-rs/argon2';
import type { Env } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { revokeRealtimeAccess } from '../../realtime/revoke-realtime-access.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { FailureLimiter, FailureRule } from './failure-limiter.js';
import type { StaffPrincipal, StaffRepository } from './staff.repository.js';

// Verified against when the email is unknown, so both failures cost the same argon2 time.
const dummyHash = await hash('innkeeper-timing-equaliser', { algorithm: 2 });

export function createStaffAuthService(deps: {
  db: Database;
  staff: StaffRepository;
  audit: AuditRepository;
  limiter: FailureLimiter;
  clock: Clock;
  env: Pick<
    Env,
    'STAFF_SESSION_TTL_HOURS' | 'STAFF_LOGIN_IP_FAILURES' | 'STAFF_LOGIN_ACCOUNT_FAILURES' | 'STAFF_LOGIN_FAILURE_WINDOW_MINUTES'
  >;
}) {
  const windowSeconds = deps.env.STAFF_LOGIN_FAILURE_WINDOW_MINUTES * 60;

  return {
    async login(input: { email: string; password: string; ip: string }) {
      const email = input.email.trim().toLowerCase();
      const rules: FailureRule[] = [
        { bucket: `login-ip:${input.ip}`, limit: deps.env.STAFF_LOGIN_IP_FAILURES, windowSeconds },
        { bucket: `login-account:${email}`, limit: deps.env.STAFF_LOGIN_ACCOUNT_FAILURES, windowSeconds },
      ];
      await deps.limiter.assertAllowed(rules);

      const user = await deps.staff.findByEmail(email);
      const passwordOk = await verify(user?.passwordHash ?? dummyHash, input.password);
      if (!user || !user.active || !passwordOk) {
        await deps.limiter.recordFailure(rules);
        throw new AppError('unauthorized', 'Email or password is incorrect.');
      }

      const token = newToken('stf');
      const expiresAt = new Date(deps.clock.now().getTime() + deps.env.STAFF_SESSION_TTL_HOURS * 3_600_000);
      await deps.limiter.clear(`login-account:${email}`);
      const propertyList = await deps.db.transaction(async (tx) => {
        await deps.staff.createSession({ staffId: user.id, tokenHash: hashToken(token), expiresAt }, tx);
        await deps.audit.record({ actorType: 'staff', actorId: user.id, action: 'staff.login' }, tx);
        return deps.staff.propertiesOf(user.id, tx);
      });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        staff: {
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          propertyIds: propertyList.map((property) => property.id),
          properties: propertyList,
        },
      };
    },

    async authenticate(token: string): Promise<StaffPrincipal | undefined> {
      return deps.staff.findPrincipalByTokenHash(hashToken(token));
    },

    async logout(principal: StaffPrincipal) {
      await deps.db.transaction(async (tx) => {
        await deps.staff.revokeSession(principal.sessionId, tx);
        await revokeRealtimeAccess(tx, { kind: 'staff_session', id: principal.sessionId });
        await deps.audit.record({ actorType: 'staff', actorId: principal.id, action: 'staff.logout' }, tx);
      });
    },
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
