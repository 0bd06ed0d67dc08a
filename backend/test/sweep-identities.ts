import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { staffRole } from '../src/db/drizzle/schema.js';
import { guestToken, staffToken } from './test-app.js';

export const STAFF_ROLES = staffRole.enumValues;
export type StaffRoleName = (typeof STAFF_ROLES)[number];

/**
 * Every kind of caller the authorization sweep and the fuzz test try: nobody, a forged token, the
 * guest of the stay under test, guests of other stays at the same and at the other property, each
 * staff role at the property under test (`@harbour`; its admin is a property-scoped admin), the
 * same roles at the other property (`@alpine`), and the installation's admin of both.
 */
export type Identity =
  | 'anonymous'
  | 'garbage'
  | 'guest'
  | 'guest-same-property'
  | 'guest-other-property'
  | `${StaffRoleName}@harbour`
  | `${StaffRoleName}@alpine`
  | 'admin@all';

/** The objects the paths of the sweep name: all of them belong to harbour. */
export interface SweepTargets {
  propertyId: string;
  /** harbour's code, for the public routes that take a property by code. */
  code: string;
  /** harbour's id, for bodies that name properties by id. */
  propertyUuid: string;
  /** A harbour stay none of the guest identities holds, for the staff stay routes. */
  stayId: string;
  /** A housekeeping request of the guest identity's stay. */
  requestId: string;
  /** A harbour-only front desk account. */
  staffId: string;
  /** A front desk account at harbour and alpine: in reach of the admin of both only. */
  sharedStaffId: string;
  kind: string;
  /** The concierge chat of the harbour stay above (no guest identity's). */
  conversationId: string;
  /** An AI draft in that chat (suggest mode), for staff to send or discard. */
  messageId: string;
  /** A place harbour recommends. */
  placeId: string;
  /** A late check-out the concierge proposed to the guest identity's stay. */
  proposalId: string;
}

export async function createSweepIdentities(app: FastifyInstance, databaseUrl: string) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // New accounts reuse the demo password's hash, so signing them in costs one argon2 verify each.
    await db.query(
      `WITH demo AS (SELECT password_hash FROM staff_users WHERE email = 'frontdesk@harbour.local'),
            made AS (
              INSERT INTO staff_users (email, name, role, password_hash)
              SELECT 'sweep-' || r.role || '@' || p.code || '.test', 'Sweep ' || r.role, r.role::staff_role, demo.password_hash
              FROM unnest($1::text[]) AS r(role) CROSS JOIN properties p CROSS JOIN demo
              RETURNING id, email)
       INSERT INTO staff_property_access (staff_id, property_id)
       SELECT made.id, p.id FROM made JOIN properties p ON made.email LIKE '%@' || p.code || '.test'`,
      [STAFF_ROLES],
    );
    const tokens = new Map<Identity, string | undefined>([
      ['anonymous', undefined],
      ['garbage', 'stf_not-a-real-token'],
      ['guest', await guestToken(app, 'HV1001', 'Müller')],
      ['guest-same-property', await guestToken(app, 'HV1007', 'Schmidt')],
      ['guest-other-property', await guestToken(app, 'AL2002', 'Meier')],
      ['admin@all', await staffToken(app, 'admin@innkeeper.local')],
    ]);
    for (const property of ['harbour', 'alpine'] as const) {
      for (const role of STAFF_ROLES) tokens.set(`${role}@${property}`, await staffToken(app, `sweep-${role}@${property}.test`));
    }
    const guest = { authorization: `Bearer ${tokens.get('guest')}` };
    const request = await app.inject({ method: 'POST', url: '/api/v1/stay/requests', headers: guest, payload: { category: 'towels' } });
    if (request.statusCode !== 201) throw new Error(`sweep setup: request ${request.statusCode} ${request.body}`);
    const one = async (sql: string) => (await db.query<{ id: string }>(sql)).rows[0]!.id;
    const targets: SweepTargets = {
      propertyId: 'harbour',
      code: 'harbour',
      propertyUuid: await one(`SELECT id FROM properties WHERE code = 'harbour'`),
      stayId: await one(`SELECT s.id FROM stays s JOIN properties p ON p.id = s.property_id WHERE p.code = 'harbour' AND s.confirmation_number = 'HV1006'`),
      requestId: request.json().id,
      staffId: await one(`SELECT id FROM staff_users WHERE email = 'frontdesk@harbour.local'`),
      sharedStaffId: await one(
        `WITH made AS (INSERT INTO staff_users (email, name, role, password_hash)
                       SELECT 'sweep-shared@innkeeper.test', 'Shared Desk', 'front_desk', password_hash FROM staff_users WHERE email = 'frontdesk@harbour.local'
                       RETURNING id),
              granted AS (INSERT INTO staff_property_access (staff_id, property_id) SELECT made.id, p.id FROM made CROSS JOIN properties p)
         SELECT id FROM made`,
      ),
      kind: 'pms',
      ...(await conciergeTargets(db)),
    };
    return { tokens, targets };
  } finally {
    await db.end();
  }
}

/** A chat with a draft for the staff routes, a place, and a proposal to the guest identity (HV1001), written directly. */
async function conciergeTargets(db: pg.Client) {
  const one = async (sql: string, values: unknown[] = []) => (await db.query<{ id: string }>(sql, values)).rows[0]!.id;
  const conversationOf = (confirmation: string) =>
    one(`INSERT INTO conversations (property_id, stay_id) SELECT property_id, id FROM stays WHERE confirmation_number = $1 RETURNING id`, [confirmation]);
  const conversationId = await conversationOf('HV1006');
  const guestConversationId = await conversationOf('HV1001');
  return {
    conversationId,
    messageId: await one(
      `INSERT INTO messages (property_id, conversation_id, author, state, text) SELECT property_id, id, 'ai', 'draft', 'Sweep draft' FROM conversations WHERE id = $1 RETURNING id`,
      [conversationId],
    ),
    placeId: await one(`INSERT INTO concierge_places (property_id, name, category) SELECT id, 'Sweep place', 'restaurant' FROM properties WHERE code = 'harbour' RETURNING id`),
    proposalId: await one(
      `INSERT INTO concierge_proposals (property_id, stay_id, conversation_id, tool, arguments, summary, expires_at)
       SELECT property_id, stay_id, id, 'request_late_checkout', '{"time": "13:00"}', 'Late check-out at 13:00', now() + interval '1 day' FROM conversations WHERE id = $1 RETURNING id`,
      [guestConversationId],
    ),
  };
}
