import { parseFormBody, type FormObject, type FormValue } from '../shared/form-body.js';
import { invalidParam } from './errors.js';

/**
 * Request parameters as Stripe reads them: form-encoded, nested with brackets, arrays indexed
 * (`expand[0]=latest_charge`) or appended (`expand[]=…`), the same in a query string. The parsing
 * rules are Rails' (which Stripe runs on) and PHP's alike, so the Cloudbeds mock's parser serves.
 *
 * Paths are dotted here (`payment_method_options.card.request_incremental_authorization`) and
 * bracketed in error messages, as Stripe names them (`payment_method_options[card][…]`).
 */
export class Params {
  constructor(readonly values: FormObject) {}

  static parse(encoded: string): Params {
    return new Params(parseFormBody(encoded));
  }

  /** Stripe refuses any top-level parameter an endpoint does not take. */
  only(allowed: readonly string[]): this {
    const unknown = Object.keys(this.values).find((name) => !allowed.includes(name));
    if (unknown) throw invalidParam(unknown, `Received unknown parameter: ${unknown}`, 'parameter_unknown');
    return this;
  }

  has(path: string): boolean {
    return this.value(path) !== undefined;
  }

  /** An empty string means "unset" in Stripe's form encoding, so it reads as absent. */
  string(path: string): string | undefined {
    const value = this.value(path);
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw invalidParam(bracketed(path), `Invalid string: ${bracketed(path)} must be a string`);
    return value;
  }

  requiredString(path: string): string {
    const value = this.string(path);
    if (value === undefined) throw invalidParam(bracketed(path), `Missing required param: ${bracketed(path)}.`, 'parameter_missing');
    return value;
  }

  integer(path: string): number | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidParam(bracketed(path), `Invalid integer: ${value}`, 'parameter_invalid_integer');
    return Number(value);
  }

  requiredInteger(path: string): number {
    const value = this.integer(path);
    if (value === undefined) throw invalidParam(bracketed(path), `Missing required param: ${bracketed(path)}.`, 'parameter_missing');
    return value;
  }

  boolean(path: string): boolean | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw invalidParam(bracketed(path), `Invalid boolean: ${value}`);
    return value === 'true';
  }

  oneOf<const T extends string>(path: string, allowed: readonly T[]): T | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParam(bracketed(path), `Invalid ${bracketed(path)}: must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** `metadata[key]=value`; an empty value removes the key when merged (see mergeMetadata). */
  metadata(): Record<string, string> | undefined {
    const value = this.value('metadata');
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((entry) => typeof entry !== 'string')) {
      throw invalidParam('metadata', 'Invalid object: metadata must be a hash of strings');
    }
    return value as Record<string, string>;
  }

  /** `expand[]`, as an array of dotted paths. */
  expand(): string[] {
    const value = this.value('expand');
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw invalidParam('expand', 'Invalid array: expand must be an array of strings');
    return value as string[];
  }

  /** `payment_method_types[]` or `allowed_payment_method_types[]` (2026-09-30 renamed the request field; both are accepted). */
  paymentMethodTypes(): void {
    for (const name of ['payment_method_types', 'allowed_payment_method_types']) {
      const value = this.value(name);
      if (value === undefined) continue;
      const types = Array.isArray(value) ? value : [value];
      const other = types.find((type) => type !== 'card');
      if (other !== undefined) throw invalidParam(name, `The payment method type ${JSON.stringify(other)} is not supported by this mock (only card).`);
    }
  }

  private value(path: string): FormValue | undefined {
    let node: FormValue | undefined = this.values;
    for (const segment of path.split('.')) {
      if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
      node = node[segment];
    }
    return node;
  }
}

function bracketed(path: string): string {
  const [first, ...rest] = path.split('.');
  return `${first}${rest.map((segment) => `[${segment}]`).join('')}`;
}

/** Stripe merges metadata on update; an empty value deletes that key. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined): Record<string, string> {
  if (!update) return current;
  const merged = { ...current, ...update };
  for (const [key, value] of Object.entries(update)) if (value === '') delete merged[key];
  return merged;
}
