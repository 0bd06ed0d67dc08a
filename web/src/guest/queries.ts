export const guestKeys = {
  all: ['guest'],
  stay: ['guest', 'stay'],
  folio: ['guest', 'folio'],
  payments: ['guest', 'payments'],
  categories: ['guest', 'request-categories'],
  requests: ['guest', 'requests'],
} as const;
