import type { Database, Executor } from '../../db/client.js';
import type { IntegrationManager } from '../../integrations/integration-manager.js';
import type { KeyHolder, KeysPort, MobileKey, RevokeReason } from '../../integrations/keys/keys.port.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { publishEvent } from '../../realtime/publish-event.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StayView } from '../stays/stays.repository.js';
import { queueKeySync } from './key-sync-job.js';
import { LIVE_KEY_STATUSES, type KeyStay, type KeysRepository, type MobileKeyRow } from './keys.repository.js';

/** A key the lock server has not confirmed is asked about again after this long. */
const PENDING_RECHECK_MS = 30_000;
/** Rounds of plan-and-call in one sync: a reissue is revoke + issue, a lost issue is found then moved. */
const MAX_ROUNDS = 4;

/** Why we end a key: the port's reasons, plus `reissue` (staff asked for a new key). */
type StoredRevokeReason = RevokeReason | 'reissue';

type Step =
  | { kind: 'issue'; row: MobileKeyRow }
  | { kind: 'revoke'; row: MobileKeyRow }
  | { kind: 'extend'; row: MobileKeyRow; validUntil: Date }
  | { kind: 'move'; row: MobileKeyRow; room: string }
  | { kind: 'refresh'; row: MobileKeyRow };

const revokeReasonFor = (status: KeyStay['status']): StoredRevokeReason =>
  status === 'checked_out' ? 'checkout' : status === 'cancelled' ? 'cancelled' : status === 'no_show' ? 'no_show' : 'security';

const toPortReason = (reason: string | null): RevokeReason => (reason === 'reissue' || !reason ? 'security' : (reason as RevokeReason));

/** What a guest sees of a key: `unavailable` when the vendor refused it (the desk is told). */
export type GuestKeyStatus = 'pending' | 'issued' | 'revoked' | 'expired' | 'unavailable';

export function createKeysService(deps: {
  db: Database;
  repository: KeysRepository;
  integrations: IntegrationManager;
  audit: AuditRepository;
  clock: Clock;
  log: { warn(details: object, message: string): void };
}) {
  const port = (propertyId: string): Promise<KeysPort> => deps.integrations.resolve('keys', propertyId);
  const live = (rows: MobileKeyRow[]) => rows.find((row) => LIVE_KEY_STATUSES.includes(row.status));

  async function newKey(tx: Executor, stay: KeyStay, rows: MobileKeyRow[], provider: string) {
    const generation = (rows.at(-1)?.generation ?? 0) + 1;
    return deps.repository.insert(
      {
        propertyId: stay.propertyId,
        stayId: stay.id,
        provider,
        generation,
        idempotencyKey: `stay:${stay.id}:key:${generation}`,
        room: stay.room!,
        validFrom: deps.clock.now(),
        validUntil: stay.keyEnd,
      },
      tx,
    );
  }

  /**
   * Decides, with the stay locked, what the key needs now: every change is written as an intent
   * (a row `issuing`, a row `revoking`) before the provider hears of it, and the provider is called
   * after the commit. A key revoked by staff stays revoked until staff issue a new one.
   */
  async function plan(propertyId: string, stayId: string, keys: KeysPort, provider: string): Promise<Step[]> {
    return deps.db.transaction(async (tx) => {
      const stay = await deps.repository.lockStay(propertyId, stayId, tx);
      if (!stay) throw new AppError('not_found', 'No such stay at this property.');
      const rows = await deps.repository.listForStay(propertyId, stayId, tx);
      const current = live(rows);
      const steps: Step[] = rows.filter((row) => row.status === 'revoking').map((row) => ({ kind: 'revoke' as const, row }));
      const stoppedByStaff = !current && rows.at(-1)?.revokeReason === 'staff';
      const wanted = keys.capabilities.issuesKeys && stay.status === 'checked_in' && stay.room !== null && !stoppedByStaff;
      const revoke = async (row: MobileKeyRow, reason: StoredRevokeReason) =>
        steps.push({ kind: 'revoke', row: await deps.repository.update(row.id, { status: 'revoking', revokeReason: reason }, tx) });

      if (!wanted) {
        if (current && keys.capabilities.issuesKeys) await revoke(current, revokeReasonFor(stay.status));
        return steps;
      }
      if (!current) return [...steps, { kind: 'issue', row: await newKey(tx, stay, rows, provider) }];
      if (current.status === 'issuing') return [...steps, { kind: 'issue', row: current }];
      const reissue = async (reason: StoredRevokeReason) => {
        await revoke(current, reason);
        steps.push({ kind: 'issue', row: await newKey(tx, stay, rows, provider) });
      };
      if (current.room !== stay.room) {
        if (keys.capabilities.moveInPlace) steps.push({ kind: 'move', row: current, room: stay.room! });
        else await reissue('room_change');
      } else if (stay.keyEnd.getTime() > current.validUntil.getTime()) {
        if (keys.capabilities.extendInPlace) steps.push({ kind: 'extend', row: current, validUntil: stay.keyEnd });
        else await reissue('security');
      } else if (current.status === 'pending') {
        steps.push({ kind: 'refresh', row: current });
      }
      return steps;
    });
  }

  /**
   * Records a provider answer on the row, the audit entry and the live event, in one transaction.
   * An answer the row already holds (a second worker that asked for the same key) changes nothing
   * and is not logged twice.
   */
  async function record(row: MobileKeyRow, key: MobileKey, action: string, details: Record<string, unknown> = {}) {
    await deps.db.transaction(async (tx) => {
      const now = await deps.repository.lock(row.id, tx);
      const validUntil = new Date(key.validUntil);
      const known =
        now.keyRef === key.keyId && now.status === key.status && now.room === key.room && now.validUntil.getTime() === validUntil.getTime() && now.sharedWith === key.sharedWith;
      if (known && now.lastError === null) return;
      await deps.repository.update(
        row.id,
        {
          keyRef: key.keyId,
          status: key.status,
          room: key.room,
          validUntil,
          invitationUrl: key.invitationUrl,
          walletUrl: key.walletUrl,
          sharedWith: key.sharedWith,
          lastError: null,
          failedAttempts: 0,
        },
        tx,
      );
      if (known) return;
      await deps.audit.record({ propertyId: row.propertyId, actorType: 'system', action, subjectType: 'stay', subjectId: row.stayId, details: { keyId: row.id, room: key.room, ...details } }, tx);
      await publishEvent(tx, { propertyId: row.propertyId, stayId: row.stayId, type: 'key.updated', subjectId: row.stayId });
    });
  }

  async function holderOf(row: MobileKeyRow): Promise<{ reservationId: string; holder: KeyHolder }> {
    const stay = await deps.db.transaction((tx) => deps.repository.lockStay(row.propertyId, row.stayId, tx));
    return { reservationId: stay!.pmsReservationId, holder: stay!.holder };
  }

  /** Asks the provider for the row's key with its own idempotency key: the key made, or the one made before. */
  async function issued(keys: KeysPort, row: MobileKeyRow): Promise<MobileKey> {
    const { reservationId, holder } = await holderOf(row);
    return keys.issue({
      reservationId,
      room: row.room,
      validFrom: row.validFrom.toISOString(),
      validUntil: row.validUntil.toISOString(),
      holder,
      idempotencyKey: row.idempotencyKey,
    });
  }

  async function run(keys: KeysPort, step: Step): Promise<void> {
    const { row } = step;
    switch (step.kind) {
      case 'issue':
        return record(row, await issued(keys, row), 'key.issued', { provider: row.provider });
      case 'revoke': {
        // A key whose issue was never answered may exist at the vendor: find it by its idempotency key first.
        const keyRef = row.keyRef ?? (await issued(keys, row)).keyId;
        return record(row, { ...(await keys.revoke(keyRef, toPortReason(row.revokeReason))), status: 'revoked' }, 'key.revoked', { reason: row.revokeReason });
      }
      case 'extend':
        return record(row, await keys.extend(row.keyRef!, step.validUntil.toISOString()), 'key.extended', { validUntil: step.validUntil.toISOString() });
      case 'move':
        return record(row, await keys.move(row.keyRef!, step.room), 'key.moved', { from: row.room });
      case 'refresh': {
        const key = await keys.status(row.keyRef!);
        if (key.status !== row.status) await record(row, key, 'key.confirmed');
        return;
      }
    }
  }

  /** A failed call stays visible: on the row for staff, as a live event, and for a revocation as a security alert. */
  async function recordFailure(step: Step, error: unknown): Promise<'retry' | 'refused'> {
    const { row } = step;
    const message = error instanceof AppError ? error.message : 'The key provider failed.';
    const refused = step.kind === 'issue' && error instanceof AppError && error.code === 'upstream_rejected';
    await deps.db.transaction(async (tx) => {
      await deps.repository.update(row.id, { lastError: message, failedAttempts: row.failedAttempts + 1, ...(refused ? { status: 'failed' as const } : {}) }, tx);
      if (refused || (step.kind === 'revoke' && row.failedAttempts === 0)) {
        await deps.audit.record(
          {
            propertyId: row.propertyId,
            actorType: 'system',
            action: refused ? 'key.issue_refused' : 'key.revoke_unconfirmed',
            subjectType: 'stay',
            subjectId: row.stayId,
            details: { keyId: row.id, error: message },
          },
          tx,
        );
      }
      await publishEvent(tx, { propertyId: row.propertyId, stayId: row.stayId, type: 'key.attention', subjectId: row.stayId });
    });
    // A key that should be dead and may not be is a security event.
    if (step.kind === 'revoke') deps.log.warn({ stayId: row.stayId, keyId: row.id, attempt: row.failedAttempts + 1 }, `mobile key revocation not confirmed: ${message}`);
    return refused ? 'refused' : 'retry';
  }

  /**
   * Brings the stay's key in step with the stay (the `sync_mobile_key` job). A failure is recorded
   * and thrown, so the job is tried again with back-off; the retry finds the same intent and asks
   * with the same idempotency key.
   */
  async function sync(propertyId: string, stayId: string): Promise<string> {
    const keys = await port(propertyId);
    const provider = await deps.integrations.providerOf('keys', propertyId);
    const done: string[] = [];
    let failure: unknown;
    for (let round = 0; round < MAX_ROUNDS && !failure; round += 1) {
      const steps = await plan(propertyId, stayId, keys, provider);
      if (steps.length === 0) break;
      for (const step of steps) {
        try {
          await run(keys, step);
          done.push(step.kind);
        } catch (error) {
          if ((await recordFailure(step, error)) === 'retry') failure = error;
        }
      }
    }
    if (failure) throw failure;
    const current = live(await deps.repository.listForStay(propertyId, stayId));
    if (current?.status === 'pending') await queueKeySync(deps.db, propertyId, stayId, new Date(deps.clock.now().getTime() + PENDING_RECHECK_MS));
    return done.length ? done.join(', ') : 'in step';
  }

  const guestStatus = (row: MobileKeyRow): GuestKeyStatus => {
    if (row.status === 'failed') return 'unavailable';
    if (row.status === 'issuing') return 'pending';
    if (row.status === 'revoking' || row.status === 'revoked') return 'revoked';
    if (row.status === 'expired' || row.validUntil.getTime() <= deps.clock.now().getTime()) return 'expired';
    return row.status;
  };

  async function staffView(propertyId: string, stayId: string) {
    const keys = await port(propertyId);
    const rows = await deps.repository.listForStay(propertyId, stayId);
    return { capabilities: keys.capabilities, keys: rows.reverse() };
  }

  /** A staff change: written with its audit entry and the sync job in one transaction. */
  async function staffChange(propertyId: string, stayId: string, actor: Actor, action: string, change: (tx: Executor, stay: KeyStay, rows: MobileKeyRow[], provider: string) => Promise<void>) {
    const keys = await port(propertyId);
    if (!keys.capabilities.issuesKeys) throw new AppError('conflict', 'This property does not use mobile keys.');
    const provider = await deps.integrations.providerOf('keys', propertyId);
    await deps.db.transaction(async (tx) => {
      const stay = await deps.repository.lockStay(propertyId, stayId, tx);
      if (!stay) throw new AppError('not_found', 'No such stay at this property.');
      const rows = await deps.repository.listForStay(propertyId, stayId, tx);
      await change(tx, stay, rows, provider);
      await deps.audit.record({ propertyId, ...auditActor(actor), action, subjectType: 'stay', subjectId: stayId, details: { provider } }, tx);
      await publishEvent(tx, { propertyId, stayId, type: 'key.updated', subjectId: stayId });
      await queueKeySync(tx, propertyId, stayId);
    });
    return staffView(propertyId, stayId);
  }

  return {
    sync,

    /** The guest's key: none where the property has no keys or the stay has none yet. */
    async forGuest(stay: StayView) {
      const keys = await port(stay.propertyId);
      if (!keys.capabilities.issuesKeys) return { enabled: false, canShare: false, key: null };
      const rows = await deps.repository.listForStay(stay.propertyId, stay.id);
      const row = live(rows) ?? rows.at(-1);
      const status = row ? guestStatus(row) : null;
      return {
        enabled: true,
        canShare: keys.capabilities.shareWithSecondGuest && status === 'issued',
        key:
          row && status
            ? {
                status,
                room: row.room,
                validUntil: row.validUntil.toISOString(),
                // Links that open a key are shown only while it opens doors.
                invitationUrl: status === 'issued' || status === 'pending' ? row.invitationUrl : null,
                walletUrl: status === 'issued' || status === 'pending' ? row.walletUrl : null,
                sharedWith: row.sharedWith,
              }
            : null,
      };
    },

    /** The guest invites a second guest to their key, where the provider can. */
    async share(stay: StayView, holder: KeyHolder) {
      const keys = await port(stay.propertyId);
      const row = live(await deps.repository.listForStay(stay.propertyId, stay.id));
      if (!keys.capabilities.shareWithSecondGuest) throw new AppError('conflict', "This hotel's keys cannot be shared.");
      if (!row || row.status !== 'issued' || !row.keyRef) throw new AppError('conflict', 'There is no key to share yet.');
      const key = await keys.share(row.keyRef, holder);
      await record(row, key, 'key.shared', { sharedWith: key.sharedWith });
      return this.forGuest(stay);
    },

    staffView,

    /** Staff end the key now; it stays ended until staff issue a new one. */
    revoke: (propertyId: string, stayId: string, actor: Actor) =>
      staffChange(propertyId, stayId, actor, 'key.revoke_requested', async (tx, _stay, rows) => {
        const current = live(rows);
        if (!current) throw new AppError('conflict', 'The stay has no key to revoke.');
        await deps.repository.update(current.id, { status: 'revoking', revokeReason: 'staff' }, tx);
      }),

    /** Staff issue a new key (ending the current one): a lost phone, a key that never arrived. */
    reissue: (propertyId: string, stayId: string, actor: Actor) =>
      staffChange(propertyId, stayId, actor, 'key.reissue_requested', async (tx, stay, rows, provider) => {
        if (stay.status !== 'checked_in' || !stay.room) {
          throw new AppError('conflict', 'A key is issued only for a checked-in stay with a room.');
        }
        const current = live(rows);
        if (current) await deps.repository.update(current.id, { status: 'revoking', revokeReason: 'reissue' }, tx);
        await newKey(tx, stay, rows, provider);
      }),

    attention: (propertyId: string) => deps.repository.attention(propertyId),
  };
}

export type KeysService = ReturnType<typeof createKeysService>;
