/**
 * Stripe's test cards, by the `pm_card_*` PaymentMethod ids server code uses and by the card
 * numbers a person types into the Stripe.js stand-in (docs.stripe.com/testing). Each test id
 * becomes a fresh `pm_…` PaymentMethod when used, as in Stripe's test mode.
 */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover';

export type CardBehaviour =
  /** Authorises. */
  | { kind: 'ok' }
  /** Declines every charge, and cannot be attached or set up (Stripe's decline cards). */
  | { kind: 'decline'; code: 'card_declined' | 'expired_card'; declineCode: string; message: string }
  /** Attaches and sets up, then declines every charge (4000 0000 0000 0341). */
  | { kind: 'attach-then-decline' }
  /** 3D Secure on every on-session payment and setup; off-session payments fail with authentication_required. */
  | { kind: 'always-authenticate' }
  /** 3D Secure unless the card was set up for off-session use with a SetupIntent first. */
  | { kind: 'authenticate-unless-set-up' };

export interface TestCard {
  number: string;
  brand: CardBrand;
  funding: 'credit' | 'debit';
  behaviour: CardBehaviour;
}

const ok = { kind: 'ok' } as const;
const declined = (declineCode: string, message: string) => ({ kind: 'decline', code: 'card_declined', declineCode, message }) as const;

const visa: TestCard = { number: '4242424242424242', brand: 'visa', funding: 'credit', behaviour: ok };
const generic: TestCard = { number: '4000000000000002', brand: 'visa', funding: 'credit', behaviour: declined('generic_decline', 'Your card was declined.') };
const insufficient: TestCard = {
  number: '4000000000009995',
  brand: 'visa',
  funding: 'credit',
  behaviour: declined('insufficient_funds', 'Your card has insufficient funds.'),
};
const expired: TestCard = {
  number: '4000000000000069',
  brand: 'visa',
  funding: 'credit',
  behaviour: { kind: 'decline', code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
};

/** Stripe documents both the short and the `visa_` spelling of the decline cards. */
export const TEST_PAYMENT_METHODS: Record<string, TestCard> = {
  pm_card_visa: visa,
  pm_card_visa_debit: { number: '4000056655665556', brand: 'visa', funding: 'debit', behaviour: ok },
  pm_card_mastercard: { number: '5555555555554444', brand: 'mastercard', funding: 'credit', behaviour: ok },
  pm_card_discover: { number: '6011111111111117', brand: 'discover', funding: 'credit', behaviour: ok },
  // Online incremental authorisation exists only for Visa, Mastercard and Discover
  // (docs.stripe.com/payments/incremental-authorization): Amex is the card that cannot be incremented.
  pm_card_amex: { number: '378282246310005', brand: 'amex', funding: 'credit', behaviour: ok },
  pm_card_chargeDeclined: generic,
  pm_card_visa_chargeDeclined: generic,
  pm_card_chargeDeclinedInsufficientFunds: insufficient,
  pm_card_visa_chargeDeclinedInsufficientFunds: insufficient,
  pm_card_chargeDeclinedExpiredCard: expired,
  pm_card_visa_chargeDeclinedExpiredCard: expired,
  pm_card_chargeCustomerFail: { number: '4000000000000341', brand: 'visa', funding: 'credit', behaviour: { kind: 'attach-then-decline' } },
  pm_card_authenticationRequired: { number: '4000002760003184', brand: 'visa', funding: 'credit', behaviour: { kind: 'always-authenticate' } },
  pm_card_authenticationRequiredOnSetup: { number: '4000002500003155', brand: 'visa', funding: 'credit', behaviour: { kind: 'authenticate-unless-set-up' } },
};

/** Incremental authorisation is offered for these brands only (see pm_card_amex above). */
export const INCREMENTAL_BRANDS: ReadonlySet<CardBrand> = new Set(['visa', 'mastercard', 'discover']);

export function testCardByNumber(number: string): TestCard | undefined {
  return Object.values(TEST_PAYMENT_METHODS).find((card) => card.number === number);
}
