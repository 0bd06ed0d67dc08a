import { AppError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthFailuresRepository } from './auth-failures.repository.js';

export interface FailureRule {
  /** Bucket key, e.g. `lookup-ip:203.0.113.7`. */
  bucket: string;
  /** Failures allowed within the window; the next attempt gets 429. */
  limit: number;
  windowSeconds: number;
}

/**
 * Counts failed attempts (not all attempts) per bucket in PostgreSQL, so a hotel's shared Wi-Fi
 * address is only throttled when lookups from it keep failing, and every API replica agrees.
 */
export function createFailureLimiter(deps: { failures: AuthFailuresRepository; clock: Clock }) {
  return {
    /** Throws 429 with Retry-After when any rule's bucket is over its limit. */
    async assertAllowed(rules: FailureRule[]): Promise<void> {
      const states = await Promise.all(
        rules.map(async (rule) => ({ rule, ...(await deps.failures.recent(rule.bucket, rule.windowSeconds)) })),
      );
      const blocked = states.filter((state) => state.count >= state.rule.limit);
      if (blocked.length === 0) return;
      const retryAfterSeconds = Math.max(
        ...blocked.map(({ rule, oldest }) =>
          oldest ? (oldest.getTime() + rule.windowSeconds * 1000 - deps.clock.now().getTime()) / 1000 : rule.windowSeconds,
        ),
      );
      throw new AppError('rate_limited', 'Too many failed attempts. Please wait and try again.', {
        retryAfterSeconds,
      });
    },

    async recordFailure(rules: FailureRule[]): Promise<void> {
      const windowSeconds = Math.max(...rules.map((rule) => rule.windowSeconds));
      await deps.failures.record(
        rules.map((rule) => rule.bucket),
        windowSeconds,
      );
    },

    clear: (bucket: string) => deps.failures.clear(bucket),
  };
}

export type FailureLimiter = ReturnType<typeof createFailureLimiter>;
