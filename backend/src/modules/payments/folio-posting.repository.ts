import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { payments, spaCharges } from '../../db/drizzle/schema.js';
import type { PostingOutcome } from './folio-posting.js';

/** The rows that go on a folio, by kind: tables with the same posting columns (status, claim, outcome). */
const TABLES = { payment: payments, spa_charge: spaCharges };

export type PostingKind = keyof typeof TABLES;

export function createFolioPostingRepository(db: Database) {
  return {
    /**
     * Takes a pending row for posting, unless another process has it: one that took it less than
     * `leaseSeconds` ago is still asking the PMS (a process that died while asking loses it after
     * that). True when the caller may ask the PMS now.
     */
    async claim(kind: PostingKind, id: string, leaseSeconds: number): Promise<boolean> {
      const table = TABLES[kind];
      const claimed = await db
        .update(table)
        .set({ postingSince: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(table.id, id), eq(table.status, 'pending'), or(isNull(table.postingSince), lt(table.postingSince, sql`now() - make_interval(secs => ${leaseSeconds})`))))
        .returning({ id: table.id });
      return claimed.length === 1;
    },

    /** Records one call's outcome and releases the claim; false when the row was no longer pending. */
    async recordOutcome(kind: PostingKind, id: string, outcome: PostingOutcome, tx: Executor = db): Promise<boolean> {
      const table = TABLES[kind];
      const updated = await tx
        .update(table)
        .set({
          status: outcome.status,
          attempts: sql`${table.attempts} + 1`,
          postingSince: null,
          updatedAt: sql`now()`,
          ...(outcome.status === 'posted' ? { pmsPostingId: outcome.pmsPostingId, postedAt: sql`now()`, lastError: null } : { lastError: outcome.reason }),
        })
        .where(and(eq(table.id, id), eq(table.status, 'pending')))
        .returning({ id: table.id });
      return updated.length === 1;
    },
  };
}

export type FolioPostingRepository = ReturnType<typeof createFolioPostingRepository>;
