import type { Executor } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { PostChargeInput, PostPaymentInput } from '../../integrations/pms/pms.port.js';
import { enqueueJob } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { StaysService } from '../stays/stays.service.js';
import type { FolioPostingRepository, PostingKind } from './folio-posting.repository.js';

/**
 * How long a process may be asking the PMS before another may take a posting over. A PMS call
 * is at most 3 attempts of 8 s plus backoff (integrations/http.ts), and an unconfirmed stay adds a
 * lookup first: about a minute at worst, so 2 minutes never takes over a call that is still running.
 */
const POSTING_LEASE_SECONDS = 120;

/**
 * The worker's attempts: graphile-worker waits e^n seconds after the n-th failure, at most e^10
 * (about 6 hours), so 25 attempts keep trying for about four days. A posting the PMS has still not
 * taken by then stays `pending`, with its last error, on the stay's page.
 */
const POSTING_MAX_ATTEMPTS = 25;

/** What one call to the PMS ended in: on the folio, refused, or not known yet (still pending). */
export type PostingOutcome =
  | { status: 'posted'; pmsPostingId: string }
  | { status: 'failed'; reason: string }
  | { status: 'pending'; reason: string };

/**
 * One line for a stay's folio: a charge raises the balance; a payment lowers it (a negative one,
 * money given back, raises it, where the PMS takes one: `capabilities.refunds`).
 */
export type FolioEntry = { charge: PostChargeInput } | { payment: PostPaymentInput };

/** The PMS said no (closed reservation, unknown reservation): asking again would not change that. */
const isRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && (error.code === 'upstream_rejected' || error.code === 'not_found');

/**
 * The one way money goes on a folio (payments, tips, refunds, spa charges and credits): the row
 * that says what to post is committed with a job that takes it over, then the caller asks the PMS
 * outside any transaction with the row's own idempotency keys, so a repeat after a timeout (by the
 * caller or the job) finds the first posting instead of adding one. A row is asked about by one
 * process at a time (its claim); each caller keeps its own table and job.
 */
export function createFolioPosting(deps: {
  repository: FolioPostingRepository;
  integrations: IntegrationManager;
  /** The stay as the PMS knows it (confirmed there first if it never was). */
  stayInPms: StaysService['staffStay'];
  clock: Clock;
}) {
  return {
    /** Takes a pending row for posting unless another process is asking the PMS about it now; true when the caller may ask. */
    claim: (kind: PostingKind, id: string) => deps.repository.claim(kind, id, POSTING_LEASE_SECONDS),

    /** Records what the PMS said about a row and releases its claim; false when it was settled already. */
    recordOutcome: deps.repository.recordOutcome,

    /** The job that posts a row if its caller never records an outcome (the PMS was down, the process died), in the caller's transaction. */
    async schedule(tx: Executor, task: string, payload: Record<string, unknown>): Promise<void> {
      await enqueueJob(tx, task, payload, { runAt: new Date(deps.clock.now().getTime() + POSTING_LEASE_SECONDS * 1000), maxAttempts: POSTING_MAX_ATTEMPTS });
    },

    /**
     * Asks the PMS to post the entries to the stay's folio, in order. A refusal fails the posting;
     * anything else leaves it pending for the job. `bug` is an error that is not an outage, for
     * the caller to throw once it has recorded the outcome (the error handler or worker logs it).
     */
    async post(stay: { propertyId: string; stayId: string }, entries: FolioEntry[]): Promise<{ outcome: PostingOutcome; bug?: unknown }> {
      try {
        const { pmsReservationId } = await deps.stayInPms(stay.propertyId, stay.stayId);
        const pms = await deps.integrations.resolve('pms', stay.propertyId);
        let postingId = '';
        for (const entry of entries) {
          const posted = 'charge' in entry ? await pms.postCharge(pmsReservationId, entry.charge) : await pms.postPayment(pmsReservationId, entry.payment);
          postingId = posted.postingId;
        }
        return { outcome: { status: 'posted', pmsPostingId: postingId } };
      } catch (error) {
        if (isRefusal(error)) return { outcome: { status: 'failed', reason: error.message } };
        if (error instanceof AppError) return { outcome: { status: 'pending', reason: error.message } };
        return { outcome: { status: 'pending', reason: 'Unexpected error while posting to the PMS.' }, bug: error };
      }
    },
  };
}

export type FolioPosting = ReturnType<typeof createFolioPosting>;
