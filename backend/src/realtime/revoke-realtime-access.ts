import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import type { StreamOwner } from './realtime-event.js';

export const REVOCATION_CHANNEL = 'realtime_revocations';

/**
 * Whose realtime access ends: one staff session (logout), every session of a staff user (their
 * account, role or properties changed, which is what their streams were scoped by), one guest
 * session, or every guest session of a stay (cancellation, staff revoking the guest's access).
 */
export interface Revocation {
  kind: 'staff_session' | 'staff_user' | 'guest_session' | 'stay';
  id: string;
}

/** Tickets carry the session they were issued to in actor_id (text); stay_id is a uuid. */
const ticketsOf: Record<Revocation['kind'], (id: string) => SQL> = {
  staff_session: (id) => sql`actor_type = 'staff' AND actor_id = ${id}`,
  staff_user: (id) => sql`actor_type = 'staff' AND actor_id IN (SELECT id::text FROM staff_sessions WHERE staff_id = ${id})`,
  guest_session: (id) => sql`actor_type = 'guest' AND actor_id = ${id}`,
  stay: (id) => sql`actor_type = 'guest' AND stay_id = ${id}`,
};

/**
 * Ends an identity's realtime access in the caller's transaction, so only if the revocation
 * commits: deletes its unredeemed stream tickets and NOTIFYs `<kind>:<id>` to every API process,
 * whose hub closes that identity's open streams. Call it beside every session revocation and every
 * change to a staff user's role, properties or active flag.
 */
export async function revokeRealtimeAccess(tx: Executor, revocation: Revocation): Promise<void> {
  await tx.execute(sql`
    WITH voided AS (DELETE FROM realtime_tickets WHERE used_at IS NULL AND ${ticketsOf[revocation.kind](revocation.id)})
    SELECT pg_notify(${REVOCATION_CHANNEL}, ${`${revocation.kind}:${revocation.id}`})`);
}

export function parseRevocation(payload: string): Revocation | undefined {
  const [kind, id, ...rest] = payload.split(':');
  if (!kind || !Object.hasOwn(ticketsOf, kind) || !id || rest.length > 0) return undefined;
  return { kind: kind as Revocation['kind'], id };
}

export function revokes(revocation: Revocation, owner: StreamOwner): boolean {
  switch (revocation.kind) {
    case 'staff_session':
      return owner.kind === 'staff' && owner.sessionId === revocation.id;
    case 'staff_user':
      return owner.kind === 'staff' && owner.staffId === revocation.id;
    case 'guest_session':
      return owner.kind === 'guest' && owner.sessionId === revocation.id;
    case 'stay':
      return owner.kind === 'guest' && owner.stayId === revocation.id;
  }
}
