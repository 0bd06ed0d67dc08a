/**
 * Request-body parsing for the Mews mock, with Mews's error conventions: a missing or malformed
 * parameter is a 400 `{ "Message": ... }`. Mews's wording for an unknown or unusable id is
 * "Invalid {Parameter}." (documented); the wording for a missing parameter is not documented, so
 * the mock says "{Parameter} is required.". Adapters should classify by status, not by text.
 */
export class MewsError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export type Body = Record<string, unknown>;

export const invalid = (name: string) => new MewsError(400, `Invalid ${name}.`);
export const missing = (name: string) => new MewsError(400, `${name} is required.`);
export const forbidden = (message: string) => new MewsError(403, message);

const isIsoDateTime = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(name);
  return value;
}

export function requiredString(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value === '') throw missing(name);
  return value;
}

export function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(name);
  return value;
}

export function optionalDateTime(body: Body, name: string): string | undefined {
  const value = optionalString(body, name);
  if (value !== undefined && !isIsoDateTime(value)) throw invalid(name);
  return value;
}

export function optionalObject(body: Body, name: string): Body | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(name);
  return value as Body;
}

/** A string array filter; `max` is the per-operation item cap from the docs. */
export function optionalStrings(body: Body, name: string, max: number): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > max || !value.every((v) => typeof v === 'string')) throw invalid(name);
  return value as string[];
}

export function optionalEnums<T extends string>(body: Body, name: string, allowed: readonly T[]): T[] | undefined {
  const values = optionalStrings(body, name, 1000);
  if (values && !values.every((v) => (allowed as readonly string[]).includes(v))) throw invalid(name);
  return values as T[] | undefined;
}

export interface Interval {
  start: number;
  end: number;
}

/**
 * A `{ StartUtc, EndUtc }` filter. Mews caps every interval at three months and answers
 * "The interval must not exceed 3M1D." (seen in public working notes).
 */
export function optionalInterval(body: Body, name: string): Interval | undefined {
  const value = optionalObject(body, name);
  if (!value) return undefined;
  const start = optionalDateTime(value, 'StartUtc');
  const end = optionalDateTime(value, 'EndUtc');
  if (!start || !end) throw invalid(name);
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (endMs < startMs) throw invalid(name);
  const cap = new Date(startMs);
  cap.setUTCMonth(cap.getUTCMonth() + 3);
  cap.setUTCDate(cap.getUTCDate() + 1);
  if (endMs > cap.getTime()) throw new MewsError(400, 'The interval must not exceed 3M1D.');
  return { start: startMs, end: endMs };
}

export const inInterval = (utc: string | null, interval: Interval | undefined) =>
  !interval || (utc !== null && Date.parse(utc) >= interval.start && Date.parse(utc) <= interval.end);

export interface Limitation {
  count: number;
  cursor: string | undefined;
}

/** `Limitation: { Count: 1..1000, Cursor? }`, required by every paged operation. */
export function requiredLimitation(body: Body): Limitation {
  const value = body.Limitation;
  if (value === undefined || value === null) throw missing('Limitation');
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('Limitation');
  const { Count, Cursor } = value as Body;
  if (typeof Count !== 'number' || !Number.isInteger(Count) || Count < 1 || Count > 1000) throw invalid('Limitation');
  if (Cursor !== undefined && Cursor !== null && typeof Cursor !== 'string') throw invalid('Cursor');
  return { count: Count, cursor: (Cursor as string | null | undefined) ?? undefined };
}

/**
 * Cursor paging: the cursor is the Id of the last item of the previous page; the next page holds
 * the matching items stored after it. The response cursor is the last Id returned, or null for an
 * empty page, so "stop when Cursor is null or fewer than Count came back" terminates.
 */
export function paginate<T extends { Id: string }>(all: readonly T[], matching: readonly T[], limitation: Limitation) {
  let after = -1;
  if (limitation.cursor !== undefined) {
    after = all.findIndex((item) => item.Id === limitation.cursor);
    if (after < 0) throw invalid('Cursor');
  }
  const position = new Map(all.map((item, index) => [item.Id, index]));
  const items = matching.filter((item) => (position.get(item.Id) ?? -1) > after).slice(0, limitation.count);
  return { items, cursor: items.at(-1)?.Id ?? null };
}
