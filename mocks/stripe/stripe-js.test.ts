import { runInContext, createContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_MOCK_PUBLISHABLE_KEY } from './credentials.js';
import { startStripeMock, type RunningStripeMock } from './test-support.js';

/** The smallest DOM the stand-in touches: elements with children, values, attributes and listeners. */
class FakeElement {
  readonly children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  value = '';
  name = '';
  private readonly listeners = new Map<string, (() => void)[]>();
  appendChild(child: FakeElement) {
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  removeChild(child: FakeElement) {
    this.children.splice(this.children.indexOf(child), 1);
    child.parentNode = null;
  }
  setAttribute() {}
  focus() {}
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  type(text: string) {
    this.value = text;
    for (const listener of this.listeners.get('input') ?? []) listener();
  }
}

describe('Stripe.js stand-in served at /v3/', () => {
  let running: RunningStripeMock;
  let host: FakeElement;
  let browser: { Stripe: any; location: { href: string; assign(url: string): void }; __STRIPE_MOCK_AUTHENTICATION__?: string };
  const redirects: string[] = [];

  beforeAll(async () => {
    running = await startStripeMock();
    const response = await fetch(`${running.url}/v3/`);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    host = new FakeElement();
    browser = { Stripe: undefined, location: { href: 'http://app.test/checkin', assign: (url) => redirects.push(url) } };
    const document = { currentScript: { src: `${running.url}/v3/` }, createElement: () => new FakeElement(), querySelector: (selector: string) => (selector === '#card' ? host : null) };
    runInContext(await response.text(), createContext({ window: browser, document, fetch, URL, setTimeout }));
  });
  afterAll(() => running.mock.stop());

  const mountCard = (stripe: any, number: string, kind: 'card' | 'payment' = 'card', elementsOptions?: object) => {
    const elements = stripe.elements(elementsOptions);
    const card = elements.create(kind);
    const changes: { complete: boolean; brand: string }[] = [];
    card.on('change', (event: { complete: boolean; brand: string }) => changes.push(event));
    card.mount('#card');
    const inputs = Object.fromEntries(host.children.at(-1)!.children.map((input) => [input.name, input]));
    inputs.cardnumber!.type(number);
    inputs['exp-date']!.type('12 / 34');
    inputs.cvc!.type('123');
    return { elements, card, changes };
  };

  it('saves a card typed into the card field with confirmCardSetup', async () => {
    const customer = await running.stripe.customers.create({});
    const setup = await running.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    const stripe = browser.Stripe(STRIPE_MOCK_PUBLISHABLE_KEY);
    const { card, changes } = mountCard(stripe, '4242 4242 4242 4242');
    expect(changes.at(-1)).toMatchObject({ complete: true, brand: 'visa' });

    const result = await stripe.confirmCardSetup(setup.client_secret, { payment_method: { card, billing_details: { name: 'Anna Müller' } } });
    expect(result.error).toBeUndefined();
    expect(result.setupIntent).toMatchObject({ id: setup.id, status: 'succeeded' });
    const saved = await running.stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data[0]).toMatchObject({ card: { last4: '4242', exp_month: 12, exp_year: 2034 }, billing_details: { name: 'Anna Müller' } });
  });

  it('plays 3D Secure in confirmCardPayment, and reports a failed authentication as an error', async () => {
    const stripe = browser.Stripe(STRIPE_MOCK_PUBLISHABLE_KEY);
    const intent = () => running.stripe.paymentIntents.create({ amount: 30000, currency: 'eur', capture_method: 'manual' });
    const passed = await stripe.confirmCardPayment((await intent()).client_secret, { payment_method: 'pm_card_authenticationRequired' });
    expect(passed.paymentIntent).toMatchObject({ status: 'requires_capture', amount_capturable: 30000 });

    browser.__STRIPE_MOCK_AUTHENTICATION__ = 'fail';
    const failed = await stripe.confirmCardPayment((await intent()).client_secret, { payment_method: 'pm_card_authenticationRequired' });
    delete browser.__STRIPE_MOCK_AUTHENTICATION__;
    expect(failed.error).toMatchObject({ code: 'payment_intent_authentication_failure', payment_intent: { status: 'requires_payment_method' } });
  });

  it('returns a decline from confirmSetup as an error, and redirects to return_url on success', async () => {
    const stripe = browser.Stripe(STRIPE_MOCK_PUBLISHABLE_KEY);
    const declinedSetup = await running.stripe.setupIntents.create({});
    const declined = mountCard(stripe, '4000000000000002', 'payment', { clientSecret: declinedSetup.client_secret });
    const refusal = await stripe.confirmSetup({ elements: declined.elements, confirmParams: { return_url: 'http://app.test/done' } });
    expect(refusal.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    expect(redirects).toEqual([]);

    const setup = await running.stripe.setupIntents.create({});
    const accepted = mountCard(stripe, '5555555555554444', 'payment', { clientSecret: setup.client_secret });
    expect(await accepted.elements.submit()).toEqual({});
    await stripe.confirmSetup({ elements: accepted.elements, confirmParams: { return_url: 'http://app.test/done' } });
    expect(redirects).toEqual([`http://app.test/done?setup_intent=${setup.id}&setup_intent_client_secret=${setup.client_secret}&redirect_status=succeeded`]);
  });
});
