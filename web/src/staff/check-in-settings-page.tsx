import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { catalogues, GUEST_LANGUAGES, type GuestLanguage } from '../guest/i18n';
import { t } from '../i18n';
import { parseWholeNumber } from '../lib/format';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, TextAreaField, TextField } from '../ui/form';
import { ManagersSettingsPage } from './managers-settings-page';
import { staffKeys } from './staff-context';

type SettingsPath = paths['/api/v1/staff/properties/{propertyId}/check-in/settings'];
type Settings = SettingsPath['get']['responses'][200]['content']['application/json'];
type SettingsBody = SettingsPath['put']['requestBody']['content']['application/json'];
type Step = Settings['steps'][number];
type Direction = 'up' | 'down';

/** Every step the guest app knows, in its usual order: the ones a property leaves off still get a row to switch back on. */
const ALL_STEPS: Step[] = ['contact', 'id', 'registration', 'card', 'arrival'];
const MAX_RETENTION_DAYS = 3650;


/** Managers and admins choose the online check-in steps and their order, how long ID data is kept, and the registration terms. */
export function CheckInSettingsPage() {
  return (
    <ManagersSettingsPage
      title={t.checkInSettings.title}
      managersOnly={t.checkInSettings.managersOnly}
      queryKey={staffKeys.checkInSettings}
      load={(propertyId) => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/check-in/settings', { params: { path: { propertyId } } }))}
    >
      {(saved, propertyId) => <CheckInSettingsForm key={propertyId} propertyId={propertyId} saved={saved} />}
    </ManagersSettingsPage>
  );
}

interface Draft {
  /** Every step, the enabled ones first in their saved order. */
  order: Step[];
  enabled: Step[];
  retentionDays: string;
  idImagesStored: boolean;
  registrationCardKept: boolean;
  selfCheckIn: boolean;
  registrationTerms: Record<string, string>;
}

const draftOf = (saved: Settings): Draft => ({
  order: [...saved.steps, ...ALL_STEPS.filter((step) => !saved.steps.includes(step))],
  enabled: saved.steps,
  retentionDays: String(saved.retentionDays),
  idImagesStored: saved.idImagesStored,
  registrationCardKept: saved.registrationCardKept,
  selfCheckIn: saved.selfCheckIn,
  registrationTerms: saved.registrationTerms,
});

function CheckInSettingsForm({ propertyId, saved }: { propertyId: string; saved: Settings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(saved));
  const [shown, setShown] = useState(false);
  const save = useMutation({
    mutationFn: (body: SettingsBody) => unwrap(api.PUT('/api/v1/staff/properties/{propertyId}/check-in/settings', { params: { path: { propertyId } }, body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(staffKeys.checkInSettings(propertyId), answer);
      setDraft(draftOf(answer));
      setShown(false);
    },
  });
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const errorFor = (field: string) => issues.find((issue) => issue.field === field)?.message;
  const retentionDays = parseWholeNumber(draft.retentionDays, MAX_RETENTION_DAYS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (retentionDays === undefined) return;
    const terms = Object.entries(draft.registrationTerms).filter(([, text]) => text.trim() !== '');
    save.mutate({
      steps: draft.order.filter((step) => draft.enabled.includes(step)),
      retentionDays,
      idImagesStored: draft.idImagesStored,
      registrationCardKept: draft.registrationCardKept,
      selfCheckIn: draft.selfCheckIn,
      registrationTerms: Object.fromEntries(terms),
    });
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>{t.checkInSettings.intro}</p>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.checkInSettings.saved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
      <StepList
        order={draft.order}
        enabled={draft.enabled}
        paymentsConfigured={saved.paymentsConfigured}
        error={errorFor('steps')}
        onChange={(order, enabled) => setDraft({ ...draft, order, enabled })}
      />
      <TextField
        label={t.checkInSettings.retentionDays}
        hint={t.checkInSettings.retentionHint}
        name="retentionDays"
        inputMode="numeric"
        value={draft.retentionDays}
        onChange={(event) => setDraft({ ...draft, retentionDays: event.target.value })}
        error={shown && retentionDays === undefined ? t.checkInSettings.retentionInvalid(MAX_RETENTION_DAYS) : errorFor('retentionDays')}
      />
      {(['idImagesStored', 'registrationCardKept', 'selfCheckIn'] as const).map((field) => (
        <label className="choice" key={field}>
          <input type="checkbox" name={field} checked={draft[field]} onChange={(event) => setDraft({ ...draft, [field]: event.target.checked })} />
          {t.checkInSettings.switches[field]}
        </label>
      ))}
      <fieldset className="field">
        <legend>{t.checkInSettings.termsLegend}</legend>
        <p className="muted">{t.checkInSettings.termsHint}</p>
        {GUEST_LANGUAGES.map((language: GuestLanguage) => (
          <TextAreaField
            key={language}
            label={t.checkInSettings.termsIn(catalogues[language].languageName)}
            name={`registrationTerms.${language}`}
            lang={language}
            rows={4}
            value={draft.registrationTerms[language] ?? ''}
            onChange={(event) => setDraft({ ...draft, registrationTerms: { ...draft.registrationTerms, [language]: event.target.value } })}
            error={errorFor(`registrationTerms.${language}`)}
          />
        ))}
      </fieldset>
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.checkInSettings.save}
      </Button>
    </form>
  );
}

/**
 * The steps as a list: a checkbox switches each on or off, and Move up / Move down buttons
 * reorder them, so the order can be set from the keyboard. The buttons at either end are
 * aria-disabled rather than disabled, and the pressed button keeps the focus as its row moves,
 * so pressing it again keeps moving the same step.
 */
function StepList(props: { order: Step[]; enabled: Step[]; paymentsConfigured: boolean; error: string | undefined; onChange: (order: Step[], enabled: Step[]) => void }) {
  const { order, enabled, onChange } = props;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [moved, setMoved] = useState<string | undefined>();
  useEffect(() => {
    if (!moved) return;
    buttons.current.get(moved)?.focus();
    setMoved(undefined);
  }, [moved]);

  const move = (index: number, direction: Direction) => {
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= order.length) return;
    const next = [...order];
    [next[index], next[target]] = [next[target]!, next[index]!];
    onChange(next, enabled);
    setMoved(`${order[index]}:${direction}`);
  };
  const toggle = (step: Step, on: boolean) => onChange(order, on ? [...enabled, step] : enabled.filter((candidate) => candidate !== step));

  return (
    <fieldset className="field">
      <legend>{t.checkInSettings.stepsLegend}</legend>
      <span className="hint">{t.checkInSettings.stepsHint}</span>
      <ol className="lines step-order">
        {order.map((step, index) => {
          const name = t.checkIn.stepNames[step]!;
          return (
            <li key={step} data-step={step}>
              <label className="choice">
                <input type="checkbox" name="steps" value={step} checked={enabled.includes(step)} onChange={(event) => toggle(step, event.target.checked)} />
                {name}
                {step === 'card' && !props.paymentsConfigured && <span className="muted"> ({t.checkInSettings.cardNotOffered})</span>}
              </label>
              <span className="step-moves">
                {(['up', 'down'] as const).map((direction) => {
                  const atEnd = direction === 'up' ? index === 0 : index === order.length - 1;
                  return (
                    <button
                      key={direction}
                      type="button"
                      className="button secondary"
                      aria-label={t.checkInSettings.move(name, direction)}
                      aria-disabled={atEnd || undefined}
                      ref={(element) => {
                        if (element) buttons.current.set(`${step}:${direction}`, element);
                        else buttons.current.delete(`${step}:${direction}`);
                      }}
                      onClick={() => move(index, direction)}
                    >
                      {direction === 'up' ? '↑' : '↓'}
                    </button>
                  );
                })}
              </span>
            </li>
          );
        })}
      </ol>
      {props.error && <span className="error">{props.error}</span>}
    </fieldset>
  );
}
