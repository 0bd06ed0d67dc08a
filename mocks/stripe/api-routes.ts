import { invalidParam } from './errors.js';
import type { Charge, Customer, PaymentIntent, PaymentMethod, Refund, SetupIntent, StripeEvent, StripeObject } from './objects.js';
import type { Params } from './params.js';
import type { RequestInfo, StripeState } from './state.js';

/** One API call as a route handler sees it. */
export interface ApiCall {
  params: Params;
  path: Record<string, string>;
  request: RequestInfo;
  /** Made with the publishable key (Stripe.js): only intents named by their client secret are reachable. */
  publishable: boolean;
}

/**
 * `secret`: secret key only. `client`: also the publishable key, as Stripe.js calls these
 * endpoints from the browser (intents then need their `client_secret`).
 */
export type Access = 'secret' | 'client';
export type ApiRoute = (method: 'GET' | 'POST' | 'DELETE', url: string, access: Access, handler: (call: ApiCall) => object) => void;

/** The Stripe API v1 endpoints the mock serves (contracts/services.md §1.4, plus lists and events). */
export function registerApiRoutes(route: ApiRoute, state: StripeState): void {
  const view = <T extends StripeObject>(object: T, call: ApiCall) => state.view(object, call.params.expand(), call.request.account);
  const retrieve = (kind: Parameters<StripeState['get']>[0]) => (call: ApiCall) => {
    call.params.only(['expand', 'client_secret']);
    const object = state.get(kind, call.path.id!, call.request.account);
    if (call.publishable) requireClientSecret(object as PaymentIntent | SetupIntent, call.params);
    return view(object, call);
  };
  /** Intent endpoints Stripe.js may call check the client secret first. */
  const withClientSecret = (kind: 'payment_intent' | 'setup_intent', handler: (call: ApiCall) => PaymentIntent | SetupIntent) => (call: ApiCall) => {
    if (call.publishable) requireClientSecret(state.get(kind, call.path.id!, call.request.account) as PaymentIntent | SetupIntent, call.params);
    return view(handler(call), call);
  };

  route('POST', '/v1/customers', 'secret', (call) => view(state.createCustomer(call.params, call.request), call));
  route('GET', '/v1/customers', 'secret', (call) => {
    call.params.only(['email', 'limit', 'starting_after', 'expand']);
    const email = call.params.string('email');
    return state.list<Customer>('/v1/customers', 'customer', call.request.account, call.params, (customer) => !email || customer.email === email);
  });
  route('GET', '/v1/customers/:id', 'secret', retrieve('customer'));
  route('POST', '/v1/customers/:id', 'secret', (call) => view(state.updateCustomer(call.path.id!, call.params, call.request), call));
  route('DELETE', '/v1/customers/:id', 'secret', (call) => state.deleteCustomer(call.path.id!, call.request));
  route('GET', '/v1/customers/:id/payment_methods', 'secret', (call) => {
    call.params.only(['type', 'limit', 'starting_after', 'expand']);
    const customer = state.get('customer', call.path.id!, call.request.account);
    return listPaymentMethods(call, customer.id, `/v1/customers/${customer.id}/payment_methods`);
  });

  route('POST', '/v1/payment_methods', 'client', (call) => view(state.createPaymentMethod(call.params, call.request), call));
  route('GET', '/v1/payment_methods', 'secret', (call) => {
    call.params.only(['customer', 'type', 'limit', 'starting_after', 'expand']);
    return listPaymentMethods(call, call.params.requiredString('customer'), '/v1/payment_methods');
  });
  route('GET', '/v1/payment_methods/:id', 'secret', (call) => {
    call.params.only(['expand']);
    return view(state.paymentMethod(call.path.id!, call.request, 'id'), call);
  });
  route('POST', '/v1/payment_methods/:id/attach', 'secret', (call) => view(state.attachPaymentMethod(call.path.id!, call.params, call.request), call));
  route('POST', '/v1/payment_methods/:id/detach', 'secret', (call) => view(state.detachPaymentMethod(call.path.id!, call.request), call));

  route('POST', '/v1/setup_intents', 'secret', (call) => view(state.createSetupIntent(call.params, call.request), call));
  route('GET', '/v1/setup_intents/:id', 'client', retrieve('setup_intent'));
  route('POST', '/v1/setup_intents/:id/confirm', 'client', withClientSecret('setup_intent', (call) => state.confirmSetupIntent(call.path.id!, call.params, call.request)));
  route('POST', '/v1/setup_intents/:id/cancel', 'secret', (call) => view(state.cancelSetupIntent(call.path.id!, call.params, call.request), call));

  route('POST', '/v1/payment_intents', 'secret', (call) => view(state.createPaymentIntent(call.params, call.request), call));
  route('GET', '/v1/payment_intents', 'secret', (call) => {
    call.params.only(['customer', 'limit', 'starting_after', 'expand']);
    const customer = call.params.string('customer');
    return state.list<PaymentIntent>('/v1/payment_intents', 'payment_intent', call.request.account, call.params, (intent) => !customer || intent.customer === customer);
  });
  route('GET', '/v1/payment_intents/:id', 'client', retrieve('payment_intent'));
  route('POST', '/v1/payment_intents/:id', 'secret', (call) => view(state.updatePaymentIntent(call.path.id!, call.params, call.request), call));
  route('POST', '/v1/payment_intents/:id/confirm', 'client', withClientSecret('payment_intent', (call) => state.confirmPaymentIntent(call.path.id!, call.params, call.request)));
  route('POST', '/v1/payment_intents/:id/increment_authorization', 'secret', (call) => view(state.incrementAuthorization(call.path.id!, call.params, call.request), call));
  route('POST', '/v1/payment_intents/:id/capture', 'secret', (call) => view(state.capturePaymentIntent(call.path.id!, call.params, call.request), call));
  route('POST', '/v1/payment_intents/:id/cancel', 'secret', (call) => view(state.cancelPaymentIntent(call.path.id!, call.params, call.request), call));

  route('GET', '/v1/charges', 'secret', (call) => {
    call.params.only(['payment_intent', 'customer', 'limit', 'starting_after', 'expand']);
    const intent = call.params.string('payment_intent');
    const customer = call.params.string('customer');
    return state.list<Charge>('/v1/charges', 'charge', call.request.account, call.params, (charge) => (!intent || charge.payment_intent === intent) && (!customer || charge.customer === customer));
  });
  route('GET', '/v1/charges/:id', 'secret', retrieve('charge'));

  route('POST', '/v1/refunds', 'secret', (call) => view(state.createRefund(call.params, call.request), call));
  route('GET', '/v1/refunds', 'secret', (call) => {
    call.params.only(['payment_intent', 'charge', 'limit', 'starting_after', 'expand']);
    const intent = call.params.string('payment_intent');
    const charge = call.params.string('charge');
    return state.list<Refund>('/v1/refunds', 'refund', call.request.account, call.params, (refund) => (!intent || refund.payment_intent === intent) && (!charge || refund.charge === charge));
  });
  route('GET', '/v1/refunds/:id', 'secret', retrieve('refund'));
  route('POST', '/v1/refunds/:id/cancel', 'secret', (call) => state.cancelRefund(call.path.id!, call.request));

  route('GET', '/v1/events', 'secret', (call) => {
    call.params.only(['type', 'limit', 'starting_after']);
    const type = call.params.string('type');
    return state.list<StripeEvent>('/v1/events', 'event', call.request.account, call.params, (event) => !type || event.type === type);
  });
  route('GET', '/v1/events/:id', 'secret', retrieve('event'));

  function listPaymentMethods(call: ApiCall, customer: string, url: string) {
    const type = call.params.string('type');
    if (type && type !== 'card') throw invalidParam('type', 'Only type=card is supported by this mock.');
    return state.list<PaymentMethod>(url, 'payment_method', call.request.account, call.params, (method) => method.customer === customer);
  }
}

function requireClientSecret(intent: PaymentIntent | SetupIntent, params: Params): void {
  const given = params.string('client_secret');
  if (given !== intent.client_secret) {
    throw invalidParam('client_secret', `The client_secret provided does not match the client_secret associated with the ${intent.object === 'payment_intent' ? 'PaymentIntent' : 'SetupIntent'}.`);
  }
}
