export const guestKeys = {
  all: ['guest'],
  stay: ['guest', 'stay'],
  folio: ['guest', 'folio'],
  key: ['guest', 'key'],
  payments: ['guest', 'payments'],
  tipOptions: ['guest', 'tip-options'],
  categories: (language: string) => ['guest', 'request-categories', language],
  requests: ['guest', 'requests'],
  hotelInformation: (language: string) => ['guest', 'hotel-information', language],
  checkInAll: ['guest', 'check-in'],
  checkIn: (language: string) => ['guest', 'check-in', language],
  concierge: ['guest', 'concierge'],
  spaCatalog: (language: string) => ['guest', 'spa', 'treatments', language],
  spaAvailability: (treatmentId: string, date: string) => ['guest', 'spa', 'availability', treatmentId, date],
  spaBookings: ['guest', 'spa', 'bookings'],
} as const;

/** A hotel's public profile; kept on sign-out, since it is the same for everyone. */
export const propertyKey = (code: string | null) => ['property', code] as const;
