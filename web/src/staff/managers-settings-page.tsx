import { useQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Alert, QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { useStaff } from './staff-context';
import { StaffTopbar } from './staff-layout';

/**
 * A property settings page for managers and admins: loads the settings (only for them, so other
 * roles are not sent to a 403) and hands them to the form, keyed by property so switching
 * property starts the form afresh; anyone else reads why there is nothing to edit.
 */
export function ManagersSettingsPage<T>(props: {
  title: string;
  managersOnly: string;
  queryKey: (propertyId: string) => QueryKey;
  load: (propertyId: string) => Promise<T>;
  children: (saved: T, propertyId: string) => ReactNode;
}) {
  const { me, propertyId } = useStaff();
  const allowed = me.role === 'admin' || me.role === 'manager';
  const settings = useQuery({ queryKey: props.queryKey(propertyId), queryFn: () => props.load(propertyId), enabled: allowed });
  return (
    <Page title={props.title} topbar={<StaffTopbar />}>
      <h1>{props.title}</h1>
      {allowed ? (
        <QueryState query={settings}>{(data) => props.children(data, propertyId)}</QueryState>
      ) : (
        <Alert kind="warning">
          <p>{props.managersOnly}</p>
        </Alert>
      )}
    </Page>
  );
}
