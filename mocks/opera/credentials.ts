/**
 * The one OHIP application and enterprise the mock accepts. Exported so tests and
 * backend/.env.example can use the same values; they are demo values, not secrets.
 */
export const OPERA_DEMO_CLIENT_ID = 'innkeeper-demo';
export const OPERA_DEMO_CLIENT_SECRET = 'opera-demo-secret';
/** A UUID v4, as the spec's `x-app-key` pattern requires. */
export const OPERA_DEMO_APP_KEY = '8c1f2a9e-3b7d-4c55-9a61-2f0e7d4b1a01';
/** 1-8 characters of `[A-Z0-9]`, as the oauth spec's `enterpriseId` header requires. */
export const OPERA_DEMO_ENTERPRISE_ID = 'INNKDEMO';
/** The fixed client-credentials scope OHIP documents. */
export const OPERA_SCOPE = 'urn:opc:hgbu:ws:__myscopes__';
/** OPERA hotel codes of the demo properties in mocks/shared/demo-stays.ts. */
export const OPERA_HOTEL_IDS = { harbour: 'HARBOUR', alpine: 'ALPINE' } as const;
