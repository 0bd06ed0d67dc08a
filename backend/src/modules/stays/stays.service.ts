import type { Env } from '../../config/env.js';
import { AppError } from '../../lib/errors.js';
import { normalizeName } from '../../lib/names.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { FailureLimiter, FailureRule } from '../auth/failure-limiter.js';
import type { StayListFilter, StaysRepository, StayView } from './stays.repository.js';

export interface LookupInput {
  confirmation: string;
  lastName: string;
  property?: string | undefined;
  ip: string;
}

const notFound = () =>
  new AppError('not_found', 'No stay matches that confirmation number and last name.');

export function createStaysService(deps: {
  stays: StaysRepository;
  limiter: FailureLimiter;
  env: Pick<Env, 'GUEST_LOOKUP_IP_FAILURES' | 'GUEST_LOOKUP_CONFIRMATION_FAILURES' | 'GUEST_LOOKUP_FAILURE_WINDOW_MINUTES'>;
}) {
  const windowSeconds = deps.env.GUEST_LOOKUP_FAILURE_WINDOW_MINUTES * 60;

  return {
    /**
     * Opens a stay for a guest. An unknown confirmation number and a wrong last name give the same
     * answer, and only failures count towards the limits, so a lobby full of guests on one Wi-Fi
     * address is never throttled for looking up their own stays.
     */
    async lookup(input: LookupInput): Promise<{ token: string; expiresAt: string; stay: StayView }> {
      const confirmation = input.confirmation.trim().toUpperCase();
      const rules: FailureRule[] = [
        { bucket: `lookup-ip:${input.ip}`, limit: deps.env.GUEST_LOOKUP_IP_FAILURES, windowSeconds },
        {
          bucket: `lookup-confirmation:${confirmation}`,
          limit: deps.env.GUEST_LOOKUP_CONFIRMATION_FAILURES,
          windowSeconds,
        },
      ];
      await deps.limiter.assertAllowed(rules);

      const wanted = normalizeName(input.lastName);
      const candidates = await deps.stays.findByConfirmation(confirmation, input.property?.trim().toLowerCase());
      const matches = candidates.filter(
        (stay) => stay.status !== 'cancelled' && normalizeName(stay.guest.lastName) === wanted,
      );
      if (matches.length === 0) {
        await deps.limiter.recordFailure(rules);
        throw notFound();
      }
      if (matches.length > 1) {
        throw new AppError('ambiguous_lookup', 'This confirmation number exists at several hotels; choose one.', {
          details: { properties: matches.map((stay) => ({ code: stay.property.code, name: stay.property.name })) },
        });
      }
      const stay = matches[0]!;
      const token = newToken('gst');
      const session = await deps.stays.createGuestSession({
        propertyId: stay.propertyId,
        stayId: stay.id,
        tokenHash: hashToken(token),
      });
      await deps.limiter.clear(`lookup-confirmation:${confirmation}`);
      return { token, expiresAt: new Date(session.expiresAt).toISOString(), stay };
    },

    /** The stay a guest token opens, or undefined when the token is unknown, expired or revoked. */
    stayForGuestToken: (token: string) => deps.stays.findByGuestTokenHash(hashToken(token)),

    async listForStaff(propertyId: string, query: { date?: string | undefined; status?: StayListFilter | undefined }) {
      const date = query.date ?? (await deps.stays.todayAt(propertyId));
      return { date, stays: await deps.stays.listForDate(propertyId, date, query.status) };
    },
  };
}

export type StaysService = ReturnType<typeof createStaysService>;
