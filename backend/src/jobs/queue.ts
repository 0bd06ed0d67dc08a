import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export interface EnqueueOptions {
  /** Deduplicates: a second job with the same key replaces the pending one instead of adding. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs of one named queue run one at a time, in order (graphile-worker's `queue_name`). */
  queueName?: string;
}

/**
 * Adds a graphile-worker job inside the caller's transaction, so the job exists if and only if
 * the change that causes it commits.
 */
export async function enqueueJob(tx: Executor, task: string, payload: Record<string, unknown>, options: EnqueueOptions = {}) {
  await tx.execute(sql`SELECT graphile_worker.add_job(
    identifier => ${task},
    payload => ${JSON.stringify(payload)}::json,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? null}::int,
    job_key => ${options.jobKey ?? null}::text,
    queue_name => ${options.queueName ?? null}::text
  )`);
}
