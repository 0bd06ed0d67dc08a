/**
 * Every event type the realtime streams carry, in one list: the API publishes only these (the type
 * of `publishEvent`'s input), and the web app listens for each of them by name, as an EventSource
 * must (web/src/lib/live-events.ts imports this list). Each one but `concierge.delta` only says
 * "something changed, refetch".
 */
export const REALTIME_EVENT_TYPES = [
  'resync',
  'request.created',
  'request.acknowledged',
  'request.assigned',
  'request.started',
  'request.completed',
  'request.cancelled',
  'request.note_added',
  'request.overdue',
  'payment.recorded',
  'payment.refund_recorded',
  'payment.posted',
  'payment.refused',
  'payment.card_succeeded',
  'payment.card_requires_action',
  'payment.card_failed',
  'hold.updated',
  'card.saved',
  'stay.checked_in',
  'stay.checked_out',
  'stay.room_ready',
  'stay.room_moved',
  'stay.late_check_out',
  'check_in.updated',
  'key.updated',
  'key.attention',
  'spa.booked',
  'spa.booking_failed',
  'spa.cancelled',
  'spa.no_show',
  'spa.arrived',
  'spa.charge_posted',
  'spa.charge_refused',
  'concierge.message',
  'concierge.person_joined',
  'concierge.proposal',
  'concierge.draft',
  'concierge.updated',
  'concierge.alert',
  // Transient: a piece of an answer while it streams (no id, never replayed).
  'concierge.delta',
] as const;

export type RealtimeEventType = (typeof REALTIME_EVENT_TYPES)[number];
