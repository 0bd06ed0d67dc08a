/**
 * One HTTP request as a connector sent it, in the form the request checkers of the mocks take
 * (`mocks/opera/spec-validator.ts`, `mocks/cloudbeds/openapi-validator.ts`,
 * `mocks/mews/request-contract.ts`). Adapter tests record what their HTTP client sends and hold
 * every request to the vendor's published contract, so a call the vendor would refuse fails there
 * even when our mock is lenient about it.
 */
export interface VendorRequest {
  method: string;
  /** Path and query string as sent, e.g. `/api/v1.3/getReservation?reservationID=HV1001`. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: string;
}

/** The query parameters of a request, each name with every value it was sent with. */
export function queryOf(request: VendorRequest): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const [name, value] of new URL(request.url, 'http://vendor.invalid').searchParams) {
    query.set(name, [...(query.get(name) ?? []), value]);
  }
  return query;
}

export const pathOf = (request: VendorRequest): string => new URL(request.url, 'http://vendor.invalid').pathname;
