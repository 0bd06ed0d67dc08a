/**
 * Demo settings of the Textract mock. backend/.env.example carries the same values, and the mock
 * accepts exactly these: requests must be SigV4-signed with this key pair for this region and the
 * `textract` service, or they get AWS's authentication errors (README.md, "Authentication").
 */
// Not shaped like a real AWS key id (AKIA...), so secret scanners do not take the demo value for a leak.
export const TEXTRACT_MOCK_ACCESS_KEY_ID = 'INNKEEPERMOCKKEYID01';
export const TEXTRACT_MOCK_SECRET_ACCESS_KEY = 'innkeeperMockSecretAccessKey000000000001';
export const TEXTRACT_MOCK_REGION = 'us-east-1';
/** The signing name in the credential scope, as the SDK derives it from the service model. */
export const TEXTRACT_SIGNING_NAME = 'textract';

export const textractDefaultPort = 4109;
