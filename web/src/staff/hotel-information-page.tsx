import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { catalogues, GUEST_LANGUAGES, type GuestLanguage } from '../guest/i18n';
import { t } from '../i18n';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { ManagersSettingsPage } from './managers-settings-page';
import { staffKeys } from './staff-context';

type Settings = components['schemas']['HotelInformationSettings'];
type Texts = components['schemas']['HotelInformationText'];
type TextKey = keyof Texts;

const FIELDS: TextKey[] = ['wifiNetwork', 'wifiPassword', 'checkIn', 'checkOut', 'breakfast', 'restaurant', 'spa', 'parking', 'address', 'phone', 'mapUrl', 'emergency'];

const languageName = (language: GuestLanguage) => catalogues[language].languageName;
const languageOptions = GUEST_LANGUAGES.map((language) => (
  <option key={language} value={language}>
    {languageName(language)}
  </option>
));

/** Managers and admins keep the hotel information, per language; guests see it in the guest app. */
export function HotelInformationPage() {
  return (
    <ManagersSettingsPage
      title={t.hotelInformation.title}
      managersOnly={t.hotelInformation.managersOnly}
      queryKey={staffKeys.hotelInformation}
      load={(propertyId) => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/hotel-information', { params: { path: { propertyId } } }))}
    >
      {(saved, propertyId) => <HotelInformationForm key={propertyId} propertyId={propertyId} saved={saved} />}
    </ManagersSettingsPage>
  );
}

function HotelInformationForm({ propertyId, saved }: { propertyId: string; saved: Settings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(saved);
  const [editing, setEditing] = useState<GuestLanguage>(saved.defaultLanguage);
  const save = useMutation({
    mutationFn: (body: Settings) => unwrap(api.PUT('/api/v1/staff/properties/{propertyId}/hotel-information', { params: { path: { propertyId } }, body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(staffKeys.hotelInformation(propertyId), answer);
      setDraft(answer);
    },
  });
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const errorFor = (field: string) => issues.find((issue) => issue.field === field)?.message;
  const texts = draft.information[editing] ?? {};
  const setText = (field: TextKey, value: string) =>
    setDraft((current) => ({ ...current, information: { ...current.information, [editing]: { ...current.information[editing], [field]: value } } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>{t.hotelInformation.intro}</p>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.hotelInformation.saved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
      <SelectField
        label={t.hotelInformation.defaultLanguage}
        hint={t.hotelInformation.defaultLanguageHint}
        name="defaultLanguage"
        value={draft.defaultLanguage}
        onChange={(event) => setDraft({ ...draft, defaultLanguage: event.target.value as GuestLanguage })}
      >
        {languageOptions}
      </SelectField>
      <TextField
        label={t.hotelInformation.country}
        hint={t.hotelInformation.countryHint}
        name="country"
        maxLength={2}
        value={draft.country ?? ''}
        onChange={(event) => setDraft({ ...draft, country: event.target.value.toUpperCase() || null })}
        error={errorFor('country')}
      />
      <TextField
        label={t.hotelInformation.logoUrl}
        hint={t.hotelInformation.logoUrlHint}
        name="logoUrl"
        type="url"
        value={draft.logoUrl ?? ''}
        onChange={(event) => setDraft({ ...draft, logoUrl: event.target.value || null })}
        error={errorFor('logoUrl')}
      />
      <SelectField label={t.hotelInformation.editLanguage} name="editLanguage" value={editing} onChange={(event) => setEditing(event.target.value as GuestLanguage)}>
        {languageOptions}
      </SelectField>
      <fieldset>
        <legend>{t.hotelInformation.inLanguage(languageName(editing))}</legend>
        {FIELDS.map((field) => (
          <TextField
            key={`${editing}:${field}`}
            label={t.hotelInformation.fields[field]}
            name={field}
            type={field === 'mapUrl' ? 'url' : 'text'}
            value={texts[field] ?? ''}
            placeholder={editing === draft.defaultLanguage ? undefined : (draft.information[draft.defaultLanguage]?.[field] ?? undefined)}
            onChange={(event) => setText(field, event.target.value)}
            error={errorFor(`information.${editing}.${field}`)}
          />
        ))}
      </fieldset>
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.hotelInformation.save}
      </Button>
    </form>
  );
}
