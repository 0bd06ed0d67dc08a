import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { api } from '../api/client';
import { t } from '../i18n';
import { staffSession } from '../lib/sessions';
import { ErrorAlert, Loading } from '../ui/feedback';
import { Page } from '../ui/layout';
import { canManageTips, canSeeStays, canWorkSpa, StaffContext, staffKeys, useMe, usePropertyOptions, useSelectedProperty, useStaff } from './staff-context';
import { StaysPage } from './stays-page';

/** Set by the sign-out button until the next session starts. */
let signingOut = false;

/** Every /staff page but the login: requires a session and provides the user and chosen property. */
export function StaffLayout() {
  const session = staffSession.use();
  const location = useLocation();
  const me = useMe();
  const properties = usePropertyOptions(me.data);
  const [propertyId, selectProperty] = useSelectedProperty(me.data?.propertyIds ?? []);

  if (session) signingOut = false;
  // After an expired session the sign-in page returns to where the user was; after a sign-out it
  // does not, or the next person to sign in would land on the previous user's page.
  if (!session) return <Navigate to="/staff/login" replace state={signingOut ? undefined : { from: location.pathname + location.search }} />;
  if (me.isPending || me.error || !me.data || !propertyId) {
    return (
      <Page title={t.staff.consoleTitle} topbar={<span className="brand">{t.staff.consoleTitle}</span>}>
        {me.error ? <ErrorAlert error={me.error} onRetry={() => void me.refetch()} /> : <Loading />}
      </Page>
    );
  }
  return (
    <StaffContext.Provider value={{ me: me.data, properties, propertyId, selectProperty }}>
      <Outlet />
    </StaffContext.Provider>
  );
}

/**
 * The staff header. On a desk it is one row; on a phone the brand and a Menu button are the row,
 * and the menu (pages, property, user, sign-out) opens below it. Each page renders its own top
 * bar, so the menu starts closed after every navigation.
 */
export function StaffTopbar() {
  const { me, properties, propertyId, selectProperty } = useStaff();
  const queryClient = useQueryClient();
  const switcherId = useId();
  const menuId = useId();
  const [open, setOpen] = useState(false);

  const signOut = async () => {
    // Revoke the token on the server; the local session ends either way.
    await api.POST('/api/v1/auth/staff/logout').catch(() => undefined);
    signingOut = true;
    staffSession.clear();
    queryClient.removeQueries({ queryKey: staffKeys.all });
  };

  const isManager = canManageTips(me);
  const settingsMenu = useRef<HTMLDetailsElement>(null);
  return (
    <>
      <span className="brand">{t.staff.consoleTitle}</span>
      <button type="button" className="button menu-toggle" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        {t.staff.menu}
      </button>
      <div id={menuId} className="menu" data-open={open}>
        <nav aria-label={t.staff.consoleTitle}>
          {canSeeStays(me) && (
            <NavLink to="/staff" end>
              {t.staff.navStays}
            </NavLink>
          )}
          <NavLink to="/staff/requests">{t.staff.navRequests}</NavLink>
          {canSeeStays(me) && <NavLink to="/staff/inbox">{t.inbox.nav}</NavLink>}
          {(me.role === 'admin' || me.role === 'manager' || me.role === 'front_desk') && <NavLink to="/staff/check-in-review">{t.deskCheckIn.nav}</NavLink>}
          {canWorkSpa(me) && <NavLink to="/staff/spa">{t.spaDesk.nav}</NavLink>}
          {isManager && (
            <details className="nav-more" ref={settingsMenu}>
              <summary>{t.staff.navSettings}</summary>
              {/* Closing it on a choice: the header stays mounted across pages. */}
              <div onClick={() => settingsMenu.current?.removeAttribute('open')}>
                <NavLink to="/staff/tips">{t.staff.navTips}</NavLink>
                <NavLink to="/staff/check-in-settings">{t.checkInSettings.nav}</NavLink>
                <NavLink to="/staff/hotel-information">{t.hotelInformation.nav}</NavLink>
                <NavLink to="/staff/concierge-settings">{t.conciergeSettings.nav}</NavLink>
                <NavLink to="/staff/spa-settings">{t.spaDesk.settingsNav}</NavLink>
                {me.role === 'admin' && (
                  <>
                    <NavLink to="/staff/admin" end>
                      {t.staff.navIntegrations}
                    </NavLink>
                    <NavLink to="/staff/admin/staff-users">{t.staff.navStaffUsers}</NavLink>
                    <NavLink to="/staff/admin/audit-log">{t.staff.navAuditLog}</NavLink>
                  </>
                )}
              </div>
            </details>
          )}
        </nav>
        <label htmlFor={switcherId} className="visually-hidden">
          {t.staff.property}
        </label>
        <select id={switcherId} value={propertyId} onChange={(event) => selectProperty(event.target.value)}>
          {properties.map((property) => (
            <option key={property.id} value={property.id}>
              {property.label}
            </option>
          ))}
        </select>
        <span>{me.name}</span>
        <button type="button" className="button" onClick={() => void signOut()}>
          {t.signOut}
        </button>
      </div>
    </>
  );
}

/** The console's start page: the day's stays; for the spa team the spa's day; for other roles the request queue. */
export function StaffHome() {
  const { me } = useStaff();
  if (canSeeStays(me)) return <StaysPage />;
  return <Navigate to={me.role === 'spa' ? '/staff/spa' : '/staff/requests'} replace />;
}
