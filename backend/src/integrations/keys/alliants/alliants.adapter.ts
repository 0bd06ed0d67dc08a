import { clientCredentialsToken } from '../../client-credentials.js';
import type { HttpRequest } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { unsupported, type KeyCapabilities, type KeyStatus, type KeysPort, type MobileKey, type RevokeReason } from '../keys.port.js';
import { keyVendorRefusal } from '../vendor-refusal.js';
import type { AlliantsConfig } from './alliants.provider.js';
import type { AlliantsDigitalKey, AlliantsRevokeReason } from './alliants.wire.js';

/** Wallet passes (or the Alliants guest app); keys change in place; no sharing in the contract we know. */
export const ALLIANTS_CAPABILITIES: KeyCapabilities = { issuesKeys: true, walletPasses: true, shareWithSecondGuest: false, extendInPlace: true, moveInPlace: true };

const STATUSES: readonly KeyStatus[] = ['pending', 'issued', 'revoked', 'expired'];

const REASONS: Record<RevokeReason, AlliantsRevokeReason> = {
  checkout: 'checkout',
  cancelled: 'checkout',
  no_show: 'checkout',
  room_change: 'room_change',
  security: 'security',
  staff: 'security',
};

export function toMobileKey(key: AlliantsDigitalKey): MobileKey {
  return {
    keyId: key.id,
    status: STATUSES.includes(key.status as KeyStatus) ? (key.status as KeyStatus) : 'pending',
    room: key.roomNumber,
    validFrom: key.validFrom,
    validUntil: key.validUntil,
    invitationUrl: null,
    walletUrl: key.walletPassUrl,
    sharedWith: 0,
  };
}

/**
 * Alliants AXP adapter over the shared HTTP client: an OAuth2 client-credentials token (kept until
 * shortly before it ends), `X-Location-Id`, and an `Idempotency-Key` on issue, so a retry after a
 * lost answer gets the same key.
 */
export function createAlliantsKeys(config: AlliantsConfig, deps: ProviderDeps): KeysPort {
  const http = deps.http({ baseUrl: config.apiBaseUrl, provider: 'alliants', timeoutMs: config.timeoutMs });
  const location = `/v1/locations/${encodeURIComponent(config.locationId)}`;
  const keyPath = (keyId: string) => `${location}/digital-keys/${encodeURIComponent(keyId)}`;
  const token = clientCredentialsToken(http, deps.clock, {
    label: 'Alliants',
    provider: 'alliants',
    path: '/oauth/token',
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });

  async function call(request: HttpRequest): Promise<MobileKey> {
    const headers = { ...request.headers, authorization: `Bearer ${await token.get()}`, 'x-location-id': config.locationId };
    const response = await http.request<AlliantsDigitalKey>({ ...request, headers });
    if (response.status >= 300) throw keyVendorRefusal('alliants', response.status, response.body);
    return toMobileKey(response.body);
  }
  const patch = (keyId: string, json: Partial<Pick<AlliantsDigitalKey, 'validUntil' | 'roomNumber'>>) =>
    call({ method: 'PATCH', path: keyPath(keyId), json, idempotent: true });

  return {
    capabilities: ALLIANTS_CAPABILITIES,

    async healthCheck() {
      await token.get();
    },

    issue: (input) =>
      call({
        method: 'POST',
        path: `${location}/bookings/${encodeURIComponent(input.reservationId)}/digital-keys`,
        headers: { 'idempotency-key': input.idempotencyKey },
        // The vendor deduplicates by Idempotency-Key, so a retry is safe.
        idempotent: true,
        json: {
          roomNumber: input.room,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          delivery: config.delivery,
          guest: { firstName: input.holder.firstName, lastName: input.holder.lastName, email: input.holder.email, phone: input.holder.phone },
        },
      }),

    revoke: (keyId, reason) => call({ method: 'POST', path: `${keyPath(keyId)}/revoke`, json: { reason: REASONS[reason] }, idempotent: true }),
    extend: (keyId, validUntil) => patch(keyId, { validUntil }),
    move: (keyId, room) => patch(keyId, { roomNumber: room }),
    status: (keyId) => call({ method: 'GET', path: keyPath(keyId) }),
    share: () => Promise.reject(unsupported('alliants', 'share a key')),
  };
}
