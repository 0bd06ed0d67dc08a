/**
 * NOTIFY channels shared by layers that must not import each other: the admin module writes on
 * them, integrations listen. Payloads are small ids (DESIGN §4).
 */

/** A property's integration settings changed; payload `<propertyId>:<kind>`. */
export const INTEGRATION_SETTINGS_CHANNEL = 'integration_settings_changed';
