import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  BrokenCircuitError,
  TaskCancelledError,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { AppError } from '../lib/errors.js';

/**
 * The one outbound HTTP client every provider uses: a timeout per call, retries with backoff and
 * jitter for idempotent calls only (honouring Retry-After), a circuit breaker per property and
 * provider, and vendor failures turned into our error codes. Secrets never reach a log or an error
 * message: errors carry the method, path and status only.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to the base URL. */
  path: string;
  /** A list is sent as the parameter repeated (`ids=1&ids=2`), as Mindbody reads arrays. */
  query?: Record<string, string | number | ReadonlyArray<string | number> | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: URLSearchParams;
  /**
   * Safe to send twice. GETs are; a POST is only when the vendor deduplicates it (or it is a
   * search). Non-idempotent calls are never retried here: the adapter reads before re-posting.
   */
  idempotent?: boolean;
  /** Per-call timeout; defaults to the client's. */
  timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClient {
  /** 2xx and 4xx other than 401/403/408/429 (unless passed through) come back for the adapter to read; the rest throw. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Names the client in errors and logs, e.g. `opera`. */
  provider: string;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Calls per second allowed to this base URL (OPERA: about 50 per environment). */
  ratePerSecond?: number;
  /**
   * Statuses handed back to the adapter instead of read as credential failures: Mews, for one,
   * answers 403 for business refusals ("room not inspected"), while its bad tokens are 401.
   */
  passThroughStatuses?: readonly number[];
}

export interface HttpClientFactory {
  (options: HttpClientOptions): HttpClient;
  /**
   * For vendor SDKs that bring their own HTTP client (stripe-node): the fetch this factory uses,
   * refusing in production, as every client here does, a URL that is not https or that points at a
   * private or loopback address. Timeouts and retries stay the SDK's, set by its provider.
   */
  fetch: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 8_000;
const DEFAULT_ATTEMPTS = 3;
// A Retry-After longer than this is not waited out inside a guest's request: we answer 503 with it.
const MAX_INLINE_RETRY_WAIT_MS = 5_000;
const BREAKER_FAILURES = 5;
const BREAKER_HALF_OPEN_AFTER_MS = 15_000;

/** A vendor answer or network failure worth a retry (for idempotent calls). */
class TransientUpstreamError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'rate_limited',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with jitter, unless the vendor said how long to wait. */
function retryAfterAware(base: IBackoffFactory<IRetryBackoffContext<unknown>>): IBackoffFactory<IRetryBackoffContext<unknown>> {
  return {
    next(context) {
      const backoff = base.next(context);
      const error = 'error' in context.result ? context.result.error : undefined;
      const asked = error instanceof TransientUpstreamError ? error.retryAfterMs : undefined;
      return { duration: asked ?? backoff.duration, next: (next) => retryAfterAware(backoff).next(next) };
    },
  };
}

const privateRanges = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
    ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ] as const) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of [['::1', 128], ['::', 128], ['fc00::', 7], ['fe80::', 10]] as const) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) return isPrivateAddress(address.slice(7));
  return privateRanges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * In production a provider's base URL must be https and must not point into our own network
 * (SSRF: an admin form must not become a way to reach internal services).
 */
export async function assertSafeBaseUrl(baseUrl: string, production: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AppError('integration_misconfigured', 'The provider base URL is not a valid URL.');
  }
  if (!production) return;
  if (url.protocol !== 'https:') {
    throw new AppError('integration_misconfigured', 'Provider base URLs must use https in production.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address);
  if (addresses.length === 0) throw new AppError('integration_misconfigured', `The provider host ${host} does not resolve.`);
  if (addresses.some(isPrivateAddress)) {
    throw new AppError('integration_misconfigured', 'Provider base URLs may not point at private or loopback addresses in production.');
  }
}

/** A token bucket per vendor environment (origin), shared by every client of this process that calls it. */
function createRateLimiter() {
  const buckets = new Map<string, { tokens: number; updated: number }>();
  return async (key: string, perSecond: number) => {
    for (;;) {
      const now = Date.now();
      const bucket = buckets.get(key) ?? { tokens: perSecond, updated: now };
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.updated) / 1000) * perSecond);
      bucket.updated = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - bucket.tokens) / perSecond) * 1000)));
    }
  };
}

/**
 * Builds the factory providers receive. One per process: the rate limiter is shared across
 * properties calling the same vendor environment; each client gets its own breaker.
 */
export function createHttpClientFactory(settings: { production: boolean; fetch?: typeof fetch }): HttpClientFactory {
  const doFetch = settings.fetch ?? fetch;
  const throttle = createRateLimiter();

  const checkedOrigins = new Map<string, Promise<void>>();
  const checkedFetch: typeof fetch = async (input, init) => {
    const { origin } = new URL(input instanceof Request ? input.url : String(input));
    let checked = checkedOrigins.get(origin);
    if (!checked) {
      checked = assertSafeBaseUrl(origin, settings.production);
      checkedOrigins.set(origin, checked);
      // A refusal (or a failed DNS lookup) is not remembered: the next call checks again.
      checked.catch(() => checkedOrigins.delete(origin));
    }
    await checked;
    return doFetch(input, init);
  };

  const factory = (options: HttpClientOptions): HttpClient => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const breaker = circuitBreaker(handleWhen((error) => error instanceof TransientUpstreamError || error instanceof TaskCancelledError), {
      halfOpenAfter: BREAKER_HALF_OPEN_AFTER_MS,
      breaker: new ConsecutiveBreaker(BREAKER_FAILURES),
    });
    const retrying = retry(
      handleWhen(
        (error) => error instanceof TransientUpstreamError && (error.retryAfterMs ?? 0) <= MAX_INLINE_RETRY_WAIT_MS,
      ),
      {
        maxAttempts: (options.maxAttempts ?? DEFAULT_ATTEMPTS) - 1,
        backoff: retryAfterAware(new ExponentialBackoff({ initialDelay: 150, maxDelay: 2_000 })),
      },
    );
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    let checkedBaseUrl: Promise<void> | undefined;

    async function once(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
      if (options.ratePerSecond) await throttle(new URL(baseUrl).origin, options.ratePerSecond);
      const url = new URL(baseUrl + request.path);
      for (const [key, value] of Object.entries(request.query ?? {})) {
        for (const one of value === undefined ? [] : [value].flat()) url.searchParams.append(key, String(one));
      }
      const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      let body: string | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = request.form.toString();
      }
      const where = `${options.provider} ${request.method} ${request.path}`;
      let response: Response;
      try {
        response = await doFetch(url, { method: request.method, headers, body, signal, redirect: 'error' });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new TransientUpstreamError('unavailable', `${where}: ${(error as Error).name}`);
      }
      const text = await response.text();
      const status = response.status;
      if (status === 429 || status === 503 || status >= 500 || status === 408) {
        throw new TransientUpstreamError(
          status === 429 ? 'rate_limited' : 'unavailable',
          `${where} answered ${status}`,
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      if ((status === 401 || status === 403) && !options.passThroughStatuses?.includes(status)) {
        throw new AppError('integration_misconfigured', `${options.provider} refused our credentials.`, {
          details: { provider: options.provider, status },
        });
      }
      let parsed: unknown = text;
      if (text && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new TransientUpstreamError('unavailable', `${where} sent invalid JSON`);
        }
      }
      return { status, headers: response.headers, body: parsed };
    }

    return {
      async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
        checkedBaseUrl ??= assertSafeBaseUrl(baseUrl, settings.production);
        await checkedBaseUrl;
        const perCall = timeout(request.timeoutMs ?? timeoutMs, TimeoutStrategy.Aggressive);
        const policy = request.idempotent ?? request.method === 'GET' ? wrap(retrying, breaker, perCall) : wrap(breaker, perCall);
        try {
          return (await policy.execute(({ signal }) => once(request, signal))) as HttpResponse<T>;
        } catch (error) {
          throw toAppError(error, options.provider);
        }
      },
    };
  };
  return Object.assign(factory, { fetch: checkedFetch });
}

function toAppError(error: unknown, provider: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof TaskCancelledError) {
    return new AppError('integration_timeout', `${provider} did not answer in time.`, { cause: error });
  }
  if (error instanceof BrokenCircuitError) {
    return new AppError('integration_unavailable', `${provider} is failing; we paused calls to it for a moment.`, {
      retryAfterSeconds: BREAKER_HALF_OPEN_AFTER_MS / 1000,
      cause: error,
    });
  }
  if (error instanceof TransientUpstreamError) {
    return new AppError('integration_unavailable', `${provider} is not available right now.`, {
      retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 5_000) / 1000)),
      cause: error,
    });
  }
  return error;
}
