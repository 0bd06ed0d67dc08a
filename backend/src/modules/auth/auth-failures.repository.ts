import { and, count, eq, gt, inArray, lt, max, min, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { authFailures } from '../../db/drizzle/schema.js';

export function createAuthFailuresRepository(db: Database) {
  return {
    /** Failures of `bucket` in the last `windowSeconds`, and when the oldest and the latest of them happened. */
    async recent(bucket: string, windowSeconds: number) {
      const [row] = await db
        .select({ count: count(), oldest: min(authFailures.occurredAt), latest: max(authFailures.occurredAt) })
        .from(authFailures)
        .where(
          and(
            eq(authFailures.bucket, bucket),
            gt(authFailures.occurredAt, sql`now() - make_interval(secs => ${windowSeconds})`),
          ),
        );
      return {
        count: row?.count ?? 0,
        oldest: row?.oldest ? new Date(row.oldest) : null,
        latest: row?.latest ? new Date(row.latest) : null,
      };
    },

    /** Records a failure for each bucket and drops that bucket's rows past the window. */
    async record(buckets: string[], windowSeconds: number) {
      await db.transaction(async (tx) => {
        await tx.insert(authFailures).values(buckets.map((bucket) => ({ bucket })));
        await tx
          .delete(authFailures)
          .where(
            and(
              inArray(authFailures.bucket, buckets),
              lt(authFailures.occurredAt, sql`now() - make_interval(secs => ${windowSeconds})`),
            ),
          );
      });
    },

    /** Drops every failure older than `olderThanSeconds`, whatever its bucket; returns how many. */
    async prune(olderThanSeconds: number): Promise<number> {
      const removed = await db
        .delete(authFailures)
        .where(lt(authFailures.occurredAt, sql`now() - make_interval(secs => ${olderThanSeconds})`))
        .returning({ id: authFailures.id });
      return removed.length;
    },
  };
}

export type AuthFailuresRepository = ReturnType<typeof createAuthFailuresRepository>;
