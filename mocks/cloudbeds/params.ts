import type { FastifyRequest } from 'fastify';
import type { FormObject, FormValue } from '../shared/form-body.js';
import { PmsError } from './errors.js';

/**
 * Reading v1.3 parameters the way PHP does: query string and form body together, every value a
 * string until the method interprets it. A JSON body is not a form, so its fields are not seen
 * (real Cloudbeds then answers "parameter is required").
 */
export type Params = FormObject;

export function readParams(request: FastifyRequest): Params {
  const query = (request.query ?? {}) as Record<string, string | string[]>;
  const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const body = isForm && request.body && typeof request.body === 'object' ? (request.body as FormObject) : {};
  return { ...query, ...body };
}

export function text(params: Params | FormValue | undefined, name: string): string | undefined {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const value = params[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function required(params: Params | FormValue, name: string): string {
  const value = text(params, name);
  if (value === undefined) throw new PmsError(400, `Parameter ${name} is required`);
  return value;
}

export function list(params: Params | FormValue, name: string): FormValue[] {
  if (typeof params !== 'object' || Array.isArray(params)) return [];
  const value = params[name];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return Object.values(value);
  throw new PmsError(400, `Parameter ${name} must be an array`);
}

export function bool(params: Params, name: string): boolean | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new PmsError(400, `Parameter ${name} must be a boolean`);
}

export function positiveInt(params: Params | FormValue, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new PmsError(400, `Parameter ${name} must be a positive integer`);
  return Number(value);
}

/** Decimal amount with at most two places (EUR and CHF both have two) into minor units. */
export function amountMinor(params: Params | FormValue, name: string, options: { allowZero?: boolean } = {}): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(value)) throw new PmsError(400, `Parameter ${name} must be a decimal amount`);
  const minor = Math.round(Number(value) * 100);
  if (minor === 0 && !options.allowZero) throw new PmsError(400, `Parameter ${name} must be greater than zero`);
  return minor;
}

export function isoDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new PmsError(400, `Parameter ${name} must be a date (YYYY-MM-DD)`);
  }
  return value;
}
