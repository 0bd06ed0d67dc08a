import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';

export const TRANSIENT_CHANNEL = 'realtime_transient';

/**
 * Events a stay's guest may miss without harm: the pieces of an answer while it streams, which the
 * stored message (a durable event) replaces. No id, no replay; the payload itself is the event.
 */
export interface TransientEvent {
  stayId: string;
  type: string;
  /** Small JSON (NOTIFY payloads stop at 8000 bytes; a delta is a few words). */
  data: Record<string, unknown>;
}

/** NOTIFYs at once, outside any transaction the caller may hold, so it reaches the stream now. */
export async function publishTransient(db: Executor, event: TransientEvent): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${TRANSIENT_CHANNEL}, ${JSON.stringify(event)})`);
}

export type PublishTransient = typeof publishTransient;

export function parseTransient(payload: string): TransientEvent | undefined {
  try {
    const value = JSON.parse(payload) as Partial<TransientEvent>;
    if (typeof value.stayId !== 'string' || typeof value.type !== 'string' || typeof value.data !== 'object' || value.data === null) return undefined;
    return { stayId: value.stayId, type: value.type, data: value.data };
  } catch {
    return undefined;
  }
}
