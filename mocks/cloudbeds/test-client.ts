import { validateCloudbedsResponse } from './openapi-validator.js';
import { createCloudbedsMock, type CloudbedsMock } from './server.js';

/**
 * Test-side HTTP client for the Cloudbeds mock. Every JSON body that comes back from a vendor
 * endpoint is checked against the Cloudbeds spec before the test sees it, so no test can pass on
 * a body the real API could not send.
 */
export type FormInput = { [key: string]: string | number | boolean | FormInput | FormInput[] | undefined };

/** PHP-style bracketed form encoding, as Cloudbeds v1.x expects: `items[0][itemTaxes][0][taxName]`. */
export function encodeForm(input: FormInput): string {
  const pairs: Array<[string, string]> = [];
  const walk = (prefix: string, value: FormInput[string]) => {
    if (value === undefined) return;
    if (typeof value !== 'object') pairs.push([prefix, String(value)]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
    else for (const [k, v] of Object.entries(value)) walk(`${prefix}[${k}]`, v);
  };
  for (const [key, value] of Object.entries(input)) walk(key, value);
  return new URLSearchParams(pairs).toString();
}

export interface CallOptions {
  query?: Record<string, string>;
  form?: FormInput;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // Tests read arbitrary vendor fields; the body has already passed the spec's schema.
  body: any;
}

export const FIXED_NOW = new Date('2026-03-10T10:00:00Z');

export async function startMock(): Promise<{ mock: CloudbedsMock; call: (method: string, path: string, options?: CallOptions) => Promise<CallResult> }> {
  const mock = createCloudbedsMock({ now: () => FIXED_NOW });
  const baseUrl = await mock.start(0);
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const url = `${baseUrl}${path}${options.query ? `?${new URLSearchParams(options.query)}` : ''}`;
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encodeForm(options.form);
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!path.startsWith('/__control')) {
      const result = validateCloudbedsResponse(method, path, response.status, parsed);
      if (!result.valid) throw new Error(`${method} ${path} ${response.status} breaks ${result.schema}:\n${result.errors.join('\n')}`);
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return { mock, call };
}
