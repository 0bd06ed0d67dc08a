import { Link } from 'react-router';
import { Page } from '../ui/layout';
import { GuestTopbar } from './guest-topbar';
import { useGuest } from './i18n';

/** Any address the app does not know. */
export function NotFoundPage() {
  const { m, property } = useGuest();
  return (
    <Page title={m.notFound.title} site={property?.name} topbar={<GuestTopbar />} narrow>
      <div className="card">
        <h1>{m.notFound.title}</h1>
        <p>{m.notFound.body}</p>
        <Link to="/">{m.notFound.home}</Link>
      </div>
    </Page>
  );
}
