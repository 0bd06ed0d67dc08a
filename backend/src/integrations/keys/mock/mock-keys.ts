import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../../lib/errors.js';
import { unsupported, type IssueKeyInput, type KeyCapabilities, type KeysPort, type MobileKey } from '../keys.port.js';

/** The room that times out at the lock server, as on the vendor mocks (services.md §2.4). */
export const MOCK_LOCK_TIMEOUT_ROOM = '9999';

interface StoredKey extends MobileKey {
  reservationId: string;
}

/**
 * In-process keys provider for tests: keys in memory, expiring on the clock. What it can do in
 * place is configurable, so tests can drive the revoke-and-reissue path too. `failNext` makes the
 * next calls fail as a lock server that does not answer (nothing changes), `loseNextIssue` makes
 * the next issue succeed but its answer time out.
 */
export function createMockKeys(clock: Clock, capabilities: Partial<KeyCapabilities> = {}) {
  const keys = new Map<string, StoredKey>();
  const byIdempotencyKey = new Map<string, string>();
  const declared: KeyCapabilities = {
    issuesKeys: true,
    walletPasses: true,
    shareWithSecondGuest: true,
    extendInPlace: true,
    moveInPlace: true,
    ...capabilities,
  };
  let failures = 0;
  let loseNextIssue = false;
  let sequence = 0;

  const timeout = () => new AppError('integration_timeout', 'mock: the lock server did not answer in time.', { details: { provider: 'mock', code: 'LOCK_SERVER_TIMEOUT' } });
  const lockServer = (room: string) => {
    if (failures > 0) {
      failures -= 1;
      throw timeout();
    }
    if (room === MOCK_LOCK_TIMEOUT_ROOM) throw timeout();
  };
  const view = ({ reservationId: _reservation, ...key }: StoredKey): MobileKey => {
    if ((key.status === 'issued' || key.status === 'pending') && Date.parse(key.validUntil) <= clock.now().getTime()) return { ...key, status: 'expired' };
    return { ...key };
  };
  const find = (keyId: string) => {
    const key = keys.get(keyId);
    if (!key) throw new AppError('not_found', `mock: no key ${keyId}.`);
    return key;
  };
  const live = (keyId: string) => {
    const key = find(keyId);
    const status = view(key).status;
    if (status === 'revoked' || status === 'expired') throw new AppError('conflict', `mock: the key is ${status}.`, { details: { provider: 'mock' } });
    return key;
  };
  const refuseBadValidity = (validFrom: string, validUntil: string) => {
    if (Date.parse(validUntil) <= Date.parse(validFrom)) {
      throw new AppError('upstream_rejected', 'mock: validUntil must be after validFrom.', { details: [{ field: 'validUntil', message: 'must be after validFrom' }] });
    }
  };

  const port: KeysPort = {
    capabilities: declared,
    healthCheck: async () => undefined,

    async issue(input: IssueKeyInput) {
      const known = byIdempotencyKey.get(input.idempotencyKey);
      if (known) return view(find(known));
      refuseBadValidity(input.validFrom, input.validUntil);
      lockServer(input.room);
      const keyId = `mk_${++sequence}`;
      const key: StoredKey = {
        keyId,
        reservationId: input.reservationId,
        status: 'issued',
        room: input.room,
        validFrom: input.validFrom,
        validUntil: input.validUntil,
        invitationUrl: `https://keys.mock.invalid/i/${keyId}`,
        walletUrl: declared.walletPasses ? `https://keys.mock.invalid/passes/${keyId}` : null,
        sharedWith: 0,
      };
      keys.set(keyId, key);
      byIdempotencyKey.set(input.idempotencyKey, keyId);
      if (loseNextIssue) {
        loseNextIssue = false;
        key.status = 'pending';
        throw timeout();
      }
      return view(key);
    },

    async revoke(keyId) {
      const key = find(keyId);
      const status = view(key).status;
      if (status === 'issued' || status === 'pending') {
        lockServer(key.room);
        key.status = 'revoked';
      }
      return view(key);
    },

    async extend(keyId, validUntil) {
      if (!declared.extendInPlace) throw unsupported('mock', 'extend a key in place');
      const key = live(keyId);
      refuseBadValidity(key.validFrom, validUntil);
      lockServer(key.room);
      key.validUntil = validUntil;
      return view(key);
    },

    async move(keyId, room) {
      if (!declared.moveInPlace) throw unsupported('mock', 'move a key to another room');
      const key = live(keyId);
      lockServer(room);
      key.room = room;
      return view(key);
    },

    async status(keyId) {
      return view(find(keyId));
    },

    async share(keyId) {
      if (!declared.shareWithSecondGuest) throw unsupported('mock', 'share a key');
      const key = live(keyId);
      key.sharedWith += 1;
      return view(key);
    },
  };

  return {
    port,
    /** The next `count` lock-server calls time out and change nothing. */
    failNext(count: number) {
      failures = count;
    },
    /** The next issue is made at the vendor but its answer times out. */
    loseNextIssue() {
      loseNextIssue = true;
    },
    keysOf: (reservationId: string) => [...keys.values()].filter((key) => key.reservationId === reservationId).map(view),
  };
}

export type MockKeys = ReturnType<typeof createMockKeys>;
