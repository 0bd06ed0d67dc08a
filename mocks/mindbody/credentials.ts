/**
 * Demo settings of the Mindbody mock. backend/.env.example carries the same values (MINDBODY_*),
 * and the mock accepts exactly these: the `Api-Key` header, the `SiteId` header, and the staff
 * user name and password that `POST /usertoken/issue` exchanges for a staff token.
 */
export const MINDBODY_MOCK_API_KEY = 'innkeeper-demo-mindbody-api-key';
/** Mindbody's sandbox site id is -99; the mock serves that one site. */
export const MINDBODY_MOCK_SITE_ID = '-99';
export const MINDBODY_MOCK_USERNAME = 'innkeeper-spa-desk';
export const MINDBODY_MOCK_PASSWORD = 'mindbody-demo-password';
/** The spa's location at the demo site (alpine's spa). */
export const MINDBODY_MOCK_LOCATION_ID = '1';

export const mindbodyDefaultPort = 4113;
