/**
 * Stripe's error body, `{ "error": { type, code?, decline_code?, param?, message, doc_url?, … } }`
 * (docs.stripe.com/api/errors). Route code throws StripeError; the server writes it.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorFields {
  code?: string;
  decline_code?: string;
  param?: string;
  /** The intent or payment method the error is about, as Stripe attaches them to card errors. */
  payment_intent?: object;
  setup_intent?: object;
  payment_method?: object;
  charge?: string;
}

export class StripeError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: StripeErrorType,
    message: string,
    readonly fields: StripeErrorFields = {},
    /**
     * Stripe keeps the result of an idempotent request once the endpoint has started executing;
     * parameter validation failures are not kept, so the same key may be retried after fixing them.
     */
    readonly keptForIdempotency = true,
  ) {
    super(message);
  }

  body(requestId: string) {
    const { code } = this.fields;
    return {
      error: {
        ...(code ? { doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}` } : {}),
        ...this.fields,
        message: this.message,
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
        type: this.type,
      },
    };
  }
}

/** A parameter problem: 400, not kept for idempotency, names the parameter. */
export function invalidParam(param: string, message: string, code?: string): StripeError {
  return new StripeError(400, 'invalid_request_error', message, code ? { code, param } : { param }, false);
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeError {
  return new StripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });
}

export function unexpectedState(kind: 'payment_intent' | 'setup_intent', message: string, intent: object): StripeError {
  return new StripeError(400, 'invalid_request_error', message, { code: `${kind}_unexpected_state`, [kind]: intent });
}
