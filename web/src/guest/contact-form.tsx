import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Stay } from '../api/client';
import type { paths } from '../api/schema';
import { t } from '../i18n';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { guestKeys } from './queries';

type ContactBody = paths['/api/v1/stay/guest']['patch']['requestBody']['content']['application/json'];

/** API field paths (after `body.`) to the input showing their error; any address line goes to the one line. */
function fieldOf(path: string): string {
  if (path.startsWith('address.lines')) return 'addressLine';
  return path.replace(/^address\./, '');
}

export function ContactForm({ stay }: { stay: Stay }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    email: stay.guest.email ?? '',
    phone: stay.guest.phone ?? '',
    addressLine: '',
    city: '',
    postalCode: '',
    countryCode: '',
  });
  const [nothingToSave, setNothingToSave] = useState(false);
  const update = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const save = useMutation({
    mutationFn: (body: ContactBody) => unwrap(api.PATCH('/api/v1/stay/guest', { body })),
    onSuccess: (updated) => queryClient.setQueryData(guestKeys.stay, updated),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ContactBody = {};
    const trimmed = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()])) as typeof values;
    if (trimmed.email && trimmed.email !== stay.guest.email) body.email = trimmed.email;
    if (trimmed.phone && trimmed.phone !== stay.guest.phone) body.phone = trimmed.phone;
    if (trimmed.addressLine || trimmed.city || trimmed.postalCode || trimmed.countryCode) {
      body.address = {
        lines: [trimmed.addressLine],
        ...(trimmed.city && { city: trimmed.city }),
        ...(trimmed.postalCode && { postalCode: trimmed.postalCode }),
        ...(trimmed.countryCode && { countryCode: trimmed.countryCode.toUpperCase() }),
      };
    }
    setNothingToSave(Object.keys(body).length === 0);
    if (Object.keys(body).length) save.mutate(body);
  };

  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const errorFor = (field: string) =>
    issues.filter((issue) => fieldOf(issue.field) === field).map((issue) => issue.message).join(' ') || undefined;
  const fieldErrors = issues.some((issue) => issue.field !== '');

  return (
    <form onSubmit={submit} noValidate>
      {save.isSuccess && !save.isPending && (
        <Alert kind="success">
          <p>{t.guest.contactSaved}</p>
        </Alert>
      )}
      {nothingToSave && (
        <Alert kind="warning">
          <p>{t.guest.nothingToSave}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} message={fieldErrors ? t.errors.fixFields : undefined} />}
      <TextField label={t.guest.email} name="email" type="email" autoComplete="email" value={values.email} onChange={update('email')} error={errorFor('email')} />
      <TextField
        label={t.guest.phone}
        name="phone"
        type="tel"
        autoComplete="tel"
        hint={t.guest.phoneHint}
        value={values.phone}
        onChange={update('phone')}
        error={errorFor('phone')}
      />
      <TextField
        label={t.guest.addressLine}
        name="addressLine"
        autoComplete="address-line1"
        value={values.addressLine}
        onChange={update('addressLine')}
        error={errorFor('addressLine')}
      />
      <TextField label={t.guest.city} name="city" autoComplete="address-level2" value={values.city} onChange={update('city')} error={errorFor('city')} />
      <TextField
        label={t.guest.postalCode}
        name="postalCode"
        autoComplete="postal-code"
        value={values.postalCode}
        onChange={update('postalCode')}
        error={errorFor('postalCode')}
      />
      <TextField
        label={t.guest.countryCode}
        name="countryCode"
        autoComplete="country"
        hint={t.guest.countryHint}
        maxLength={2}
        value={values.countryCode}
        onChange={update('countryCode')}
        error={errorFor('countryCode')}
      />
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.guest.saveContact}
      </Button>
    </form>
  );
}
