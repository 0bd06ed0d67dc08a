/**
 * What a mock's test client sent and what it got back, read off the wire, for the mocks' tests to
 * hold against the vendor's specification: each test file's client records every exchange, and
 * after each test the exchanges since the last look are checked.
 */
export interface RecordedExchange<Request> {
  request: Request;
  response: { status: number };
}

export function exchangeLog<Exchange>() {
  let exchanges: Exchange[] = [];
  return {
    record: (exchange: Exchange) => void exchanges.push(exchange),
    /** Exchanges since the last call. */
    traffic(): Exchange[] {
      const done = exchanges;
      exchanges = [];
      return done;
    },
  };
}

/** Where exchanges depart from the spec, each problem prefixed with the answer's status; `requests: false` checks the answers only. */
export function exchangeProblems<Exchange extends RecordedExchange<unknown>>(
  exchanges: Exchange[],
  check: { request(exchange: Exchange): string[]; response(exchange: Exchange): string[] },
  { requests = true } = {},
): string[] {
  return exchanges.flatMap((exchange) =>
    [...(requests ? check.request(exchange).map((p) => `request ${p}`) : []), ...check.response(exchange).map((p) => `response ${p}`)].map((p) => `${exchange.response.status}: ${p}`),
  );
}
