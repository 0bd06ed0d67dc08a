import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { IssueKeyInput, KeysPort } from './keys.port.js';

/**
 * The behaviour every keys provider must show, run against each one: the in-process mock, and
 * the OpenKey and Alliants adapters against their mock servers.
 */
export interface KeysContractSubject {
  keys: KeysPort;
  /** The next issue is made at the vendor, but the lock server's timeout is all we hear back. */
  loseNextIssue(): Promise<void>;
  /** Keys the vendor holds for a reservation, read from its (mock's) own state. */
  countKeys(reservationId: string): Promise<number>;
  close(): Promise<void>;
}

/** A room number every provider's mock answers with a lock-server timeout (services.md §2.4). */
export const LOCK_TIMEOUT_ROOM = '9999';

const isAppError = (...codes: string[]) => (error: unknown) => error instanceof AppError && codes.includes(error.code);
const sameInstant = (a: string, b: string) => expect(Date.parse(a)).toBe(Date.parse(b));

export function runKeysContract(name: string, setup: () => Promise<KeysContractSubject>): void {
  describe(`keys contract: ${name}`, () => {
    let subject: KeysContractSubject;
    let keys: KeysPort;
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const input = (label: string, overrides: Partial<IssueKeyInput> = {}): IssueKeyInput => ({
      reservationId: `R-${run}-${label}`,
      room: '204',
      validFrom: from,
      validUntil: until,
      holder: { firstName: 'Anna', lastName: 'Müller', phone: '+351912345678', email: 'anna@guests.example' },
      idempotencyKey: `stay:${run}-${label}:key:1`,
      ...overrides,
    });
    beforeAll(async () => {
      subject = await setup();
      keys = subject.keys;
    });
    afterAll(() => subject?.close());

    it('passes its health check and declares that it issues keys', async () => {
      await expect(keys.healthCheck()).resolves.toBeUndefined();
      expect(keys.capabilities.issuesKeys).toBe(true);
    });

    it('issues a key for the room and the stay, and reads it back', async () => {
      const key = await keys.issue(input('issue'));
      expect(key.status).toMatch(/^(pending|issued)$/);
      expect(key.room).toBe('204');
      sameInstant(key.validUntil, until);
      expect(key.invitationUrl ?? key.walletUrl).toMatch(/^https?:\/\//);
      expect(await keys.status(key.keyId)).toEqual(key);
    });

    it('answers the same key for the same idempotency key, never a second one', async () => {
      const first = await keys.issue(input('twice'));
      const second = await keys.issue(input('twice'));
      expect(second.keyId).toBe(first.keyId);
      expect(await subject.countKeys(input('twice').reservationId)).toBe(1);
    });

    it('finds the key a lost answer left behind when the issue is tried again', async () => {
      await subject.loseNextIssue();
      // A provider whose vendor deduplicates may retry inside the call and answer the key at once.
      const first = await keys.issue(input('lost')).catch((error: unknown) => {
        expect(error).toSatisfy(isAppError('integration_unavailable', 'integration_timeout'));
        return null;
      });
      const retried = await keys.issue(input('lost'));
      if (first) expect(retried.keyId).toBe(first.keyId);
      expect(retried.room).toBe('204');
      expect(await subject.countKeys(input('lost').reservationId)).toBe(1);
    });

    it('reports a lock-server timeout as an outage, with no key made', async () => {
      await expect(keys.issue(input('timeout', { room: LOCK_TIMEOUT_ROOM }))).rejects.toSatisfy(isAppError('integration_unavailable', 'integration_timeout'));
      expect(await subject.countKeys(input('timeout').reservationId)).toBe(0);
    });

    it('refuses a key that ends before it starts', async () => {
      await expect(keys.issue(input('backwards', { validUntil: from, validFrom: until }))).rejects.toSatisfy(isAppError('upstream_rejected'));
    });

    it('extends and moves a key in place where it says it can', async () => {
      const key = await keys.issue(input('change'));
      const later = new Date(Date.parse(until) + 86_400_000).toISOString();
      if (keys.capabilities.extendInPlace) sameInstant((await keys.extend(key.keyId, later)).validUntil, later);
      if (keys.capabilities.moveInPlace) expect((await keys.move(key.keyId, '305')).room).toBe('305');
      const now = await keys.status(key.keyId);
      expect(now.status).toMatch(/^(pending|issued)$/);
    });

    it('shares a key with a second guest where it can, and refuses where it cannot', async () => {
      const key = await keys.issue(input('share'));
      const second = { firstName: 'Jonas', lastName: 'Müller', phone: '+351912345679', email: null };
      if (keys.capabilities.shareWithSecondGuest) expect((await keys.share(key.keyId, second)).sharedWith).toBe(1);
      else await expect(keys.share(key.keyId, second)).rejects.toSatisfy(isAppError('upstream_rejected'));
    });

    it('revokes a key, revokes it again without complaint, and refuses to change it afterwards', async () => {
      const key = await keys.issue(input('revoke'));
      expect((await keys.revoke(key.keyId, 'checkout')).status).toBe('revoked');
      expect((await keys.revoke(key.keyId, 'checkout')).status).toBe('revoked');
      expect((await keys.status(key.keyId)).status).toBe('revoked');
      await expect(keys.move(key.keyId, '306')).rejects.toSatisfy(isAppError('conflict'));
    });

    it('does not know a key it never issued', async () => {
      await expect(keys.status('4242424')).rejects.toSatisfy(isAppError('not_found'));
    });
  });
}
