import { AppError } from '../../../lib/errors.js';
import type { HttpRequest } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import { unsupported, type KeyCapabilities, type KeyStatus, type KeysPort, type MobileKey, type RevokeReason } from '../keys.port.js';
import { keyVendorRefusal } from '../vendor-refusal.js';
import type { AlliantsConfig } from './alliants.provider.js';
import type { AlliantsDigitalKey, AlliantsRevokeReason, AlliantsToken } from './alliants.wire.js';

/** Wallet passes (or the Alliants guest app); keys change in place; no sharing in the contract we know. */
export const ALLIANTS_CAPABILITIES: KeyCapabilities = { issuesKeys: true, walletPasses: true, shareWithSecondGuest: false, extendInPlace: true, moveInPlace: true };

const STATUSES: readonly KeyStatus[] = ['pending', 'issued', 'revoked', 'expired'];
// A token is renewed this long before Alliants says it ends, so no call goes out with a dying one.
const TOKEN_MARGIN_MS = 60_000;

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
  let token: { value: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.until > deps.clock.now().getTime()) return token.value;
    const response = await http.request<AlliantsToken>({
      method: 'POST',
      path: '/oauth/token',
      form: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret }),
      idempotent: true,
    });
    if (response.status !== 200 || typeof response.body?.access_token !== 'string') {
      throw new AppError('integration_misconfigured', 'Alliants refused our client credentials.', { details: { provider: 'alliants', status: response.status } });
    }
    token = { value: response.body.access_token, until: deps.clock.now().getTime() + response.body.expires_in * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  async function call(request: HttpRequest): Promise<MobileKey> {
    const headers = { ...request.headers, authorization: `Bearer ${await accessToken()}`, 'x-location-id': config.locationId };
    const response = await http.request<AlliantsDigitalKey>({ ...request, headers });
    if (response.status >= 300) throw keyVendorRefusal('alliants', response.status, response.body);
    return toMobileKey(response.body);
  }
  const patch = (keyId: string, json: Partial<Pick<AlliantsDigitalKey, 'validUntil' | 'roomNumber'>>) =>
    call({ method: 'PATCH', path: keyPath(keyId), json, idempotent: true });

  return {
    capabilities: ALLIANTS_CAPABILITIES,

    async healthCheck() {
      await accessToken();
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
