import { afterAll, afterEach, expect } from 'vitest';
import type { VendorRequest } from '../../mocks/shared/vendor-request.js';

/**
 * Holds every request an adapter test sends to the vendor's published contract (the checkers live
 * beside the mocks: OPERA and Cloudbeds against their OpenAPI files, Mews against its documented
 * required fields). Wrap the fetch the adapter's HTTP client uses; each request is checked as it
 * leaves, and after every test of the file the requests it sent must have broken nothing. A mock
 * that accepts more than the vendor does cannot hide a call the vendor would refuse.
 *
 * Call once at the top of a test file: it registers that file's hooks.
 */
export function auditVendorRequests(check: (request: VendorRequest) => string[]): { wrap(next: typeof fetch): typeof fetch } {
  const violations: string[] = [];
  let checked = 0;
  afterEach(() => {
    expect(violations.splice(0), 'requests the vendor would refuse').toEqual([]);
  });
  afterAll(() => {
    // The audit proves nothing if no adapter in the file was given the wrapped fetch.
    expect(checked, 'requests checked against the vendor contract').toBeGreaterThan(0);
  });
  return {
    wrap: (next) => (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value]));
      const request: VendorRequest = {
        method: init?.method ?? 'GET',
        url: url.pathname + url.search,
        headers,
        ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      };
      checked += 1;
      let problems: string[];
      try {
        problems = check(request);
      } catch (error) {
        // Thrown here it would reach the adapter as a network failure; the test must see it instead.
        problems = [`could not be checked: ${(error as Error).message}`];
      }
      for (const problem of problems) violations.push(`${request.method} ${request.url}: ${problem}`);
      return next(input, init);
    },
  };
}
