import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import type { HttpClient } from './http.js';

/** A token endpoint's answer (RFC 6749 §5.1). */
export interface OAuthToken {
  access_token: string;
  token_type: string;
  /** Seconds. */
  expires_in: number;
}

// A token is renewed this long before it ends, so no call goes out with a dying one.
const TOKEN_MARGIN_MS = 60_000;

export interface ClientCredentialsOptions {
  /** Names the vendor in the misconfiguration error, e.g. `Alliants`. */
  label: string;
  provider: string;
  /** Token endpoint, relative to the client's base URL. */
  path: string;
  clientId: string;
  clientSecret: string;
  /** Sent with the token request too (SpaBooker's gateway key). */
  headers?: Record<string, string>;
}

/**
 * An OAuth2 client-credentials token (RFC 6749 §4.4), kept until shortly before it ends, for the
 * vendors that hand one out (Alliants, SpaBooker). `forget` drops it when the vendor says it is no
 * longer valid, so the next `get` asks for a new one.
 */
export function clientCredentialsToken(http: HttpClient, clock: Clock, options: ClientCredentialsOptions) {
  let token: { value: string; until: number } | undefined;
  return {
    async get(): Promise<string> {
      if (token && token.until > clock.now().getTime()) return token.value;
      const response = await http.request<OAuthToken>({
        method: 'POST',
        path: options.path,
        headers: options.headers,
        form: new URLSearchParams({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }),
        idempotent: true,
      });
      if (response.status !== 200 || typeof response.body?.access_token !== 'string') {
        throw new AppError('integration_misconfigured', `${options.label} refused our client credentials.`, { details: { provider: options.provider, status: response.status } });
      }
      token = { value: response.body.access_token, until: clock.now().getTime() + response.body.expires_in * 1000 - TOKEN_MARGIN_MS };
      return token.value;
    },
    forget() {
      token = undefined;
    },
  };
}
