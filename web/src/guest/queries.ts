export const guestKeys = {
  all: ['guest'],
  stay: ['guest', 'stay'],
  folio: ['guest', 'folio'],
  payments: ['guest', 'payments'],
  tipOptions: ['guest', 'tip-options'],
  categories: ['guest', 'request-categories'],
  requests: ['guest', 'requests'],
} as const;
