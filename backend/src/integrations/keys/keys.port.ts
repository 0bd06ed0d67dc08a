import { AppError } from '../../lib/errors.js';
import type { HealthCheck } from '../provider.js';

/**
 * Mobile room keys, provider-neutral. The vocabulary follows OPERA's public `roomKeysExternal`
 * (New, Remove, ModifyStay, RoomMove): issue, revoke, extend, move. OpenKey and Alliants publish
 * no partner API, so their adapters speak contracts we guessed (services.md §2.2, §2.3); this port
 * is what stays when a vendor hands over its real documents.
 */

/** `pending`: the vendor accepted the key but the lock server has not confirmed it yet. */
export type KeyStatus = 'pending' | 'issued' | 'revoked' | 'expired';

export type RevokeReason = 'checkout' | 'cancelled' | 'no_show' | 'room_change' | 'security' | 'staff';

/** What a provider can do; `none` can do nothing and the guest app shows no key. */
export interface KeyCapabilities {
  /** Issues keys at all (false only for `none`). */
  issuesKeys: boolean;
  /** Delivers the key as an Apple/Google Wallet pass (else through the vendor's app or an invitation link). */
  walletPasses: boolean;
  /** The guest can share the key with a second guest. */
  shareWithSecondGuest: boolean;
  /** A later departure changes the key itself; false: revoke and reissue. */
  extendInPlace: boolean;
  /** A room move changes the key itself; false: revoke and reissue. */
  moveInPlace: boolean;
}

export interface KeyHolder {
  firstName: string | null;
  lastName: string;
  /** E.164 (`+351912345678`); OpenKey cannot invite without one. */
  phone: string | null;
  email: string | null;
}

export interface IssueKeyInput {
  /** The PMS reservation the key belongs to. */
  reservationId: string;
  room: string;
  /** ISO date-times with offset. */
  validFrom: string;
  validUntil: string;
  holder: KeyHolder;
  /**
   * Derived from what the call does (`stay:<id>:key:<n>`) and stored before the call: the same
   * key twice answers the first key, never a second one.
   */
  idempotencyKey: string;
}

export interface MobileKey {
  /** The vendor's key (or session) id, as a string. */
  keyId: string;
  status: KeyStatus;
  room: string;
  validFrom: string;
  validUntil: string;
  /** Where the guest opens the key: the vendor's invitation link, or null. */
  invitationUrl: string | null;
  /** The wallet pass, where the provider issues one. */
  walletUrl: string | null;
  /** How many other guests the key was shared with. */
  sharedWith: number;
}

export interface KeysPort extends HealthCheck {
  readonly capabilities: KeyCapabilities;
  /** A new key for the room; the same `idempotencyKey` again answers the same key. */
  issue(input: IssueKeyInput): Promise<MobileKey>;
  /** Ends the key; revoking a revoked key answers it as it is. */
  revoke(keyId: string, reason: RevokeReason): Promise<MobileKey>;
  /** Moves the key's end (only where `capabilities.extendInPlace`). */
  extend(keyId: string, validUntil: string): Promise<MobileKey>;
  /** Moves the key to another room (only where `capabilities.moveInPlace`). */
  move(keyId: string, room: string): Promise<MobileKey>;
  status(keyId: string): Promise<MobileKey>;
  /** Invites a second guest to the same key (only where `capabilities.shareWithSecondGuest`). */
  share(keyId: string, holder: KeyHolder): Promise<MobileKey>;
}

/** For a provider asked for what it declared it cannot do. */
export const unsupported = (provider: string, what: string) =>
  new AppError('upstream_rejected', `${provider} cannot ${what}.`, { details: { provider } });

export const noKeyCapabilities: KeyCapabilities = {
  issuesKeys: false,
  walletPasses: false,
  shareWithSecondGuest: false,
  extendInPlace: false,
  moveInPlace: false,
};

/** The port of `none`: declares nothing and refuses everything. */
export const noKeys: Omit<KeysPort, 'healthCheck'> = {
  capabilities: noKeyCapabilities,
  issue: () => Promise.reject(unsupported('none', 'issue keys')),
  revoke: () => Promise.reject(unsupported('none', 'revoke keys')),
  extend: () => Promise.reject(unsupported('none', 'extend keys')),
  move: () => Promise.reject(unsupported('none', 'move keys')),
  status: () => Promise.reject(unsupported('none', 'read keys')),
  share: () => Promise.reject(unsupported('none', 'share keys')),
};

/** Names the capabilities for the admin page. */
export function capabilityNames(capabilities: KeyCapabilities): string[] {
  const names: Array<[keyof KeyCapabilities, string]> = [
    ['issuesKeys', 'mobile-keys'],
    ['walletPasses', 'wallet-passes'],
    ['shareWithSecondGuest', 'share-with-second-guest'],
    ['extendInPlace', 'extend-in-place'],
    ['moveInPlace', 'room-move-in-place'],
  ];
  return names.filter(([field]) => capabilities[field]).map(([, name]) => name);
}
