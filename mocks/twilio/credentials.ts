/** Demo account of the Twilio mock (the same values are in backend/.env.example). */
export const TWILIO_MOCK_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const TWILIO_MOCK_AUTH_TOKEN = 'twilio-mock-auth-token-0000000001';
/** The account's SMS-capable number. */
export const TWILIO_MOCK_FROM = '+15005550006';
/** Messaging Service of the account, usable instead of From. */
export const TWILIO_MOCK_MESSAGING_SERVICE_SID = 'MG00000000000000000000000000000001';

/**
 * Twilio's test-credential magic numbers, kept so adapters can drive the documented refusals:
 * https://www.twilio.com/docs/iam/test-credentials
 */
export const MAGIC_TO = {
  invalid: '+15005550001',
  unreachable: '+15005550002',
  notSmsCapable: '+15005550009',
  blocked: '+15005550004',
} as const;
