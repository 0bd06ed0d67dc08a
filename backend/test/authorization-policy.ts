import { STAFF_ROLES, type Identity, type StaffRoleName, type SweepTargets } from './sweep-identities.js';

/**
 * Who may call each operation of the API: the one table the authorization sweep
 * (src/http/authorization-sweep.int.test.ts) checks every route against. Every operation in
 * /openapi.json must have an entry, so no route ships without an owner check.
 *
 * Paths name harbour's objects (see SweepTargets). `allow` lists the identities that get past the
 * access checks; every other identity must get 401, 403 or 404. An entry has several cases when
 * the same operation serves different callers in different ways (tickets for staff and guests).
 * `body` makes the call reach the service, where scope checks such as departments live.
 */
export interface PolicyCase {
  allow: readonly Identity[];
  query?: string;
  body?: (targets: SweepTargets) => object;
  /** Request headers the operation requires besides the token (an Idempotency-Key). */
  headers?: Record<string, string>;
  /** Other objects for the path's parameters than the sweep's usual ones. */
  targets?: (targets: SweepTargets) => Partial<SweepTargets>;
  /** Statuses that count as a refusal in this case, when not the usual 401, 403 or 404. */
  refusedWith?: readonly number[];
}

const EVERYONE: readonly Identity[] = [
  'anonymous',
  'garbage',
  'guest',
  'guest-same-property',
  'guest-other-property',
  'admin@all',
  ...STAFF_ROLES.flatMap((role) => [`${role}@harbour`, `${role}@alpine`] as const),
];
/** Any guest token: guest routes act on the token's own stay only. */
const ANY_GUEST: readonly Identity[] = ['guest', 'guest-same-property', 'guest-other-property'];
/** Only the guest whose stay owns the object in the path. */
const THIS_GUEST: readonly Identity[] = ['guest'];
const ANY_STAFF: readonly Identity[] = ['admin@all', ...STAFF_ROLES.flatMap((role) => [`${role}@harbour`, `${role}@alpine`] as const)];

/** These roles at harbour, and the admin of every property when admins are among them. */
function harbour(...roles: StaffRoleName[]): readonly Identity[] {
  return [...roles.map((role) => `${role}@harbour` as const), ...(roles.includes('admin') ? (['admin@all'] as const) : [])];
}

const FRONT_OFFICE = harbour('admin', 'manager', 'front_desk');
/** Who answers guests' chats. */
const CHAT_STAFF = harbour('admin', 'manager', 'front_desk', 'concierge');
/** The sweep's request is a housekeeping one: the roles whose queues include housekeeping. */
const HOUSEKEEPING_QUEUE = harbour('admin', 'manager', 'housekeeping');
/** Accounts in reach are those whose every property is the admin's (the target works at harbour only). */
const STAFF_ADMINS: readonly Identity[] = harbour('admin');

let created = 0;

export const authorizationPolicy: Record<string, readonly PolicyCase[]> = {
  'GET /health': [{ allow: EVERYONE }],
  'POST /api/v1/auth/staff/login': [{ allow: EVERYONE }],
  'GET /api/v1/staff/me': [{ allow: ANY_STAFF }],
  // Last for every identity: it ends the session the other calls use.
  'POST /api/v1/auth/staff/logout': [{ allow: ANY_STAFF }],

  'POST /api/v1/stays/lookup': [{ allow: EVERYONE }],
  'GET /api/v1/stays/lookup': [{ allow: EVERYONE }],
  // The code in the body is the credential; without one everybody gets the same 400.
  'POST /api/v1/stays/sign-in-link': [{ allow: EVERYONE }],
  'GET /api/v1/stay': [{ allow: ANY_GUEST }],
  'GET /api/v1/stay/folio': [{ allow: ANY_GUEST }],
  'PATCH /api/v1/stay/guest': [{ allow: ANY_GUEST }],
  'PUT /api/v1/stay/guest/language': [{ allow: ANY_GUEST, body: () => ({ language: 'en' }) }],
  'GET /api/v1/stay/hotel-information': [{ allow: ANY_GUEST }],
  // Public by design: a hotel's name, logo, default language, country and time zone, nothing else.
  'GET /api/v1/properties/{code}/public': [{ allow: EVERYONE }],
  'GET /api/v1/stay/request-categories': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/requests': [{ allow: ANY_GUEST }],
  'GET /api/v1/stay/requests': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/requests/{requestId}/cancel': [{ allow: THIS_GUEST }],

  'GET /api/v1/staff/properties/{propertyId}/stays': [{ allow: harbour('admin', 'manager', 'front_desk', 'concierge') }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/rooms': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-out': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/room-move': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/late-check-out': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/notifications': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/revoke-guest-access': [{ allow: FRONT_OFFICE }],
  // One key for every caller: the first allowed one records a cash payment, the others get it back.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/payments': [
    { allow: FRONT_OFFICE, headers: { 'idempotency-key': 'sweep-payment-0001' }, body: () => ({ amountMinor: 100, currency: 'EUR', method: 'cash' }) },
  ],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/payments': [{ allow: FRONT_OFFICE }],
  // No payment in the path: allowed callers reach validation (400); only 401/403 refuse.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/payments/{paymentId}/refunds': [
    { allow: FRONT_OFFICE, headers: { 'idempotency-key': 'sweep-refund-0001' }, body: () => ({ amountMinor: 100, reason: 'sweep' }), refusedWith: [401, 403] },
  ],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/holds': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/key': [{ allow: FRONT_OFFICE }],
  // The stay is not checked in (or harbour's key provider is not configured in tests): allowed callers get 409 or 503.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/key/reissue': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/key/revoke': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/keys/attention': [{ allow: FRONT_OFFICE }],
  // No card on file: allowed callers get 422 from the service.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/holds': [{ allow: FRONT_OFFICE, body: () => ({}) }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/card-charges': [
    { allow: FRONT_OFFICE, headers: { 'idempotency-key': 'sweep-charge-0001' }, body: () => ({ amountMinor: 100, currency: 'EUR', note: 'sweep' }) },
  ],
  // No hold in the path: allowed callers reach validation (400); a 404 would be theirs too, so only 401/403 refuse.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/holds/{holdId}/capture': [{ allow: FRONT_OFFICE, refusedWith: [401, 403] }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/holds/{holdId}/release': [{ allow: FRONT_OFFICE, refusedWith: [401, 403] }],

  'GET /api/v1/stay/key': [{ allow: ANY_GUEST }],
  // No key to share yet (or no provider configured): allowed guests get 409 or 503.
  'POST /api/v1/stay/key/share': [{ allow: ANY_GUEST, body: () => ({ lastName: 'Sweep', phone: '+351912345679' }) }],
  'POST /api/v1/stay/payments/card-setup': [{ allow: ANY_GUEST }],
  // An unknown setup is the guest's own 404: only 401/403 refuse.
  'POST /api/v1/stay/payments/card-setup/complete': [{ allow: ANY_GUEST, body: () => ({ setupId: 'seti_sweep' }), refusedWith: [401, 403] }],
  'GET /api/v1/stay/payments': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/payments': [{ allow: ANY_GUEST, headers: { 'idempotency-key': 'sweep-guest-pay-01' }, body: () => ({ amountMinor: 100, currency: 'EUR' }) }],
  // The token's own stay (no stay in the path); the sweep's guests are not leaving yet, so the allowed answer is 409 and nobody is checked out.
  'POST /api/v1/stay/check-out': [{ allow: ANY_GUEST }],
  // Public: the signature is the authentication, so every caller without one gets the same 400.
  'POST /api/v1/webhooks/stripe/{propertyId}': [{ allow: EVERYONE }],

  // Online check-in: guests act on their token's own stay; the desk on a stay of its property.
  'GET /api/v1/stay/check-in': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/check-in/contact': [{ allow: ANY_GUEST, body: () => ({}) }],
  'POST /api/v1/stay/check-in/id': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/check-in/id/confirm': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/check-in/registration': [{ allow: ANY_GUEST }],
  // No card on file: allowed callers get 409.
  'POST /api/v1/stay/check-in/card': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/check-in/arrival': [{ allow: ANY_GUEST }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/contact': [{ allow: FRONT_OFFICE, body: () => ({}) }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id/confirm': [{ allow: FRONT_OFFICE }],
  // No ID read and no card signed for the sweep's stay: allowed callers get 404, so only 401/403 refuse.
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/id': [{ allow: FRONT_OFFICE, refusedWith: [401, 403] }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/registration': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/registration-card': [{ allow: FRONT_OFFICE, refusedWith: [401, 403] }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/card': [{ allow: FRONT_OFFICE }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/arrival': [{ allow: FRONT_OFFICE, body: () => ({}) }],
  // Nothing waits for review: allowed callers get 409.
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/check-in/review/approve': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/check-in/review-queue': [{ allow: FRONT_OFFICE }],
  'GET /api/v1/staff/properties/{propertyId}/check-in/arrivals': [{ allow: harbour('admin', 'manager', 'front_desk', 'concierge'), query: '?date=2026-01-01' }],
  'GET /api/v1/staff/properties/{propertyId}/check-in/settings': [{ allow: harbour('admin', 'manager') }],
  // The default settings again: the sweep changes nothing other tests rely on.
  'PUT /api/v1/staff/properties/{propertyId}/check-in/settings': [
    {
      allow: harbour('admin', 'manager'),
      body: () => ({ steps: ['contact', 'id', 'registration', 'card', 'arrival'], retentionDays: 30, idImagesStored: false, registrationCardKept: false, registrationTerms: {}, selfCheckIn: false }),
    },
  ],

  'GET /api/v1/staff/properties/{propertyId}/requests': [{ allow: harbour(...STAFF_ROLES) }],
  'GET /api/v1/staff/properties/{propertyId}/requests/{requestId}': [{ allow: HOUSEKEEPING_QUEUE }],
  'PATCH /api/v1/staff/properties/{propertyId}/requests/{requestId}': [{ allow: HOUSEKEEPING_QUEUE, body: () => ({ action: 'acknowledge' }) }],
  'POST /api/v1/staff/properties/{propertyId}/requests/{requestId}/notes': [{ allow: HOUSEKEEPING_QUEUE, body: () => ({ body: 'Sweep note' }) }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/requests': [{ allow: harbour(...STAFF_ROLES), body: () => ({ category: 'towels' }) }],
  'GET /api/v1/staff/properties/{propertyId}/request-categories': [{ allow: harbour(...STAFF_ROLES) }],
  // Names and roles of colleagues, for assigning: every role of the property, for the queues it sees.
  'GET /api/v1/staff/properties/{propertyId}/staff': [
    { allow: harbour(...STAFF_ROLES) },
    { allow: HOUSEKEEPING_QUEUE, query: '?department=housekeeping' },
  ],

  // The concierge chat: guests on their own stay's; the desk, concierge and managers on the property's.
  'GET /api/v1/stay/concierge': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/concierge/messages': [{ allow: ANY_GUEST, body: () => ({ text: 'Hello from the sweep', clientMessageId: 'sweep-message-0001' }) }],
  'POST /api/v1/stay/concierge/person': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/concierge/read': [{ allow: ANY_GUEST }],
  'POST /api/v1/stay/concierge/proposals/{proposalId}': [{ allow: THIS_GUEST, body: () => ({ decision: 'decline' }) }],
  'GET /api/v1/staff/properties/{propertyId}/concierge/conversations': [{ allow: CHAT_STAFF }],
  'GET /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}': [{ allow: CHAT_STAFF }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/concierge': [{ allow: CHAT_STAFF }],
  'POST /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/messages': [{ allow: CHAT_STAFF, body: () => ({ text: 'Sweep reply' }) }],
  'POST /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/takeover': [{ allow: CHAT_STAFF }],
  'POST /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/give-back': [{ allow: CHAT_STAFF }],
  'POST /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/read': [{ allow: CHAT_STAFF }],
  // The first allowed caller discards the draft; the others get 409.
  'POST /api/v1/staff/properties/{propertyId}/concierge/conversations/{conversationId}/drafts/{messageId}': [{ allow: CHAT_STAFF, body: () => ({ action: 'discard' }) }],
  'GET /api/v1/staff/properties/{propertyId}/concierge/settings': [{ allow: harbour('admin', 'manager') }],
  // The defaults again: the sweep changes nothing other tests rely on.
  'PUT /api/v1/staff/properties/{propertyId}/concierge/settings': [
    {
      allow: harbour('admin', 'manager'),
      body: () => ({ mode: 'auto', humanTopics: ['billing_dispute', 'complaint', 'medical', 'safety'], businessHours: null, alertThreshold: -0.5, maxAiMessagesPerStay: 60, maxCostMicroUsdPerStay: 500_000 }),
    },
  ],
  'GET /api/v1/staff/properties/{propertyId}/concierge/places': [{ allow: CHAT_STAFF }],
  'POST /api/v1/staff/properties/{propertyId}/concierge/places': [{ allow: harbour('admin', 'manager'), body: () => ({ name: 'Sweep bar', category: 'bar' }) }],
  'PATCH /api/v1/staff/properties/{propertyId}/concierge/places/{placeId}': [{ allow: harbour('admin', 'manager'), body: () => ({ hours: '18:00-02:00' }) }],
  // The first allowed caller removes the place; the others get its 404, so only 401/403 refuse.
  'DELETE /api/v1/staff/properties/{propertyId}/concierge/places/{placeId}': [{ allow: harbour('admin', 'manager'), refusedWith: [401, 403] }],

  'GET /api/v1/staff/properties/{propertyId}/hotel-information': [{ allow: harbour('admin', 'manager') }],
  'PUT /api/v1/staff/properties/{propertyId}/hotel-information': [
    { allow: harbour('admin', 'manager'), body: () => ({ defaultLanguage: 'en', country: 'PT', logoUrl: null, information: { en: { wifiNetwork: 'HarbourGuest' } } }) },
  ],

  'GET /api/v1/admin/properties/{propertyId}/integrations': [{ allow: harbour('admin', 'manager') }],
  'PUT /api/v1/admin/properties/{propertyId}/integrations/{kind}': [{ allow: harbour('admin'), body: () => ({ provider: 'mock', config: {} }) }],
  'POST /api/v1/admin/properties/{propertyId}/integrations/{kind}/test': [{ allow: harbour('admin') }],
  'GET /api/v1/admin/properties/{propertyId}/audit-log': [{ allow: harbour('admin') }],
  'GET /api/v1/admin/properties/{propertyId}/rooms': [{ allow: harbour('admin', 'manager') }],
  'PUT /api/v1/admin/properties/{propertyId}/rooms': [{ allow: harbour('admin'), body: () => ({ rooms: ['101', '102'] }) }],

  'GET /api/v1/admin/properties/{propertyId}/tip-rules': [{ allow: harbour('admin', 'manager') }],
  // The default rules again: the sweep changes nothing other tests rely on.
  'PUT /api/v1/admin/properties/{propertyId}/tip-rules': [
    { allow: harbour('admin', 'manager'), body: () => ({ tipsToStaff: true, departments: ['housekeeping', 'maintenance', 'front_desk', 'concierge', 'spa'], distribution: 'person' }) },
  ],
  'GET /api/v1/staff/properties/{propertyId}/tips/report': [{ allow: harbour('admin', 'manager'), query: '?from=2026-01-01&to=2026-01-31' }],
  'GET /api/v1/staff/properties/{propertyId}/tips/report/payroll.csv': [{ allow: harbour('admin', 'manager'), query: '?from=2026-01-01&to=2026-01-31' }],
  'GET /api/v1/stay/tip-options': [{ allow: ANY_GUEST }],
  'GET /api/v1/admin/properties/{propertyId}/payment-settings': [{ allow: harbour('admin', 'manager') }],
  // The defaults again: the sweep changes nothing other tests rely on.
  'PUT /api/v1/admin/properties/{propertyId}/payment-settings': [
    { allow: harbour('admin', 'manager'), body: () => ({ holdPerNightMinor: 5_000, holdDepositMinor: 10_000, deskPaymentMaxMinor: 1_000_000, refundFrontDeskMaxMinor: 10_000 }) },
  ],

  // Spa (the in-process spa double in tests). Guests act on their token's own stay.
  'GET /api/v1/stay/spa/treatments': [{ allow: ANY_GUEST }],
  'GET /api/v1/stay/spa/availability': [{ allow: ANY_GUEST, query: '?treatmentId=massage-60&date=2030-01-02' }],
  // A time long past the sweep: allowed guests get the 400 on the start time, so nothing is booked.
  'POST /api/v1/stay/spa/bookings': [
    { allow: ANY_GUEST, headers: { 'idempotency-key': 'sweep-spa-book-01' }, body: () => ({ treatmentId: 'massage-60', startsAt: '2020-01-02T10:00:00+00:00', payment: 'room' }), refusedWith: [401, 403] },
  ],
  'GET /api/v1/stay/spa/bookings': [{ allow: ANY_GUEST }],
  // No booking in the path: allowed guests get their own 404, so only 401/403 refuse.
  'POST /api/v1/stay/spa/bookings/{bookingId}/cancel': [{ allow: ANY_GUEST, refusedWith: [401, 403] }],
  'GET /api/v1/staff/properties/{propertyId}/spa/treatments': [{ allow: harbour('admin', 'manager', 'spa', 'front_desk') }],
  'GET /api/v1/staff/properties/{propertyId}/spa/availability': [{ allow: harbour('admin', 'manager', 'spa', 'front_desk'), query: '?treatmentId=massage-60&date=2030-01-02' }],
  'GET /api/v1/staff/properties/{propertyId}/spa/schedule': [{ allow: harbour('admin', 'manager', 'spa'), query: '?date=2030-01-02' }],
  'GET /api/v1/staff/properties/{propertyId}/stays/{stayId}/spa/bookings': [{ allow: harbour('admin', 'manager', 'spa', 'front_desk') }],
  'POST /api/v1/staff/properties/{propertyId}/stays/{stayId}/spa/bookings': [
    {
      allow: harbour('admin', 'manager', 'spa', 'front_desk'),
      headers: { 'idempotency-key': 'sweep-spa-desk-01' },
      body: () => ({ treatmentId: 'massage-60', startsAt: '2020-01-02T10:00:00+00:00', payment: 'room' }),
      refusedWith: [401, 403],
    },
  ],
  // No booking in the path: allowed callers get 404 (a booking of another property is theirs too), so only 401/403 refuse.
  'POST /api/v1/staff/properties/{propertyId}/spa/bookings/{bookingId}/arrived': [{ allow: harbour('admin', 'manager', 'spa'), refusedWith: [401, 403] }],
  'POST /api/v1/staff/properties/{propertyId}/spa/bookings/{bookingId}/no-show': [{ allow: harbour('admin', 'manager', 'spa'), refusedWith: [401, 403] }],
  'POST /api/v1/staff/properties/{propertyId}/spa/bookings/{bookingId}/cancel': [{ allow: harbour('admin', 'manager', 'spa'), refusedWith: [401, 403] }],
  'GET /api/v1/admin/properties/{propertyId}/spa-settings': [{ allow: harbour('admin', 'manager') }],
  // The defaults again: the sweep changes nothing other tests rely on.
  'PUT /api/v1/admin/properties/{propertyId}/spa-settings': [
    { allow: harbour('admin', 'manager'), body: () => ({ cancellationWindowHours: 24, lateCancelFeePercent: 50, noShowFeePercent: 100, roomChargeAllowed: true }) },
  ],

  'GET /api/v1/admin/staff-users': [{ allow: ['admin@all', 'admin@harbour', 'admin@alpine'] }],
  // Granting harbour: the alpine admin may create accounts, but not at harbour.
  'POST /api/v1/admin/staff-users': [{ allow: STAFF_ADMINS, body: ({ propertyUuid }) => ({ email: `sweep-new-${++created}@harbour.test`, name: 'New', role: 'spa', propertyIds: [propertyUuid], password: 'a-long-enough-password' }) }],
  'PATCH /api/v1/admin/staff-users/{staffId}': [
    { allow: STAFF_ADMINS, body: () => ({ name: 'Harbour Front Desk' }) },
    // Someone who also works at alpine is out of the harbour admin's reach, whatever the field.
    { allow: ['admin@all'], targets: ({ sharedStaffId }) => ({ staffId: sharedStaffId }), body: () => ({ password: 'taken-over-password' }) },
  ],

  'POST /api/v1/realtime/tickets': [
    { allow: harbour(...STAFF_ROLES), query: '?propertyId=harbour' },
    // A staff-looking token without a property is told to name one before its token is checked.
    { allow: ANY_GUEST, refusedWith: [400, 401] },
  ],
  // Streams open with a ticket, never a bearer token: a forged ticket is refused for everyone.
  'GET /api/v1/realtime/staff/{propertyId}/events': [{ allow: [], query: '?ticket=rtk_forged' }],
  'GET /api/v1/realtime/stay/events': [{ allow: [], query: '?ticket=rtk_forged' }],
};
