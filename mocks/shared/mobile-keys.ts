import type { FastifyInstance } from 'fastify';

/**
 * The lock-system side both digital-key mocks (OpenKey, Alliants) stand on: keys with their state
 * (pending → issued → extended/moved → revoked | expired), a clock they expire by, and a lock
 * server that can be slow or time out. Each mock wraps it in its own vendor's wire format; neither
 * vendor publishes one (../shared/contracts/services.md §2.2–2.4), so both are our guesses.
 */
export type KeyState = 'pending' | 'issued' | 'revoked' | 'expired';

export interface StoredKey {
  id: string;
  reservationId: string;
  room: string;
  validFrom: string;
  validUntil: string;
  state: KeyState;
  /** Every change after issue, oldest first: `extended`, `moved`. */
  changes: Array<'extended' | 'moved'>;
  guest: { firstName: string | null; lastName: string; phone: string | null; email: string | null };
  /** Second guests the key was shared with. */
  shared: Array<{ firstName: string | null; lastName: string; phone: string | null; email: string | null }>;
  revokeReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The room number that always times out at the lock server (services.md §2.4). */
export const LOCK_SERVER_TIMEOUT_ROOM = '9999';

/** Thrown by the store; each mock turns it into its vendor's error body. */
export class LockError extends Error {
  constructor(
    readonly code: 'LOCK_SERVER_TIMEOUT' | 'KEY_REVOKED' | 'KEY_EXPIRED' | 'NOT_FOUND',
    message: string,
    /** For a timeout after the vendor accepted: the key it made (pending). */
    readonly key?: StoredKey,
  ) {
    super(message);
  }
}

export interface KeyStoreOptions {
  /** Start of the mock clock in ms (default: the real time at start). */
  now?: number;
}

export function createKeyStore(options: KeyStoreOptions = {}) {
  const keys = new Map<string, StoredKey>();
  let offsetMs = options.now === undefined ? 0 : options.now - Date.now();
  /** `instant`: the lock server confirms as the key is made; `manual`: keys wait for `deliver`. */
  let confirm: 'instant' | 'manual' = 'instant';
  /** Issues the vendor accepts (the key is made, pending) but answers with a lock-server timeout. */
  let timeoutsAfterAccept = 0;
  let sequence = 0;

  const now = () => new Date(Date.now() + offsetMs);
  const stamp = () => now().toISOString();

  /** A key past its end is expired the next time anyone looks at it. */
  function fresh(key: StoredKey): StoredKey {
    if ((key.state === 'pending' || key.state === 'issued') && Date.parse(key.validUntil) <= now().getTime()) {
      key.state = 'expired';
      key.updatedAt = stamp();
    }
    return key;
  }

  function live(id: string): StoredKey {
    const key = keys.get(id);
    if (!key) throw new LockError('NOT_FOUND', `No key ${id}.`);
    fresh(key);
    if (key.state === 'revoked') throw new LockError('KEY_REVOKED', 'The key was revoked.');
    if (key.state === 'expired') throw new LockError('KEY_EXPIRED', 'The key has expired.');
    return key;
  }

  function touchLockServer(room: string) {
    if (room === LOCK_SERVER_TIMEOUT_ROOM) throw new LockError('LOCK_SERVER_TIMEOUT', 'The lock server did not answer in time.');
  }

  return {
    now,

    /** Makes a key. Throws LOCK_SERVER_TIMEOUT for room 9999 (nothing made) or, when armed, after making it. */
    create(input: Pick<StoredKey, 'reservationId' | 'room' | 'validFrom' | 'validUntil' | 'guest'>, idFor: (n: number) => string = String): StoredKey {
      touchLockServer(input.room);
      const id = idFor(++sequence);
      const key: StoredKey = {
        ...input,
        id,
        state: confirm === 'instant' && timeoutsAfterAccept === 0 ? 'issued' : 'pending',
        changes: [],
        shared: [],
        revokeReason: null,
        createdAt: stamp(),
        updatedAt: stamp(),
      };
      keys.set(id, key);
      if (timeoutsAfterAccept > 0) {
        timeoutsAfterAccept -= 1;
        throw new LockError('LOCK_SERVER_TIMEOUT', 'The lock server did not answer in time.', key);
      }
      return key;
    },

    get(id: string): StoredKey | undefined {
      const key = keys.get(id);
      return key && fresh(key);
    },

    list(filter: { reservationId?: string }): StoredKey[] {
      return [...keys.values()].filter((key) => !filter.reservationId || key.reservationId === filter.reservationId).map(fresh);
    },

    update(id: string, patch: { validUntil?: string; room?: string }): StoredKey {
      const key = live(id);
      if (patch.room !== undefined && patch.room !== key.room) {
        touchLockServer(patch.room);
        key.room = patch.room;
        key.changes.push('moved');
      }
      if (patch.validUntil !== undefined && patch.validUntil !== key.validUntil) {
        key.validUntil = patch.validUntil;
        key.changes.push('extended');
      }
      key.updatedAt = stamp();
      return key;
    },

    share(id: string, guest: StoredKey['guest']): StoredKey {
      const key = live(id);
      key.shared.push(guest);
      key.updatedAt = stamp();
      return key;
    },

    /** Revoking a revoked or expired key changes nothing (the caller decides whether that is an error). */
    revoke(id: string, reason: string): StoredKey {
      const key = keys.get(id);
      if (!key) throw new LockError('NOT_FOUND', `No key ${id}.`);
      fresh(key);
      if (key.state === 'pending' || key.state === 'issued') {
        key.state = 'revoked';
        key.revokeReason = reason;
        key.updatedAt = stamp();
      }
      return key;
    },

    /**
     * `/__control/lock-server` `{confirm?: "instant"|"manual", timeoutsAfterAccept?: n}`,
     * `/__control/lock-server/deliver` (every pending key confirmed), `/__control/clock`
     * `{advanceSeconds}`, `/__control/keys` (every key as stored).
     */
    registerControl(app: FastifyInstance) {
      app.post('/__control/lock-server', async (request) => {
        const body = (request.body ?? {}) as { confirm?: 'instant' | 'manual'; timeoutsAfterAccept?: number };
        if (body.confirm === 'instant' || body.confirm === 'manual') confirm = body.confirm;
        if (typeof body.timeoutsAfterAccept === 'number') timeoutsAfterAccept = Math.max(0, body.timeoutsAfterAccept);
        return { confirm, timeoutsAfterAccept };
      });
      app.post('/__control/lock-server/deliver', async () => {
        const delivered = [...keys.values()].filter((key) => fresh(key).state === 'pending');
        for (const key of delivered) {
          key.state = 'issued';
          key.updatedAt = stamp();
        }
        return { delivered: delivered.length };
      });
      app.post('/__control/clock', async (request) => {
        const { advanceSeconds } = (request.body ?? {}) as { advanceSeconds?: number };
        offsetMs += (advanceSeconds ?? 0) * 1000;
        return { now: stamp() };
      });
      app.get('/__control/keys', async () => ({ keys: [...keys.values()].map(fresh) }));
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;

/** E.164: a plus, a country code and up to 15 digits in all. */
export const isE164 = (phone: string) => /^\+[1-9]\d{6,14}$/.test(phone);

/** A valid ISO date-time with an offset or Z. */
export const isDateTime = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
