import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, fieldIssueOf, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { t } from '../i18n';
import { parseWholeNumber } from '../lib/format';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextField } from '../ui/form';
import { ManagersSettingsPage } from './managers-settings-page';
import { staffKeys } from './staff-context';

type SpaSettings = components['schemas']['SpaSettings'];
type NumberField = 'cancellationWindowHours' | 'lateCancelFeePercent' | 'noShowFeePercent';

/** The largest value the API takes for each number: a month of hours for the window, percentages. */
const MAXIMUM: Record<NumberField, number> = { cancellationWindowHours: 720, lateCancelFeePercent: 100, noShowFeePercent: 100 };
const NUMBER_FIELDS = Object.keys(MAXIMUM) as NumberField[];

/** Managers and admins set the spa's cancellation window, its fees and whether treatments go on the room bill. */
export function SpaSettingsPage() {
  return (
    <ManagersSettingsPage
      title={t.spaDesk.settingsTitle}
      managersOnly={t.spaDesk.managersOnly}
      queryKey={staffKeys.spaSettings}
      load={(propertyId) => unwrap(api.GET('/api/v1/admin/properties/{propertyId}/spa-settings', { params: { path: { propertyId } } }))}
    >
      {(saved, propertyId) => <SpaSettingsForm key={propertyId} propertyId={propertyId} saved={saved} />}
    </ManagersSettingsPage>
  );
}

function SpaSettingsForm({ propertyId, saved }: { propertyId: string; saved: SpaSettings }) {
  const queryClient = useQueryClient();
  const [numbers, setNumbers] = useState(() => Object.fromEntries(NUMBER_FIELDS.map((field) => [field, String(saved[field])])) as Record<NumberField, string>);
  const [roomChargeAllowed, setRoomChargeAllowed] = useState(saved.roomChargeAllowed);
  const [shown, setShown] = useState(false);
  const save = useMutation({
    mutationFn: (body: SpaSettings) => unwrap(api.PUT('/api/v1/admin/properties/{propertyId}/spa-settings', { params: { path: { propertyId } }, body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(staffKeys.spaSettings(propertyId), answer);
      setShown(false);
    },
  });
  const parsed = Object.fromEntries(NUMBER_FIELDS.map((field) => [field, parseWholeNumber(numbers[field], MAXIMUM[field])])) as Record<NumberField, number | undefined>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    const { cancellationWindowHours, lateCancelFeePercent, noShowFeePercent } = parsed;
    if (cancellationWindowHours === undefined || lateCancelFeePercent === undefined || noShowFeePercent === undefined) return;
    save.mutate({ cancellationWindowHours, lateCancelFeePercent, noShowFeePercent, roomChargeAllowed });
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>{t.spaDesk.settingsIntro}</p>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.spaDesk.saved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} />}
      {NUMBER_FIELDS.map((field) => (
        <TextField
          key={field}
          label={t.spaDesk[field]}
          name={field}
          inputMode="numeric"
          value={numbers[field]}
          onChange={(event) => setNumbers({ ...numbers, [field]: event.target.value })}
          error={shown && parsed[field] === undefined ? t.spaDesk.wholeNumber(MAXIMUM[field]) : fieldIssueOf(save.error, field)}
        />
      ))}
      <label className="choice">
        <input type="checkbox" name="roomChargeAllowed" checked={roomChargeAllowed} onChange={(event) => setRoomChargeAllowed(event.target.checked)} />
        {t.spaDesk.roomChargeAllowed}
      </label>
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.spaDesk.save}
      </Button>
    </form>
  );
}
