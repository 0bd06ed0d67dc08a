import { createBrowserRouter, Navigate } from 'react-router';
import { IntegrationsPage } from './admin/integrations-page';
import { StaffUsersPage } from './admin/staff-users-page';
import { LookupPage } from './guest/lookup-page';
import { SignInLinkPage } from './guest/sign-in-link-page';
import { StayPage } from './guest/stay-page';
import { LoginPage } from './staff/login-page';
import { RequestsPage } from './staff/requests-page';
import { StaffHome, StaffLayout } from './staff/staff-layout';
import { StayDetailPage } from './staff/stay-detail-page';
import { TipsPage } from './staff/tips-page';

/** The three areas: guest at /, staff console at /staff, admin at /staff/admin. */
export const router = createBrowserRouter([
  { path: '/', element: <LookupPage /> },
  { path: '/stay', element: <StayPage /> },
  { path: '/s', element: <SignInLinkPage /> },
  { path: '/staff/login', element: <LoginPage /> },
  {
    path: '/staff',
    element: <StaffLayout />,
    children: [
      { index: true, element: <StaffHome /> },
      { path: 'stays/:stayId', element: <StayDetailPage /> },
      { path: 'requests', element: <RequestsPage /> },
      { path: 'tips', element: <TipsPage /> },
      { path: 'admin', element: <IntegrationsPage /> },
      { path: 'admin/staff-users', element: <StaffUsersPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);
