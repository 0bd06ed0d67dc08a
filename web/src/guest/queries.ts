export const guestKeys = {
  all: ['guest'],
  stay: ['guest', 'stay'],
  folio: ['guest', 'folio'],
  categories: ['guest', 'request-categories'],
  requests: ['guest', 'requests'],
} as const;
