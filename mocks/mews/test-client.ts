import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { MEWS_CLIENT_TOKEN, mewsDemoEnterprises } from './credentials.js';
import { createMewsMock, type MewsMock, type MewsMockOptions } from './server.js';

/** Test helpers: a started mock plus a tiny Connector API client that speaks the wire format. */

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface MewsTestClient {
  mock: MewsMock;
  baseUrl: string;
  /** POSTs to `/api/connector/v1/<path>` with the harbour tokens unless `auth` overrides them. */
  call<T = Record<string, unknown>>(
    path: string,
    body?: Record<string, unknown>,
    init?: { auth?: Record<string, unknown>; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<CallResult<T>>;
  /** POSTs to a mock-only `/__control/<path>` route. */
  control(path: string, body: unknown): Promise<CallResult>;
}

export const harbourAuth: { ClientToken: string; AccessToken: string; Client: string } = {
  ClientToken: MEWS_CLIENT_TOKEN,
  AccessToken: mewsDemoEnterprises.harbour.accessToken,
  Client: 'Innkeeper Tests 0.1.0',
};
export const alpineAuth = { ...harbourAuth, AccessToken: mewsDemoEnterprises.alpine.accessToken };

export async function startMewsMock(options?: MewsMockOptions): Promise<MewsTestClient> {
  const mock = createMewsMock(options);
  const baseUrl = await mock.start(0);
  const parse = async (response: Response) => {
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
  };
  return {
    mock,
    baseUrl,
    async call(path, body = {}, init = {}) {
      const response = await fetch(`${baseUrl}/api/connector/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: JSON.stringify({ ...(init.auth ?? harbourAuth), ...body }),
        signal: init.signal,
      });
      return parse(response);
    },
    async control(path, body) {
      const response = await fetch(`${baseUrl}/__control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return parse(response);
    },
  };
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);

/** Throws with ajv's messages when `data` does not match `schema`, so a test shows what is off. */
export function assertSchema(schema: AnySchema, data: unknown): void {
  const validate = ajv.compile(schema);
  if (!validate(data)) throw new Error(`schema mismatch: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}
