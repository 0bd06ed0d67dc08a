import { hash, verify } from '@node-rs/argon2';
import type { Env } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { revokeRealtimeAccess } from '../../realtime/revoke-realtime-access.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { FailureLimiter, FailureRule } from './failure-limiter.js';
import type { StaffPrincipal, StaffRepository, StaffRole } from './staff.repository.js';
import { visibleDepartments } from '../requests/department-access.js';

// Verified against when the email is unknown, so both failures cost the same argon2 time.
const dummyHash = await hash('innkeeper-timing-equaliser', { algorithm: 2 });

/** A successful sign-in from an address makes it the user's own for this long: the account delay does not apply there. */
const KNOWN_ADDRESS_DAYS = 90;

/** What a staff user learns about their own account at sign-in and from /staff/me. */
export function staffUserView(user: { id: string; name: string; email: string; role: StaffRole }, properties: Array<{ id: string; code: string; name: string }>) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    propertyIds: properties.map((property) => property.id),
    properties,
    departments: [...visibleDepartments(user.role)],
  };
}

export function createStaffAuthService(deps: {
  db: Database;
  staff: StaffRepository;
  audit: AuditRepository;
  limiter: FailureLimiter;
  clock: Clock;
  env: Pick<
    Env,
    | 'STAFF_SESSION_TTL_HOURS'
    | 'STAFF_LOGIN_IP_FAILURES'
    | 'STAFF_LOGIN_ACCOUNT_FAILURES'
    | 'STAFF_LOGIN_FAILURE_WINDOW_MINUTES'
    | 'STAFF_LOGIN_MAX_DELAY_SECONDS'
  >;
}) {
  const windowSeconds = deps.env.STAFF_LOGIN_FAILURE_WINDOW_MINUTES * 60;

  return {
    /**
     * Per address: 429 after STAFF_LOGIN_IP_FAILURES failures in the window. Per account: no
     * lockout, but once it has STAFF_LOGIN_ACCOUNT_FAILURES failures, attempts from addresses it
     * has never signed in from wait a delay that doubles with each further failure (capped), so
     * guessing from many addresses stays slow while the user at their usual desk signs in at once.
     */
    async login(input: { email: string; password: string; ip: string }) {
      const email = input.email.trim().toLowerCase();
      const ipRule: FailureRule = { bucket: `login-ip:${input.ip}`, limit: deps.env.STAFF_LOGIN_IP_FAILURES, windowSeconds };
      const accountRule: FailureRule = { bucket: `login-account:${email}`, limit: deps.env.STAFF_LOGIN_ACCOUNT_FAILURES, windowSeconds };
      await deps.limiter.assertAllowed([ipRule]);

      const user = await deps.staff.findByEmail(email);
      if (!user || !(await deps.staff.signedInFrom(user.id, input.ip, KNOWN_ADDRESS_DAYS))) {
        await deps.limiter.assertPaced(accountRule, deps.env.STAFF_LOGIN_MAX_DELAY_SECONDS);
      }
      const passwordOk = await verify(user?.passwordHash ?? dummyHash, input.password);
      if (!user || !user.active || !passwordOk) {
        await deps.limiter.recordFailure([ipRule, accountRule]);
        await deps.audit.record({
          actorType: 'system',
          action: 'staff.login_failed',
          ...(user ? { subjectType: 'staff', subjectId: user.id } : {}),
          details: { email, ip: input.ip },
        });
        throw new AppError('unauthorized', 'Email or password is incorrect.');
      }

      const token = newToken('stf');
      const expiresAt = new Date(deps.clock.now().getTime() + deps.env.STAFF_SESSION_TTL_HOURS * 3_600_000);
      const propertyList = await deps.db.transaction(async (tx) => {
        await deps.staff.createSession({ staffId: user.id, tokenHash: hashToken(token), expiresAt }, tx);
        await deps.audit.record(
          { actorType: 'staff', actorId: user.id, action: 'staff.login', subjectType: 'staff', subjectId: user.id, details: { ip: input.ip } },
          tx,
        );
        return deps.staff.propertiesOf(user.id, tx);
      });
      return {
        token,
        expiresAt: expiresAt.toISOString(),
        staff: staffUserView(user, propertyList),
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
