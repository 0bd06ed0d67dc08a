import { createBrowserRouter } from 'react-router';
import { AuditLogPage } from './admin/audit-log-page';
import { IntegrationsPage } from './admin/integrations-page';
import { StaffUsersPage } from './admin/staff-users-page';
import { GuestArea } from './guest/guest-area';
import { LookupPage } from './guest/lookup-page';
import { NotFoundPage } from './guest/not-found-page';
import { SignInLinkPage } from './guest/sign-in-link-page';
import { StayPage } from './guest/stay-page';
import { CheckInSettingsPage } from './staff/check-in-settings-page';
import { ConciergeSettingsPage } from './staff/concierge-settings-page';
import { HotelInformationPage } from './staff/hotel-information-page';
import { KeysAttentionPage } from './staff/keys-attention-page';
import { InboxPage } from './staff/inbox-page';
import { LoginPage } from './staff/login-page';
import { RequestsPage } from './staff/requests-page';
import { ReviewQueuePage } from './staff/review-queue-page';
import { SpaSchedulePage } from './staff/spa-schedule-page';
import { SpaSettingsPage } from './staff/spa-settings-page';
import { StaffHome, StaffLayout } from './staff/staff-layout';
import { StayDetailPage } from './staff/stay-detail-page';
import { TipsPage } from './staff/tips-page';

/** The three areas: guest at /, staff console at /staff, admin at /staff/admin. */
export const router = createBrowserRouter([
  {
    element: <GuestArea />,
    children: [
      { path: '/', element: <LookupPage /> },
      { path: '/stay', element: <StayPage /> },
      { path: '/s', element: <SignInLinkPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '/staff/login', element: <LoginPage /> },
  {
    path: '/staff',
    element: <StaffLayout />,
    children: [
      { index: true, element: <StaffHome /> },
      { path: 'stays/:stayId', element: <StayDetailPage /> },
      { path: 'requests', element: <RequestsPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'check-in-review', element: <ReviewQueuePage /> },
      { path: 'keys-attention', element: <KeysAttentionPage /> },
      { path: 'check-in-settings', element: <CheckInSettingsPage /> },
      { path: 'tips', element: <TipsPage /> },
      { path: 'spa', element: <SpaSchedulePage /> },
      { path: 'spa-settings', element: <SpaSettingsPage /> },
      { path: 'admin', element: <IntegrationsPage /> },
      { path: 'admin/staff-users', element: <StaffUsersPage /> },
      { path: 'admin/audit-log', element: <AuditLogPage /> },
      { path: 'hotel-information', element: <HotelInformationPage /> },
      { path: 'concierge-settings', element: <ConciergeSettingsPage /> },
    ],
  },
]);
