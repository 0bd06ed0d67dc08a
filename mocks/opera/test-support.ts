import {
  OPERA_DEMO_APP_KEY,
  OPERA_DEMO_CLIENT_ID,
  OPERA_DEMO_CLIENT_SECRET,
  OPERA_DEMO_ENTERPRISE_ID,
  OPERA_SCOPE,
} from './credentials.js';
import { createOperaMock, type OperaMock, type OperaMockOptions } from './server.js';
import { OhipSpecs, type HttpMethod, type OhipModule } from './spec-validator.js';

/**
 * Test client for the mock. Every response it returns has been checked against the OHIP spec for
 * its module, path template, method and status, so no test can read an unvalidated body.
 */
export const specs = new OhipSpecs();

export interface OhipResponse {
  status: number;
  headers: Headers;
  /** Untyped on purpose: tests read deep into OHIP bodies, and the spec check is what vouches for them. */
  body: any;
}

export interface CallOptions {
  module: Exclude<OhipModule, 'oauth'>;
  method: HttpMethod;
  /** The spec's path template, e.g. `/hotels/{hotelId}/reservations/{reservationId}`. */
  template: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | Array<string | number>>;
  body?: unknown;
  /** Header overrides; `null` removes a default header. */
  headers?: Record<string, string | null>;
  hotelId?: string;
  signal?: AbortSignal;
}

export async function readValidated(module: OhipModule, template: string, method: HttpMethod, response: Response): Promise<OhipResponse> {
  const text = await response.text();
  const body: unknown = text.length > 0 ? JSON.parse(text) : undefined;
  const violations = specs.checkResponse(module, template, method, response.status, body);
  if (violations.length > 0) {
    throw new Error(`${method.toUpperCase()} ${template} -> ${response.status} breaks the OHIP spec:\n${violations.join('\n')}\n${text}`);
  }
  return { status: response.status, headers: response.headers, body };
}

export function basicAuth(clientId = OPERA_DEMO_CLIENT_ID, clientSecret = OPERA_DEMO_CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

export interface TokenRequest {
  authorization?: string | null;
  appKey?: string | null;
  enterpriseId?: string | null;
  form?: Record<string, string>;
}

export class OhipClient {
  private accessToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async requestToken(request: TokenRequest = {}): Promise<OhipResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const authorization = request.authorization === undefined ? basicAuth() : request.authorization;
    const appKey = request.appKey === undefined ? OPERA_DEMO_APP_KEY : request.appKey;
    const enterpriseId = request.enterpriseId === undefined ? OPERA_DEMO_ENTERPRISE_ID : request.enterpriseId;
    if (authorization !== null) headers.authorization = authorization;
    if (appKey !== null) headers['x-app-key'] = appKey;
    if (enterpriseId !== null) headers.enterpriseId = enterpriseId;
    const form = request.form ?? { grant_type: 'client_credentials', scope: OPERA_SCOPE };
    const response = await fetch(`${this.baseUrl}/oauth/v1/tokens`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
    return readValidated('oauth', '/tokens', 'post', response);
  }

  async token(): Promise<string> {
    if (!this.accessToken) {
      const response = await this.requestToken();
      if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
      this.accessToken = response.body.access_token as string;
    }
    return this.accessToken;
  }

  async call(options: CallOptions): Promise<OhipResponse> {
    const params = { hotelId: options.hotelId ?? 'HARBOUR', ...options.params };
    const path = options.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name as keyof typeof params] ?? ''));
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    }
    const defaults: Record<string, string> = {
      authorization: `Bearer ${await this.token()}`,
      'x-app-key': OPERA_DEMO_APP_KEY,
      'x-hotelid': params.hotelId,
    };
    if (options.body !== undefined) defaults['content-type'] = 'application/json';
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...defaults, ...options.headers })) if (value !== null) headers[key] = value;
    const url = `${this.baseUrl}/${options.module}/v1${path}${query.size > 0 ? `?${query}` : ''}`;
    const response = await fetch(url, {
      method: options.method.toUpperCase(),
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return readValidated(options.module, options.template, options.method, response);
  }
}

export interface RunningMock {
  mock: OperaMock;
  client: OhipClient;
  url: string;
}

export async function startMock(options?: OperaMockOptions): Promise<RunningMock> {
  const mock = createOperaMock(options);
  const url = await mock.start(0);
  return { mock, client: new OhipClient(url), url };
}

export const paths = {
  reservations: '/hotels/{hotelId}/reservations',
  reservation: '/hotels/{hotelId}/reservations/{reservationId}',
  folios: '/hotels/{hotelId}/reservations/{reservationId}/folios',
  charges: '/hotels/{hotelId}/reservations/{reservationId}/charges',
  payments: '/hotels/{hotelId}/reservations/{reservationId}/payments',
  checkOuts: '/hotels/{hotelId}/reservations/{reservationId}/checkOuts',
  checkIns: '/hotels/{hotelId}/reservations/{reservationId}/checkIns',
  roomAssignments: '/hotels/{hotelId}/reservations/{reservationId}/roomAssignments',
  roomMoves: '/hotels/{hotelId}/reservations/{reservationId}/rooms/{roomId}/roomMoves',
  rooms: '/hotels/{hotelId}/rooms',
  profile: '/profiles/{profileId}',
} as const;
