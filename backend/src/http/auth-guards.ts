import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { AppError } from '../lib/errors.js';
import type { StaffPrincipal, StaffRole } from '../modules/auth/staff.repository.js';
import type { StaffAuthService } from '../modules/auth/staff-auth.service.js';
import type { StaysService } from '../modules/stays/stays.service.js';
import type { StayView } from '../modules/stays/stays.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
    /** The property a staff route's `:propertyId` names, once access to it is checked. */
    staffProperty: { id: string; code: string } | null;
    guestStay: StayView | null;
    /** The guest session the token belongs to. */
    guestSessionId: string | null;
  }
}

/** Who works a stay at the desk: check-in, check-out, folio, payments. */
export const FRONT_OFFICE = ['admin', 'manager', 'front_desk'] as const satisfies readonly StaffRole[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Bearer <token>`: the scheme in any case, one space, then a token of token68 characters (RFC 9110 §11.4) and nothing else. */
const BEARER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** Tokens travel only as `Authorization: Bearer`, never in URLs. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}

export function createAuthGuards(deps: { staffAuth: StaffAuthService; stays: StaysService }) {
  return {
    /**
     * Staff routes declare the roles they allow. When the route has `:propertyId` (a property id
     * or code) the user must have access to that property. Guards run before validation, so a
     * caller without access learns nothing from field errors (and gets 401/403, never 400).
     */
    staff(roles: readonly StaffRole[]): preValidationAsyncHookHandler {
      return async (request: FastifyRequest, _reply: FastifyReply) => {
        const token = bearerToken(request);
        const principal = token ? await deps.staffAuth.authenticate(token) : undefined;
        if (!principal) throw new AppError('unauthorized', 'Sign in as staff to continue.');
        if (!roles.includes(principal.role)) {
          throw new AppError('forbidden', 'Your role may not do this.');
        }
        request.staff = principal;
        const wanted = (request.params as { propertyId?: string } | undefined)?.propertyId;
        if (wanted === undefined) return;
        const property = principal.properties.find((candidate) =>
          UUID.test(wanted) ? candidate.id === wanted.toLowerCase() : candidate.code === wanted.toLowerCase(),
        );
        if (!property) throw new AppError('forbidden', 'You have no access to this property.');
        request.staffProperty = property;
      };
    },

    /** Guest routes: the token opens exactly one stay. */
    guest(): preValidationAsyncHookHandler {
      return async (request: FastifyRequest) => {
        const token = bearerToken(request);
        const found = token ? await deps.stays.stayForGuestToken(token) : undefined;
        if (!found) throw new AppError('unauthorized', 'Your session has ended. Look up your stay again.');
        request.guestStay = found.stay;
        request.guestSessionId = found.sessionId;
      };
    },
  };
}

export type AuthGuards = ReturnType<typeof createAuthGuards>;
