import { AppError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthFailuresRepository } from './auth-failures.repository.js';

export interface FailureRule {
  /** Bucket key, e.g. `lookup-ip:203.0.113.7`. */
  bucket: string;
  /** Failures allowed within the window before the rule applies. */
  limit: number;
  windowSeconds: number;
}

const tooMany = (retryAfterSeconds: number) =>
  new AppError('rate_limited', 'Too many failed attempts. Please wait and try again.', { retryAfterSeconds });

/**
 * Counts failed attempts (not all attempts) per bucket in PostgreSQL, so a hotel's shared Wi-Fi
 * address is only throttled when lookups from it keep failing, and every API replica agrees.
 * Successes never clear a bucket: a guess budget the real user's sign-in reset would be a budget
 * an attacker gets again every time that user signs in.
 */
export function createFailureLimiter(deps: { failures: AuthFailuresRepository; clock: Clock }) {
  const states = (rules: FailureRule[]) =>
    Promise.all(rules.map(async (rule) => ({ rule, ...(await deps.failures.recent(rule.bucket, rule.windowSeconds)) })));
  const secondsUntil = (moment: number) => Math.max(1, (moment - deps.clock.now().getTime()) / 1000);

  return {
    /** Whether any rule's bucket has reached its limit. */
    async reached(rules: FailureRule[]): Promise<boolean> {
      return (await states(rules)).some((state) => state.count >= state.rule.limit);
    },

    /** Throws 429 with Retry-After (until the oldest failure leaves the window) when any rule's bucket is at its limit. */
    async assertAllowed(rules: FailureRule[]): Promise<void> {
      const blocked = (await states(rules)).filter((state) => state.count >= state.rule.limit);
      if (blocked.length === 0) return;
      throw tooMany(
        Math.max(
          ...blocked.map(({ rule, oldest }) => (oldest ? secondsUntil(oldest.getTime() + rule.windowSeconds * 1000) : rule.windowSeconds)),
        ),
      );
    },

    /**
     * A growing delay instead of a lockout: once the bucket has `limit` failures in the window, an
     * attempt must come at least 2^(failures - limit) seconds (at most `maxDelaySeconds`) after
     * the latest failure, else 429 with Retry-After. Each refused attempt is not a failure, so
     * hammering does not grow the wait; each wrong guess does.
     */
    async assertPaced(rule: FailureRule, maxDelaySeconds: number): Promise<void> {
      const [state] = await states([rule]);
      if (!state || state.count < rule.limit || !state.latest) return;
      const delaySeconds = Math.min(2 ** (state.count - rule.limit), maxDelaySeconds);
      const allowedAt = state.latest.getTime() + delaySeconds * 1000;
      if (deps.clock.now().getTime() < allowedAt) throw tooMany(secondsUntil(allowedAt));
    },

    async recordFailure(rules: FailureRule[]): Promise<void> {
      const windowSeconds = Math.max(...rules.map((rule) => rule.windowSeconds));
      await deps.failures.record(
        rules.map((rule) => rule.bucket),
        windowSeconds,
      );
    },
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
