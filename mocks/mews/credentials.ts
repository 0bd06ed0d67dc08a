/**
 * Demo credentials and configuration ids of the Mews Connector API mock. Literal values (not
 * generated at start-up) so tests, the backend's .env.example and the admin "test connection" can
 * all use the same strings. All values are invented.
 *
 * Mews authenticates in the JSON body: one ClientToken per integration, one AccessToken per
 * connected enterprise (property), plus a free-text `Client` ("Name Version").
 */
export const MEWS_CLIENT_TOKEN = 'E7A1C0DE5EED4B1D9C0FFEE000000001-INNKEEPERMOCKCLIENTTOKEN0000001';

/** Charge categories of the provider-neutral port (`ChargeCategory`), mapped to Mews accounting categories. */
export type MewsChargeCategory = 'spa' | 'tip' | 'food_beverage' | 'minibar' | 'misc';

export interface MewsDemoEnterprise {
  enterpriseId: string;
  chainId: string;
  accessToken: string;
  name: string;
  currency: 'EUR' | 'CHF';
  timeZone: string;
  /** The bookable stay service the reservations belong to. */
  stayServiceId: string;
  /** The "Additional" service to post ad-hoc charges to with `orders/add` (MewsConfig.chargeServiceId). */
  chargeServiceId: string;
  /** Food & beverage service the seeded minibar/restaurant orders belong to. */
  foodBeverageServiceId: string;
  /** Product that can be ordered with `ProductOrders` on the food & beverage service. */
  minibarProductId: string;
  accountingCategoryIds: Record<MewsChargeCategory | 'accommodation', string>;
  /** Tax code to send in `UnitAmount.TaxCodes` per category (enterprises are gross-priced). */
  taxCodes: Record<MewsChargeCategory | 'accommodation', string>;
  /** External payment type the backend should send for Stripe-captured payments. */
  externalPaymentType: 'Prepayment';
}

export const mewsDemoEnterprises = {
  harbour: {
    enterpriseId: '7d4a49b5-0339-4fb2-a349-fa4c3f50ca04',
    chainId: 'e8f118ce-d498-4aed-ae7f-0665568a7706',
    accessToken: '0BCE7DC462BB04FB2A349FA4C3F50CA0-HARBOURVIEWMOCKACCESSTOKEN0001',
    name: 'Harbour View Hotel',
    currency: 'EUR',
    timeZone: 'Europe/Lisbon',
    stayServiceId: '2f57bb37-62e7-4508-bfa9-f12494210bf8',
    chargeServiceId: 'e8d1e67e-b161-4f28-b0fa-f94fe4fcb9d3',
    foodBeverageServiceId: '23cdff1b-6a61-4dd0-8365-c985041e5e94',
    minibarProductId: '35d57a40-7dea-4ef2-a309-179ec561fbe6',
    accountingCategoryIds: {
      accommodation: '57214534-ee02-46bc-9931-90584e1140d0',
      spa: '891510d8-9018-49df-bace-fc6af9635abb',
      tip: '155e2bdb-9a33-4105-8af5-ba2c2dc5df7b',
      food_beverage: '5d9a039a-4a49-4b00-9aa2-b324cbd02d55',
      minibar: '0f867c96-b5b6-4795-aef8-e99f0cafb84d',
      misc: '6849af2e-b60a-4328-a9f8-2290b6b981ed',
    },
    taxCodes: { accommodation: 'PT-R', spa: 'PT-S', tip: 'PT-Z', food_beverage: 'PT-I', minibar: 'PT-S', misc: 'PT-S' },
    externalPaymentType: 'Prepayment',
  },
  alpine: {
    enterpriseId: '4e27f24c-9c8e-4fb5-ac0d-9424f17b114b',
    chainId: 'ed55b6f7-de2b-4554-ab54-f93b48e6769d',
    accessToken: '3481D74895F24535B0EA43209CC93925-ALPINELODGEMOCKACCESSTOKEN0001',
    name: 'Alpine Lodge',
    currency: 'CHF',
    timeZone: 'Europe/Zurich',
    stayServiceId: 'c97bf09e-b0cd-4653-801d-aec8af814d82',
    chargeServiceId: '52196d5d-eac1-4c8a-879b-1a52b43bb927',
    foodBeverageServiceId: '0619fcb0-1b6a-400e-aec4-b37be1aece14',
    minibarProductId: '5847d16a-a89b-4b72-8436-1876657f3fc5',
    accountingCategoryIds: {
      accommodation: 'ef4b77f7-3ecd-457a-8d03-ecfbb117da0a',
      spa: '6ed5a13c-881d-4256-8e41-a6d1d33ad9d3',
      tip: '38c373f5-a2d3-4cff-b089-9ad507af365e',
      food_beverage: 'fa38773e-c276-43e4-84a7-a2af5323380e',
      minibar: 'a3c5e0f1-7b2d-4e8a-9c61-2f4d8b7e1a05',
      misc: 'b8d2f4a6-1c3e-4f5a-8b7d-9e0a1c2b3d4f',
    },
    taxCodes: { accommodation: 'CH-A', spa: 'CH-S', tip: 'CH-Z', food_beverage: 'CH-S', minibar: 'CH-S', misc: 'CH-S' },
    externalPaymentType: 'Prepayment',
  },
} as const satisfies Record<'harbour' | 'alpine', MewsDemoEnterprise>;

/**
 * Tax rates behind the codes above (invented codes in Mews's "CC-X" style). Both demo enterprises
 * are gross-priced, so amount parameters must carry `GrossValue` and exactly one tax code.
 */
export const mewsTaxRates: Readonly<Record<string, number>> = {
  'PT-S': 0.23,
  'PT-I': 0.13,
  'PT-R': 0.06,
  'PT-Z': 0,
  'CH-S': 0.081,
  'CH-A': 0.038,
  'CH-R': 0.026,
  'CH-Z': 0,
};

/** External payment types each demo enterprise has enabled (Mews rejects the others). */
export const mewsEnabledExternalPaymentTypes = ['Prepayment', 'Cash', 'WireTransfer', 'Unspecified'] as const;
