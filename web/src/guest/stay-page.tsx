import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useGuest } from './i18n';
import { formatDateTime } from '../lib/format';
import { guestSession } from '../lib/sessions';
import { Alert, QueryState } from '../ui/feedback';
import { Page } from '../ui/layout';
import { FolioLines, StayFacts } from '../ui/stay-facts';
import { ContactForm } from './contact-form';
import { CheckOutInvitation, ExpressCheckout, expressCheckoutOpen } from './express-checkout';
import { GuestTopbar } from './guest-topbar';
import { HotelInformationSection } from './hotel-information-section';
import { KeySection } from './key-section';
import { PaymentSection } from './payment-section';
import { RequestsSection } from './requests-section';
import { SpaSection } from './spa-section';
import { CheckInSection } from './check-in-section';
import { ConciergeSection } from './concierge-section';
import { useStayEvents } from './stay-events';
import { guestKeys } from './queries';

export function StayPage() {
  const { m, property } = useGuest();
  const session = guestSession.use();
  const stay = useQuery({ queryKey: guestKeys.stay, queryFn: () => unwrap(api.GET('/api/v1/stay')), enabled: !!session });
  const folio = useQuery({ queryKey: guestKeys.folio, queryFn: () => unwrap(api.GET('/api/v1/stay/folio')), enabled: !!session });

  const [checkingOut, setCheckingOut] = useState(false);
  const live = useStayEvents();

  if (!session) return <Navigate to="/" replace />;

  const topbar = <GuestTopbar />;
  const hotel = property?.name ?? stay.data?.property.name;
  if (checkingOut && stay.data) {
    return (
      <Page title={m.checkout.title} site={hotel} topbar={topbar}>
        <ExpressCheckout stay={stay.data} onBack={() => setCheckingOut(false)} />
      </Page>
    );
  }

  return (
    <Page title={m.guest.stayTitle} site={hotel} topbar={topbar}>
      <section className="card" aria-labelledby="stay-heading">
        <QueryState query={stay}>
          {(data) => (
            <>
              <h1 id="stay-heading">{m.guest.welcome(data.guest.firstName ?? data.guest.lastName)}</h1>
              {data.stale && (
                <Alert kind="warning">
                  <p>{m.guest.stale(data.syncedAt ? formatDateTime(String(data.syncedAt), m.locale) : null)}</p>
                </Alert>
              )}
              <StayFacts stay={data} />
            </>
          )}
        </QueryState>
      </section>
      {stay.data && <CheckInSection stay={stay.data} />}
      {stay.data && expressCheckoutOpen(stay.data) && <CheckOutInvitation onStart={() => setCheckingOut(true)} />}
      <KeySection />
      <HotelInformationSection />
      <ConciergeSection />
      <RequestsSection live={live} />
      {stay.data && <SpaSection stay={stay.data} />}
      <section className="card" aria-labelledby="folio-heading">
        <h2 id="folio-heading">{m.guest.folioTitle}</h2>
        <QueryState query={folio}>{(data) => <FolioLines folio={data} />}</QueryState>
      </section>
      <PaymentSection balanceMinor={folio.data?.balanceMinor} currency={folio.data?.currency ?? stay.data?.property.currency} />
      <section className="card" aria-labelledby="contact-heading">
        <h2 id="contact-heading">{m.guest.contactTitle}</h2>
        <p>{m.guest.contactIntro}</p>
        {stay.data && <ContactForm stay={stay.data} />}
      </section>
    </Page>
  );
}
