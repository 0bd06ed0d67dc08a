/**
 * Demo settings of the Alliants AXP mock. backend/.env.example carries the same values, and the
 * mock accepts exactly these: OAuth2 client credentials for a token, then that token with this
 * location id.
 */
export const ALLIANTS_MOCK_CLIENT_ID = 'innkeeper-demo';
export const ALLIANTS_MOCK_CLIENT_SECRET = 'alliants-demo-secret';
/** Alliants' location id of the demo property (alpine). */
export const ALLIANTS_MOCK_LOCATION_ID = 'loc_alpine';

export const alliantsDefaultPort = 4115;
