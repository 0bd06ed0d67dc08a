import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { useGuest } from './i18n';
import { guestSession } from '../lib/sessions';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { Page } from '../ui/layout';
import { GuestTopbar } from './guest-topbar';

interface PropertyChoice {
  code: string;
  name: string;
}

/** 409 ambiguous_lookup names the hotels the confirmation number exists at. */
function ambiguousProperties(error: unknown): PropertyChoice[] {
  if (!(error instanceof ApiError) || error.code !== 'ambiguous_lookup') return [];
  const properties = (error.details as { properties?: PropertyChoice[] } | undefined)?.properties;
  return Array.isArray(properties) ? properties : [];
}

export function LookupPage() {
  const { m, property: hotel } = useGuest();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = guestSession.use();
  // A link from the booking email may carry ?c=<confirmation>&p=<property code>.
  const [confirmation, setConfirmation] = useState(params.get('c') ?? '');
  const [lastName, setLastName] = useState('');
  const [property, setProperty] = useState(params.get('p') ?? '');
  const [choices, setChoices] = useState<PropertyChoice[]>([]);
  const [showMissing, setShowMissing] = useState(false);

  const lookup = useMutation({
    mutationFn: (body: { confirmation: string; lastName: string; property?: string }) =>
      unwrap(api.POST('/api/v1/stays/lookup', { body })),
    onSuccess: (result) => {
      // Past the failure limits the answer is "a sign-in link was sent", never a token.
      if (!('token' in result)) return;
      guestSession.set({ token: result.token, expiresAt: result.expiresAt });
      navigate('/stay', { replace: true });
    },
    onError: (error) => {
      const ambiguous = ambiguousProperties(error);
      if (ambiguous.length) {
        setChoices(ambiguous);
        setProperty('');
      }
    },
  });

  if (session) return <Navigate to="/stay" replace />;

  const missing = { confirmation: !confirmation.trim(), lastName: !lastName.trim() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Said beside the fields in the guest's language; an empty lookup never reaches the API.
    setShowMissing(true);
    if (missing.confirmation || missing.lastName) return;
    lookup.mutate({ confirmation: confirmation.trim(), lastName: lastName.trim(), ...(property ? { property } : {}) });
  };
  const error = lookup.error;
  const linkSent = lookup.data && 'signInLinkSent' in lookup.data;
  const showPicker = choices.length > 0;

  return (
    <Page title={hotel?.name ?? m.guest.lookupTitle} site={hotel?.name} topbar={<GuestTopbar />} narrow>
      <div className="card">
        {hotel && (
          <div className="hotel-heading">
            {hotel.logoUrl && <img className="hotel-logo" src={hotel.logoUrl} alt={m.lookup.logo(hotel.name)} />}
            <p className="hotel-name">{hotel.name}</p>
          </div>
        )}
        <h1>{m.guest.lookupTitle}</h1>
        <p>{m.guest.lookupIntro}</p>
        {linkSent && <Alert kind="success">{m.guest.linkSent}</Alert>}
        {error && !(error instanceof ApiError && error.code === 'ambiguous_lookup') && (
          <ErrorAlert error={error} message={error instanceof ApiError && error.status === 404 ? m.guest.notFound : undefined} />
        )}
        <form onSubmit={submit} noValidate>
          <TextField
            label={m.guest.confirmation}
            name="confirmation"
            autoComplete="off"
            autoCapitalize="characters"
            required
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
            error={showMissing && missing.confirmation ? m.lookup.confirmationMissing : undefined}
          />
          <TextField
            label={m.guest.lastName}
            name="lastName"
            autoComplete="family-name"
            required
            value={lastName}
            onChange={(event) => setLastName(event.target.value)}
            error={showMissing && missing.lastName ? m.lookup.lastNameMissing : undefined}
          />
          {showPicker ? (
            <fieldset className="field">
              <legend>{m.guest.hotel}</legend>
              <p className="hint">{m.guest.pickProperty}</p>
              {choices.map((choice) => (
                <label className="choice" key={choice.code}>
                  <input
                    type="radio"
                    name="property"
                    value={choice.code}
                    checked={property === choice.code}
                    onChange={() => setProperty(choice.code)}
                    required
                  />
                  {choice.name}
                </label>
              ))}
            </fieldset>
          ) : null}
          <Button busy={lookup.isPending} busyLabel={m.guest.opening} disabled={showPicker && !property}>
            {m.guest.open}
          </Button>
        </form>
      </div>
    </Page>
  );
}
