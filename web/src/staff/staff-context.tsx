import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, unwrap, type StaffUser } from '../api/client';
import { t } from '../i18n';
import { staffProperty, staffSession } from '../lib/sessions';

export const staffKeys = {
  all: ['staff'],
  me: ['staff', 'me'],
  stays: (propertyId: string, date: string, status: string, q: string) => ['staff', 'stays', propertyId, date, status, q],
  stay: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId],
  /** Under the stay's key: whatever refreshes the stay refreshes its payments. */
  payments: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'payments'],
  holds: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'holds'],
  key: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'key'],
  checkInRooms: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'rooms'],
  staySpaBookings: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'spa-bookings'],
  propertyRooms: (propertyId: string) => ['staff', 'property-rooms', propertyId],
  integrations: (propertyId: string) => ['staff', 'integrations', propertyId],
  staffUsers: ['staff', 'staff-users'],
  /** Every request list of the property (each filter is a key below this one). */
  requests: (propertyId: string) => ['staff', 'requests', propertyId],
  requestList: (propertyId: string, filters: Record<string, string>) => ['staff', 'requests', propertyId, filters],
  request: (propertyId: string, requestId: string) => ['staff', 'requests', propertyId, 'detail', requestId],
  stayRequests: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'requests'],
  stayChat: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'chat'],
  stayNotifications: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'notifications'],
  assignees: (propertyId: string, department: string) => ['staff', 'assignees', propertyId, department],
  categories: (propertyId: string) => ['staff', 'categories', propertyId],
  tipRules: (propertyId: string) => ['staff', 'tip-rules', propertyId],
  paymentSettings: (propertyId: string) => ['staff', 'payment-settings', propertyId],
  /** Every period's report of the property (the period is a key below this one). */
  tipReports: (propertyId: string) => ['staff', 'tip-reports', propertyId],
  hotelInformation: (propertyId: string) => ['staff', 'hotel-information', propertyId],
  /** Under the stay's key: whatever refreshes the stay refreshes its check-in. */
  checkIn: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId, 'check-in'],
  checkInArrivals: (propertyId: string, date: string) => ['staff', 'check-in-arrivals', propertyId, date],
  reviewQueue: (propertyId: string) => ['staff', 'review-queue', propertyId],
  checkInSettings: (propertyId: string) => ['staff', 'check-in-settings', propertyId],
  auditLog: (propertyId: string, filters: Record<string, string>) => ['staff', 'audit-log', propertyId, filters],
  keysAttention: (propertyId: string) => ['staff', 'keys-attention', propertyId],
  /** Every chat list and chat of the property (a concierge event refreshes them all). */
  concierge: (propertyId: string) => ['staff', 'concierge', propertyId],
  inbox: (propertyId: string, filter: string) => ['staff', 'concierge', propertyId, 'inbox', filter],
  conversation: (propertyId: string, conversationId: string) => ['staff', 'concierge', propertyId, 'chat', conversationId],
  conciergeSettings: (propertyId: string) => ['staff', 'concierge-settings', propertyId],
  places: (propertyId: string) => ['staff', 'concierge-places', propertyId],
  /** Every day's spa schedule of the property (the day is a key below this one). */
  spaSchedules: (propertyId: string) => ['staff', 'spa-schedule', propertyId],
  spaSchedule: (propertyId: string, date: string) => ['staff', 'spa-schedule', propertyId, date],
  spaSettings: (propertyId: string) => ['staff', 'spa-settings', propertyId],
  spaCatalog: (propertyId: string) => ['staff', 'spa-treatments', propertyId],
  spaAvailability: (propertyId: string, treatmentId: string, date: string) => ['staff', 'spa-availability', propertyId, treatmentId, date],
} as const;

/**
 * The property's staff event stream, for useLiveEvents: a ticket bought with the staff token, then
 * the stream's URL. With a stay, that stay's events only, of every department for the front office.
 */
export const staffStream = (propertyId: string, stayId?: string) => ({
  ticket: async () => (await unwrap(api.POST('/api/v1/realtime/tickets', { params: { query: { propertyId, ...(stayId && { stayId }) } } }))).ticket,
  url: (ticket: string, lastEventId: string | undefined) =>
    `/api/v1/realtime/staff/${encodeURIComponent(propertyId)}/events?${new URLSearchParams({ ticket, ...(lastEventId && { lastEventId }) })}`,
});

/** Roles the stays routes admit (arrivals, in house, departures); the same roles answer guests' chats. */
const STAY_ROLES = ['admin', 'manager', 'front_desk', 'concierge'];
export const canSeeStays = (me: StaffUser) => STAY_ROLES.includes(me.role);

/** Roles the mobile-key routes admit (a stay's keys, the keys needing attention). */
export const canHandleKeys = (me: StaffUser) => ['admin', 'manager', 'front_desk'].includes(me.role);

/** Roles the spa's day schedule admits. */
export const canWorkSpa = (me: StaffUser) => ['admin', 'manager', 'spa'].includes(me.role);

/** Roles that book a treatment for a guest (the spa team, and the front desk at the desk). */
export const canBookSpa = (me: StaffUser) => ['admin', 'manager', 'spa', 'front_desk'].includes(me.role);

/** Roles the tip rules and report routes admit. */
export const canManageTips = (me: StaffUser) => me.role === 'admin' || me.role === 'manager';

export interface PropertyOption {
  id: string;
  label: string;
}

export interface StaffContextValue {
  me: StaffUser;
  properties: PropertyOption[];
  propertyId: string;
  selectProperty(id: string): void;
}

export const StaffContext = createContext<StaffContextValue | null>(null);

export function useStaff(): StaffContextValue {
  const value = useContext(StaffContext);
  if (!value) throw new Error('useStaff outside the staff console');
  return value;
}

export function useMe() {
  const session = staffSession.use();
  return useQuery({ queryKey: staffKeys.me, queryFn: () => unwrap(api.GET('/api/v1/staff/me')), enabled: !!session });
}

/** The properties the signed-in staff user may work at, for the property switcher. */
export function usePropertyOptions(me: StaffUser | undefined): PropertyOption[] {
  return (me?.properties ?? []).map((property) => ({ id: property.id, label: property.name }));
}

export function useSelectedProperty(ids: string[]): [string | undefined, (id: string) => void] {
  const stored = staffProperty.use();
  const selected = stored && ids.includes(stored) ? stored : ids[0];
  return [selected, (id: string) => staffProperty.set(id)];
}
