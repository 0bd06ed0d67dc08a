/**
 * Demo keys of the Stripe mock. backend/.env.example carries the same values, and the mock accepts
 * exactly these: the secret key for the API, the publishable key for the Stripe.js stand-in's
 * client-side calls, and the webhook secret it signs deliveries with (until a test sets another).
 */
export const STRIPE_MOCK_SECRET_KEY = 'sk_test_innkeeperMock000000000000000000000001';
export const STRIPE_MOCK_PUBLISHABLE_KEY = 'pk_test_innkeeperMock000000000000000000000001';
export const STRIPE_MOCK_WEBHOOK_SECRET = 'whsec_innkeeperMock00000000000000000000000001';

/** The account the mock answers as when no `Stripe-Account` header names a connected one. */
export const STRIPE_MOCK_ACCOUNT = 'acct_default';

/** The API version stripe-node 23 pins; webhook events carry it as `api_version`. */
export const STRIPE_MOCK_API_VERSION = '2026-10-28.endive';

export const stripeDefaultPort = 4107;
