/**
 * Demo settings of the OpenKey mock. backend/.env.example carries the same values, and the mock
 * accepts exactly these: HTTP Basic with this username and password, for this hotel id.
 */
export const OPENKEY_MOCK_USERNAME = 'innkeeper-demo';
export const OPENKEY_MOCK_PASSWORD = 'openkey-demo-password';
/** OpenKey's numeric hotel id of the demo property (harbour). */
export const OPENKEY_MOCK_HOTEL_ID = '77';

export const openkeyDefaultPort = 4114;
