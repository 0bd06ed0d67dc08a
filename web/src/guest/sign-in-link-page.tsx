import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useGuest } from './i18n';
import { guestSession } from '../lib/sessions';
import { ErrorAlert, Loading } from '../ui/feedback';
import { Page } from '../ui/layout';
import { GuestTopbar } from './guest-topbar';

/**
 * `/s#<code>`: the personal link from the hotel's email or SMS. The code sits in the fragment,
 * which never reaches a server or a log; it is exchanged by POST for a guest token, and the
 * fragment leaves the address bar with the redirect to /stay.
 */
export function SignInLinkPage() {
  const { m, property } = useGuest();
  const navigate = useNavigate();
  const code = window.location.hash.slice(1);
  const exchange = useMutation({
    mutationFn: (linkCode: string) => unwrap(api.POST('/api/v1/stays/sign-in-link', { body: { code: linkCode } })),
    onSuccess: (result) => {
      guestSession.set({ token: result.token, expiresAt: result.expiresAt });
      navigate('/stay', { replace: true });
    },
  });
  const { mutate } = exchange;

  // Links are reusable until they expire, so React's development double effect does no harm.
  useEffect(() => {
    if (code) mutate(code);
  }, [code, mutate]);

  if (!code) return <Navigate to="/" replace />;

  return (
    <Page title={m.guest.lookupTitle} site={property?.name} topbar={<GuestTopbar />} narrow>
      <div className="card">
        <h1>{m.guest.lookupTitle}</h1>
        {exchange.isError ? (
          <>
            <ErrorAlert error={exchange.error} message={m.guest.signInLinkFailed} />
            <Link to="/">{m.guest.signInLinkFallback}</Link>
          </>
        ) : (
          <Loading label={m.guest.signingIn} />
        )}
      </div>
    </Page>
  );
}
