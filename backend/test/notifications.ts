import { makeWorkerUtils, runOnce, type TaskList } from 'graphile-worker';
import pg from 'pg';
import type { AppContext } from '../src/context.js';
import { graphileLogger } from '../src/jobs/worker-logger.js';
import { notificationPlanner } from '../src/modules/notifications/notification-planner.js';

/** A demo stay with its guest and property ids. */
export async function demoStay(ctx: AppContext, confirmation: string) {
  const { rows } = await ctx.database.pool.query<{ id: string; property_id: string; guest_id: string; property_code: string; email: string }>(
    `SELECT s.id, s.property_id, s.guest_id, p.code AS property_code, g.email
       FROM stays s JOIN properties p ON p.id = s.property_id JOIN guests g ON g.id = s.guest_id
      WHERE s.confirmation_number = $1`,
    [confirmation],
  );
  const stay = rows[0];
  if (!stay) throw new Error(`no demo stay ${confirmation}`);
  return { stayId: stay.id, propertyId: stay.property_id, guestId: stay.guest_id, propertyCode: stay.property_code, email: stay.email };
}

export async function adminId(ctx: AppContext): Promise<string> {
  const { rows } = await ctx.database.pool.query<{ id: string }>(`SELECT id FROM staff_users WHERE email = 'admin@innkeeper.local'`);
  return rows[0]!.id;
}

/** Saves a channel's provider for a property, as an admin would. */
export async function configureChannel(ctx: AppContext, kind: 'email' | 'sms' | 'push', propertyId: string, provider: string, config: Record<string, unknown>) {
  await ctx.integrations.save(kind, propertyId, { provider, config }, await adminId(ctx));
}

/** Queues "request completed" for the stay's guest (email, and SMS when the guest has a phone); returns the ids. */
export async function queueCompleted(ctx: AppContext, stay: { stayId: string; propertyId: string }, requestId = crypto.randomUUID()) {
  await ctx.database.db.transaction((tx) =>
    notificationPlanner.requestStatusChanged(
      tx,
      { id: requestId, propertyId: stay.propertyId, stayId: stay.stayId, department: 'housekeeping', category: { name: 'Towels', labels: {} }, status: 'completed' },
      'completed',
    ),
  );
  const { rows } = await ctx.database.pool.query<{ id: string; channel: string }>(
    `SELECT id, channel FROM notifications WHERE idempotency_key LIKE $1 ORDER BY channel`,
    [`request:${requestId}:%`],
  );
  return rows;
}

export async function notificationRow(ctx: AppContext, id: string) {
  const { rows } = await ctx.database.pool.query(`SELECT * FROM notifications WHERE id = $1`, [id]);
  return rows[0] as { status: string; attempts: number; last_error: string | null; provider_message_id: string | null; sent_at: Date | null };
}

/** Runs every job that is due now, as a worker would, then returns. */
export async function runDueJobs(ctx: AppContext, databaseUrl: string, taskList: TaskList) {
  await runOnce({ connectionString: databaseUrl, taskList, logger: graphileLogger(ctx.logger) });
}

/** Makes every waiting job (e.g. a retry in its backoff), or every waiting job of one task, due now. */
export async function makeJobsDue(databaseUrl: string, task?: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined);
  const utils = await makeWorkerUtils({ pgPool: pool });
  try {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT id FROM graphile_worker.jobs WHERE locked_at IS NULL AND attempts < max_attempts AND ($1::text IS NULL OR task_identifier = $1)`,
      [task ?? null],
    );
    if (rows.length) await utils.rescheduleJobs(rows.map((row) => row.id), { runAt: new Date() });
    return rows.length;
  } finally {
    await utils.release();
    await pool.end();
  }
}

/** The seed has no manager: `manager@harbour.local` (Mona Manager, the demo password), at Harbour. */
export async function addHarbourManager(db: Pick<pg.Pool, 'query'>): Promise<void> {
  await db.query(`
    WITH manager AS (
      INSERT INTO staff_users (email, password_hash, name, role)
      SELECT 'manager@harbour.local', password_hash, 'Mona Manager', 'manager' FROM staff_users WHERE email = 'admin@innkeeper.local'
      RETURNING id)
    INSERT INTO staff_property_access (staff_id, property_id) SELECT manager.id, p.id FROM manager, properties p WHERE p.code = 'harbour'`);
}
