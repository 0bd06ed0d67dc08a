import { AppError } from '../../../lib/errors.js';
import type { HttpRequest } from '../../http.js';
import type { ProviderDeps } from '../../provider.js';
import type { KeyCapabilities, KeyHolder, KeyStatus, KeysPort, MobileKey } from '../keys.port.js';
import { keyVendorRefusal, vendorCodeOf } from '../vendor-refusal.js';
import type { OpenKeyConfig } from './openkey.provider.js';
import type { OpenKeyEnvelope, OpenKeyGuest, OpenKeySession } from './openkey.wire.js';

const STATUS: Record<string, KeyStatus> = {
  'PENDING KEY SERVER REQUEST': 'pending',
  'KEY SERVER REQUESTED': 'pending',
  'KEY DELIVERED': 'issued',
  'CHECKED OUT': 'revoked',
  EXPIRED: 'expired',
};

export function toMobileKey(session: OpenKeySession): MobileKey {
  return {
    keyId: String(session.id),
    status: STATUS[session.mobile_key_status.status] ?? 'pending',
    room: session.room_number,
    validFrom: session.check_in,
    validUntil: session.check_out,
    invitationUrl: session.invitation_url ?? null,
    walletUrl: null,
    sharedWith: session.additional_guests?.length ?? 0,
  };
}

function toGuest(holder: KeyHolder): OpenKeyGuest {
  // OpenKey invites by SMS: without a mobile number there is no key to send (its help centre).
  if (!holder.phone) {
    throw new AppError('upstream_rejected', "OpenKey needs the guest's mobile number with its country code.", {
      details: [{ field: 'phone', message: 'A mobile number with country code is needed for an OpenKey key.' }],
    });
  }
  return { first_name: holder.firstName, last_name: holder.lastName, phone: holder.phone, email: holder.email };
}

/** Keys come through OpenKey's app from an SMS invitation; sessions change in place; the main guest can share. */
export const OPENKEY_CAPABILITIES: KeyCapabilities = { issuesKeys: true, walletPasses: false, shareWithSecondGuest: true, extendInPlace: true, moveInPlace: true };

const live = (session: OpenKeySession) => ['pending', 'issued'].includes(toMobileKey(session).status);

/**
 * OpenKey adapter over the shared HTTP client, HTTP Basic per property. OpenKey documents no
 * idempotency, so an issue first looks for a live session of the reservation in that room (what a
 * lost answer or a retry after a crash left behind) and answers it instead of making a second key.
 */
export function createOpenKeyKeys(config: OpenKeyConfig, deps: ProviderDeps): KeysPort {
  const http = deps.http({ baseUrl: config.apiBaseUrl, provider: 'openkey', timeoutMs: config.timeoutMs });
  const authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  const hotel = `/api/v1/hotels/${encodeURIComponent(config.hotelId)}`;
  const sessionPath = (keyId: string) => `${hotel}/sessions/${encodeURIComponent(keyId)}`;

  async function call<T>(request: HttpRequest): Promise<T> {
    const response = await http.request<OpenKeyEnvelope<T>>({ ...request, headers: { authorization } });
    if (response.status >= 300 || !response.body?.success) throw keyVendorRefusal('openkey', response.status, response.body);
    return response.body.data;
  }
  const session = async (keyId: string) => toMobileKey(await call<OpenKeySession>({ method: 'GET', path: sessionPath(keyId) }));
  const patch = async (keyId: string, json: Partial<Pick<OpenKeySession, 'check_out' | 'room_number'>>) =>
    toMobileKey(await call<OpenKeySession>({ method: 'PATCH', path: sessionPath(keyId), json, idempotent: true }));

  return {
    capabilities: OPENKEY_CAPABILITIES,

    async healthCheck() {
      await call({ method: 'GET', path: `${hotel}/sessions`, query: { reservation_id: 'innkeeper-health-check' } });
    },

    async issue(input) {
      const guest = toGuest(input.holder);
      const existing = await call<OpenKeySession[]>({ method: 'GET', path: `${hotel}/sessions`, query: { reservation_id: input.reservationId } });
      const made = existing.find((candidate) => candidate.room_number === input.room && live(candidate));
      if (made) return toMobileKey(made);
      const created = await call<OpenKeySession>({
        method: 'POST',
        path: `${hotel}/sessions`,
        json: { reservation_id: input.reservationId, room_number: input.room, check_in: input.validFrom, check_out: input.validUntil, guest },
      });
      return toMobileKey(created);
    },

    async revoke(keyId) {
      try {
        return toMobileKey(await call<OpenKeySession>({ method: 'POST', path: `${sessionPath(keyId)}/checkout`, idempotent: true }));
      } catch (error) {
        // Checked out already (by us before a lost answer, or at the hotel): what we wanted.
        if (vendorCodeOf(error) === 'SESSION_CHECKED_OUT') return session(keyId);
        throw error;
      }
    },

    extend: (keyId, validUntil) => patch(keyId, { check_out: validUntil }),
    move: (keyId, room) => patch(keyId, { room_number: room }),
    status: session,

    async share(keyId, holder) {
      return toMobileKey(await call<OpenKeySession>({ method: 'POST', path: `${sessionPath(keyId)}/guests`, json: toGuest(holder) }));
    },
  };
}
