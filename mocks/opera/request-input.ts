import { OperaProblem, badRequest } from './problems.js';
import type { OperaState, Reservation } from './state.js';

/** Small readers for OHIP request input, each refusing with a 400 that names the field. */
export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A `collectionFormat: multi` query parameter (`?a=1&a=2`). Comma-separated values are split too,
 * which OPERA's gateway also tolerates for simple lists.
 */
export function queryList(query: unknown, name: string): string[] {
  const raw = isJson(query) ? query[name] : undefined;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

export function queryInt(query: unknown, name: string, fallback: number): number {
  const [value] = queryList(query, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw badRequest('GEN00010', `${name} must be a non-negative integer.`, name);
  return parsed;
}

export function requireObject(value: unknown, path: string): Json {
  if (!isJson(value)) throw badRequest('GEN00011', `${path} is required and must be an object.`, path);
  return value;
}

export function optionalString(value: unknown, path: string, maxLength = 2000): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) {
    throw badRequest('GEN00012', `${path} must be a string of at most ${maxLength} characters.`, path);
  }
  return value;
}

export function requireString(value: unknown, path: string, maxLength = 2000): string {
  const text = optionalString(value, path, maxLength);
  if (!text) throw badRequest('GEN00013', `${path} is required.`, path);
  return text;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest('GEN00014', `${path} must be a boolean.`, path);
  return value;
}

export function optionalInt(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest('GEN00015', `${path} must be an integer from ${min} to ${max}.`, path);
  }
  return value;
}

export function optionalDate(value: unknown, path: string): string | undefined {
  const text = optionalString(value, path, 10);
  if (text !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw badRequest('GEN00016', `${path} must be YYYY-MM-DD.`, path);
  return text;
}

/**
 * Positive money in the hotel's currency, to minor units. OPERA's `currencyAmountType` carries a
 * decimal amount; more than two decimals is refused rather than silently rounded.
 */
export function requireAmountMinor(value: unknown, path: string, currency: string): number {
  const amount = requireObject(value, path);
  if (typeof amount.amount !== 'number' || !Number.isFinite(amount.amount) || amount.amount <= 0) {
    throw badRequest('CSH00020', `${path}.amount must be a positive number.`, `${path}.amount`);
  }
  const minor = Math.round(amount.amount * 100);
  if (Math.abs(minor - amount.amount * 100) > 1e-6) {
    throw badRequest('CSH00021', `${path}.amount has more than two decimals.`, `${path}.amount`);
  }
  if (amount.currencyCode !== undefined && amount.currencyCode !== currency) {
    throw badRequest('CSH00022', `${path}.currencyCode must be ${currency}.`, `${path}.currencyCode`);
  }
  return minor;
}

/** OPERA's schema says array where Oracle's Postman sends a single object: accept both. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function findReservation(state: OperaState, hotelId: string, reservationId: string): Reservation | undefined {
  const reservation = state.reservations.get(reservationId);
  return reservation?.hotelId === hotelId ? reservation : undefined;
}

/** For mutations: an unknown reservation is a 404 problem (reads answer 204 instead). */
export function requireReservation(state: OperaState, hotelId: string, reservationId: string): Reservation {
  const reservation = findReservation(state, hotelId, reservationId);
  if (!reservation) throw new OperaProblem(404, 'RSV00404', `Reservation ${reservationId} not found in hotel ${hotelId}.`);
  return reservation;
}

/** A body's own reservation id (in `criteria` or `reservation`) must agree with the path. */
export function checkBodyReservationIds(ids: unknown, reservationId: string, path: string): void {
  for (const entry of asList(ids)) {
    if (isJson(entry) && entry.id !== undefined && (entry.type ?? 'Reservation') === 'Reservation' && entry.id !== reservationId) {
      throw badRequest('GEN00017', `${path} ${String(entry.id)} does not match reservation ${reservationId} in the path.`, path);
    }
  }
}

export function checkBodyHotel(hotelId: unknown, pathHotel: string, path: string): void {
  if (hotelId !== undefined && hotelId !== pathHotel) {
    throw badRequest('GEN00018', `${path} ${String(hotelId)} does not match hotel ${pathHotel} in the path.`, path);
  }
}
