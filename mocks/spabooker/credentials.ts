/**
 * Demo settings of the SpaBooker mock. backend/.env.example carries the same values, and the mock
 * accepts exactly these: the subscription key on every call, OAuth2 client credentials for a token,
 * and this location id.
 */
export const SPABOOKER_MOCK_CLIENT_ID = 'innkeeper-demo';
export const SPABOOKER_MOCK_CLIENT_SECRET = 'spabooker-demo-secret';
/** Sent as `Ocp-Apim-Subscription-Key` on every call, the token call included. */
export const SPABOOKER_MOCK_SUBSCRIPTION_KEY = 'spabooker-demo-subscription-key';
/** SpaBooker's (Booker's) numeric location id of the demo spa (harbour). */
export const SPABOOKER_MOCK_LOCATION_ID = '30512';

export const spabookerDefaultPort = 4112;
