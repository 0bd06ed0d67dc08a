import { useQueries, useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, unwrap, type StaffUser } from '../api/client';
import { t } from '../i18n';
import { staffProperty, staffSession } from '../lib/sessions';

export const staffKeys = {
  all: ['staff'],
  me: ['staff', 'me'],
  stays: (propertyId: string, date: string, status: string) => ['staff', 'stays', propertyId, date, status],
  stay: (propertyId: string, stayId: string) => ['staff', 'stay', propertyId, stayId],
  integrations: (propertyId: string) => ['staff', 'integrations', propertyId],
  requests: (propertyId: string) => ['staff', 'requests', propertyId],
} as const;

/** Roles the stays routes admit (arrivals, in house, departures). */
const STAY_ROLES = ['admin', 'manager', 'front_desk', 'concierge'];
export const canSeeStays = (me: StaffUser) => STAY_ROLES.includes(me.role);

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

/**
 * `/staff/me` gives property ids only, so names come from each property's stay list of today
 * (every stay carries its property); a property without stays today keeps a numbered label.
 */
export function usePropertyOptions(me: StaffUser | undefined): PropertyOption[] {
  const ids = me && canSeeStays(me) ? me.propertyIds : [];
  const lists = useQueries({
    queries: ids.map((propertyId) => ({
      queryKey: ['staff', 'property-name', propertyId],
      queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/stays', { params: { path: { propertyId } } })),
      staleTime: Infinity,
      retry: false,
    })),
  });
  return (me?.propertyIds ?? []).map((id, index) => ({
    id,
    label: lists[index]?.data?.stays[0]?.property.name ?? t.staff.propertyFallback(index + 1),
  }));
}

export function useSelectedProperty(ids: string[]): [string | undefined, (id: string) => void] {
  const stored = staffProperty.use();
  const selected = stored && ids.includes(stored) ? stored : ids[0];
  return [selected, (id: string) => staffProperty.set(id)];
}
