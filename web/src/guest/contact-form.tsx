import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Stay } from '../api/client';
import type { paths } from '../api/schema';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { contactExamples } from './country-examples';
import { useGuest, type GuestMessages } from './i18n';
import { guestKeys } from './queries';

type ContactBody = paths['/api/v1/stay/guest']['patch']['requestBody']['content']['application/json'];
type Field = 'email' | 'phone' | 'addressLine' | 'city' | 'postalCode' | 'countryCode';

/** API field paths (after `body.`) to the input showing their error; any address line goes to the one line. */
function fieldOf(path: string): Field | undefined {
  const field = path.startsWith('address.lines') ? 'addressLine' : path.replace(/^address\./, '');
  return ['email', 'phone', 'addressLine', 'city', 'postalCode', 'countryCode'].includes(field) ? (field as Field) : undefined;
}

const initialValues = (guest: Stay['guest']): Record<Field, string> => ({
  email: guest.email ?? '',
  phone: guest.phone ?? '',
  addressLine: guest.address?.lines.join(', ') ?? '',
  city: guest.address?.city ?? '',
  postalCode: guest.address?.postalCode ?? '',
  countryCode: guest.address?.countryCode ?? '',
});

/** The field's error sentence in the guest's language: the API's checks, said the page's way. */
function sentenceFor(field: Field, m: GuestMessages, examples: { phone: string; country: string }): string {
  const errors = m.contactErrors;
  if (field === 'phone') return errors.phone(examples.phone);
  if (field === 'countryCode') return errors.countryCode(examples.country);
  return errors[field];
}

/** What the browser can tell at once, with the API's own rules (stays.schemas.ts). */
function localProblems(values: Record<Field, string>): Field[] {
  const problems: Field[] = [];
  if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) problems.push('email');
  if (values.phone && !/^\+[1-9]\d{6,14}$/.test(values.phone.replace(/[\s()-]/g, ''))) problems.push('phone');
  if (values.addressLine.length > 120) problems.push('addressLine');
  if (values.city.length > 80) problems.push('city');
  if (values.postalCode.length > 20) problems.push('postalCode');
  if (values.countryCode && !/^[A-Za-z]{2}$/.test(values.countryCode)) problems.push('countryCode');
  return problems;
}

export function ContactForm({ stay }: { stay: Stay }) {
  const { m, property } = useGuest();
  const examples = contactExamples(property?.country);
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => initialValues(stay.guest));
  const [problems, setProblems] = useState<Field[]>([]);
  const [nothingToSave, setNothingToSave] = useState(false);
  const update = (field: Field) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));

  const save = useMutation({
    mutationFn: (body: ContactBody) => unwrap(api.PATCH('/api/v1/stay/guest', { body })),
    onSuccess: (updated) => queryClient.setQueryData(guestKeys.stay, updated),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()])) as Record<Field, string>;
    const found = localProblems(trimmed);
    setProblems(found);
    if (found.length) return;
    const saved = initialValues(stay.guest);
    const body: ContactBody = {};
    if (trimmed.email && trimmed.email !== saved.email) body.email = trimmed.email;
    const phone = trimmed.phone.replace(/[\s()-]/g, '');
    if (phone && phone !== saved.phone) body.phone = phone;
    const addressParts = ['addressLine', 'city', 'postalCode', 'countryCode'] as const;
    // The address is saved as a whole: any part changed sends every part, blank ones included.
    if (addressParts.some((part) => trimmed[part] !== saved[part])) {
      body.address = { lines: trimmed.addressLine ? [trimmed.addressLine] : [], city: trimmed.city, postalCode: trimmed.postalCode, countryCode: trimmed.countryCode.toUpperCase() };
    }
    setNothingToSave(Object.keys(body).length === 0);
    if (Object.keys(body).length) save.mutate(body);
  };

  const apiFields = save.error instanceof ApiError ? save.error.fieldIssues.map((issue) => fieldOf(issue.field)) : [];
  const wrong = new Set([...problems, ...apiFields.filter((field) => field !== undefined)]);
  const errorFor = (field: Field) => (wrong.has(field) ? sentenceFor(field, m, examples) : undefined);
  const field = (name: Field) => ({ name, value: values[name], onChange: update(name), error: errorFor(name) });

  return (
    <form onSubmit={submit} noValidate>
      {save.isSuccess && !save.isPending && problems.length === 0 && (
        <Alert kind="success">
          <p>{m.guest.contactSaved}</p>
        </Alert>
      )}
      {nothingToSave && (
        <Alert kind="warning">
          <p>{m.guest.nothingToSave}</p>
        </Alert>
      )}
      {wrong.size > 0 && (
        <Alert kind="error">
          <p>{m.errors.fixFields}</p>
        </Alert>
      )}
      {save.error && wrong.size === 0 && <ErrorAlert error={save.error} />}
      <TextField label={m.guest.email} type="email" autoComplete="email" {...field('email')} />
      <TextField label={m.guest.phone} type="tel" autoComplete="tel" hint={m.guest.phoneHint(examples.phone)} {...field('phone')} />
      <TextField label={m.guest.addressLine} autoComplete="street-address" {...field('addressLine')} />
      <TextField label={m.guest.city} autoComplete="address-level2" {...field('city')} />
      <TextField label={m.guest.postalCode} autoComplete="postal-code" {...field('postalCode')} />
      <TextField label={m.guest.countryCode} autoComplete="country" hint={m.guest.countryHint(examples.country)} maxLength={2} {...field('countryCode')} />
      <Button busy={save.isPending} busyLabel={m.saving}>
        {m.guest.saveContact}
      </Button>
    </form>
  );
}
