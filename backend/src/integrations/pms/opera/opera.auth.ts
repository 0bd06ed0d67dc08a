import { AppError } from '../../../lib/errors.js';
import type { HttpClient } from '../../http.js';
import { problem, tokenResponse } from './opera.wire.js';

/**
 * OHIP access tokens (client credentials). A token lives `expires_in` seconds (3600) and there is
 * no refresh token, so we keep one per adapter and fetch the next after 5/6 of its life (50 min
 * of 60, what Oracle advises: sooner wastes token calls, later risks a 401 mid-request).
 * Concurrent callers share one in-flight token request.
 */
export interface OperaTokenSource {
  get(): Promise<string>;
  /** Forgets `token` if it is the cached one (OPERA refused it), so the next `get` fetches anew. */
  invalidate(token: string): void;
}

export interface OperaCredentials {
  clientId: string;
  clientSecret: string;
  appKey: string;
  enterpriseId: string;
}

/** The fixed scope OHIP documents for client credentials. */
const OHIP_SCOPE = 'urn:opc:hgbu:ws:__myscopes__';
const REFRESH_AFTER_FRACTION_OF_LIFE = 5 / 6;

export function createOperaTokenSource(http: HttpClient, credentials: OperaCredentials, now: () => Date): OperaTokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const requestedAt = now().getTime();
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    const response = await http.request({
      method: 'POST',
      path: '/oauth/v1/tokens',
      headers: { authorization: `Basic ${basic}`, 'x-app-key': credentials.appKey, enterpriseId: credentials.enterpriseId },
      form: new URLSearchParams({ grant_type: 'client_credentials', scope: OHIP_SCOPE }),
      // Asking for a token twice has no effect on OPERA, so a 5xx may be retried.
      idempotent: true,
    });
    if (response.status !== 200) {
      const code = problem.safeParse(response.body).data?.['o:errorCode'];
      throw new AppError(
        'integration_misconfigured',
        `OPERA refused the token request (${response.status}${code ? ` ${code}` : ''}); check the client id, client secret, app key and enterprise id.`,
        { details: { provider: 'opera', status: response.status } },
      );
    }
    const parsed = tokenResponse.safeParse(response.body);
    if (!parsed.success) throw new AppError('integration_unavailable', 'OPERA sent a token response we cannot read.');
    const { access_token: token, expires_in: lifetimeSeconds } = parsed.data;
    cached = { token, refreshAt: requestedAt + lifetimeSeconds * 1000 * REFRESH_AFTER_FRACTION_OF_LIFE };
    return token;
  }

  return {
    get() {
      if (cached && now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
