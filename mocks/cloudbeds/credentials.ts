/**
 * Demo credentials and per-property configuration of the Cloudbeds mock. The backend's
 * .env.example and the adapter's tests use these same values.
 *
 * Cloudbeds property-level API keys are bound to one property, so each demo property has its own
 * key. The mock accepts a key as `x-api-key` (v1.3) or as `Authorization: Bearer` (v1.3 and the
 * Accounting API).
 */
export const cloudbedsDemoProperties = {
  harbour: { propertyID: '310501', apiKey: 'cbat_demoHarbourView0000000000000001' },
  alpine: { propertyID: '310502', apiKey: 'cbat_demoAlpineLodge00000000000000002' },
} as const;

/**
 * Stable `appItemID`s for postCustomItem. Cloudbeds creates a custom item the first time it sees
 * an appItemID and reuses the first name and category it was sent with; the mock does the same.
 */
export const cloudbedsDemoItemIds = {
  spa: { appItemID: 'ik-spa', itemCategoryName: 'Spa' },
  tip: { appItemID: 'ik-tip', itemCategoryName: 'Gratuity' },
  food_beverage: { appItemID: 'ik-fnb', itemCategoryName: 'Food & Beverage' },
  minibar: { appItemID: 'ik-minibar', itemCategoryName: 'Minibar' },
  misc: { appItemID: 'ik-misc', itemCategoryName: 'Miscellaneous' },
} as const;

/** The custom payment method (as made by postCustomPaymentMethod) for payments Stripe captured. */
export const cloudbedsDemoPaymentType = 'stripe';

export const cloudbedsDefaultPort = 4103;
