import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  OPERA_DEMO_APP_KEY,
  OPERA_DEMO_CLIENT_ID,
  OPERA_DEMO_CLIENT_SECRET,
  OPERA_DEMO_ENTERPRISE_ID,
  OPERA_SCOPE,
} from './credentials.js';
import { OperaProblem, badRequest, unauthorized } from './problems.js';
import type { OperaState } from './state.js';

/**
 * `POST /oauth/v1/tokens` (client credentials, as current OCIM environments use) and the guard
 * every property API call passes: Bearer token, `x-app-key`, `x-hotelid`.
 */
export class TokenStore {
  /** token -> expiry (epoch ms) */
  private readonly tokens = new Map<string, number>();
  private readonly signingKey = randomBytes(32);

  constructor(
    private readonly clock: () => Date,
    readonly ttlSeconds: number,
  ) {}

  /** JWT-shaped like OHIP's, but only this store can vouch for it: unknown tokens are rejected. */
  issue(): string {
    const now = this.clock().getTime();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({
      sub: OPERA_DEMO_CLIENT_ID,
      enterpriseId: OPERA_DEMO_ENTERPRISE_ID,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + this.ttlSeconds,
      jti: randomBytes(8).toString('hex'),
    });
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.tokens.set(token, now + this.ttlSeconds * 1000);
    return token;
  }

  /** Returns why the token is unusable, or null when it is valid. */
  problemWith(token: string): 'unknown' | 'expired' | null {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    if (expiresAt <= this.clock().getTime()) {
      this.tokens.delete(token);
      return 'expired';
    }
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseBasic(authorization: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

export function registerOauthRoutes(app: FastifyInstance, tokens: TokenStore): void {
  // The token call is form-encoded; Fastify only parses JSON out of the box.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post('/oauth/v1/tokens', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      throw badRequest('OAUTH00400', 'The token request must be application/x-www-form-urlencoded.');
    }
    const client = parseBasic(header(request, 'authorization'));
    if (!client) throw badRequest('OAUTH00401', 'A Basic authorization header with clientId:clientSecret is required.');
    if (form.grant_type !== 'client_credentials') {
      throw badRequest('OAUTH00402', 'grant_type must be client_credentials in this environment.', 'grant_type');
    }
    const enterpriseId = header(request, 'enterpriseid');
    if (!enterpriseId) throw badRequest('OAUTH00403', 'The enterpriseId header is required for client credentials.', 'enterpriseId');
    const appKey = header(request, 'x-app-key');
    const clientOk =
      sameSecret(client.clientId, OPERA_DEMO_CLIENT_ID) && sameSecret(client.clientSecret, OPERA_DEMO_CLIENT_SECRET);
    if (!clientOk) throw unauthorized('OAUTH00410', 'Invalid client ID or client secret.');
    if (appKey !== OPERA_DEMO_APP_KEY) throw unauthorized('OAUTH00411', 'Invalid or missing x-app-key.');
    if (enterpriseId !== OPERA_DEMO_ENTERPRISE_ID) throw unauthorized('OAUTH00412', 'Unknown enterpriseId.');
    if (form.scope !== OPERA_SCOPE) throw unauthorized('OAUTH00413', 'Invalid scope.');
    return reply.code(200).send({
      access_token: tokens.issue(),
      token_type: 'Bearer',
      expires_in: tokens.ttlSeconds,
      oracle_tk_context: 'user_assertion',
    });
  });
}

/**
 * The property-API guard. Everything it refuses is 401 problem JSON (the gateway's answer), except
 * a hotel the enterprise does not have, which is 403.
 */
export function requireOperaAuth(tokens: TokenStore, state: OperaState) {
  return async (request: FastifyRequest) => {
    const bearer = /^Bearer\s+(\S+)$/.exec(header(request, 'authorization') ?? '')?.[1];
    if (!bearer) throw unauthorized('GEN00401', 'A Bearer access token is required.');
    const tokenProblem = tokens.problemWith(bearer);
    if (tokenProblem === 'expired') throw unauthorized('GEN00402', 'The access token has expired.');
    if (tokenProblem) throw unauthorized('GEN00403', 'The access token is not valid.');
    if (header(request, 'x-app-key') !== OPERA_DEMO_APP_KEY) throw unauthorized('GEN00404', 'Invalid or missing x-app-key.');
    const hotelHeader = header(request, 'x-hotelid');
    if (!hotelHeader) throw unauthorized('GEN00405', 'The x-hotelid header is required.');
    const pathHotel = (request.params as { hotelId?: string }).hotelId;
    if (pathHotel !== undefined && pathHotel !== hotelHeader) {
      throw unauthorized('GEN00406', `x-hotelid ${hotelHeader} does not match hotel ${pathHotel} in the path.`);
    }
    if (!state.hotels.has(hotelHeader)) {
      throw new OperaProblem(403, 'GEN00407', `Hotel ${hotelHeader} is not accessible with this token.`);
    }
  };
}
