import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { guestSession, staffSession } from '../lib/sessions';

export type Stay = components['schemas']['Stay'];
export type Folio = components['schemas']['Folio'];
export type Payment = components['schemas']['Payment'];
export type CardHold = components['schemas']['CardHold'];
export type StaffUser = components['schemas']['StaffUser'];
export type IntegrationKind = components['schemas']['IntegrationKind'];
export type AdminStaffUser = components['schemas']['AdminStaffUser'];
export type GuestRequest = components['schemas']['GuestServiceRequest'];
export type StaffRequest = components['schemas']['StaffServiceRequest'];
export type RequestCategory = components['schemas']['RequestCategory'];
export type Notification = components['schemas']['Notification'];
export type Assignee = components['schemas']['Assignee'];
export type GuestCheckIn = components['schemas']['GuestCheckIn'];
export type StaffCheckIn = components['schemas']['StaffCheckIn'];

export interface FieldIssue {
  field: string;
  message: string;
}

/** An API error answer (or a network failure, status 0) in one shape for every page. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The 400 `details` as field issues, with the `body.` prefix the API puts on body fields removed. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details
      .filter((issue): issue is FieldIssue => typeof issue?.field === 'string' && typeof issue?.message === 'string')
      .map((issue) => ({ ...issue, field: issue.field.replace(/^body\.?/, '') }));
  }
}

/** What the API said about one field of a refused form (none for other errors), to show beside that field. */
export const fieldIssueOf = (error: Error | null, field: string) =>
  error instanceof ApiError ? error.fieldIssues.find((issue) => issue.field === field)?.message : undefined;

/**
 * Guest routes (`/api/v1/stay…`) carry the guest token, every other route the staff token if
 * there is one; tokens travel only in the Authorization header, never in a URL.
 */
const isGuestPath = (pathname: string) => pathname === '/api/v1/stay' || pathname.startsWith('/api/v1/stay/');

const bearer: Middleware = {
  onRequest({ request, schemaPath }) {
    // A caller that knows better (a guest asking for a realtime ticket) sets the header itself.
    if (request.headers.has('authorization')) return request;
    const token = isGuestPath(schemaPath) ? guestSession.get()?.token : staffSession.get()?.token;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(bearer);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  // An expired or revoked token: forget it, so the page falls back to lookup or sign-in.
  if (response.status === 401) {
    if (isGuestPath(new URL(response.url).pathname)) guestSession.clear();
    else if (staffSession.get()) staffSession.clear();
  }
  throw new ApiError(
    response.status,
    body?.code ?? 'unknown',
    body?.message ?? response.statusText,
    body?.details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}
