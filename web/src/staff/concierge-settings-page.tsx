import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { t } from '../i18n';
import { minorToInput, parseMoney } from '../lib/format';
import { Alert, ErrorAlert, QueryState } from '../ui/feedback';
import { Button, SelectField, TextAreaField, TextField } from '../ui/form';
import { ManagersSettingsPage } from './managers-settings-page';
import { staffKeys } from './staff-context';

type Settings = components['schemas']['ConciergeSettings'];
type Place = components['schemas']['ConciergePlace'];
type Topic = Settings['humanTopics'][number];
const MODES: Settings['mode'][] = ['auto', 'suggest', 'off'];
const TOPICS: Topic[] = ['billing_dispute', 'complaint', 'medical', 'safety'];
/** Micro-USD per cent: the form takes dollars and cents, the API keeps micro-USD. */
const MICRO_PER_CENT = 10_000;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Managers and admins choose how the concierge answers and which places it recommends. */
export function ConciergeSettingsPage() {
  return (
    <ManagersSettingsPage
      title={t.conciergeSettings.title}
      managersOnly={t.conciergeSettings.managersOnly}
      queryKey={staffKeys.conciergeSettings}
      load={(propertyId) => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/concierge/settings', { params: { path: { propertyId } } }))}
    >
      {(saved, propertyId) => (
        <>
          <SettingsForm key={propertyId} propertyId={propertyId} saved={saved} />
          <PlacesSection propertyId={propertyId} />
        </>
      )}
    </ManagersSettingsPage>
  );
}

interface Draft {
  mode: Settings['mode'];
  humanTopics: Topic[];
  aroundTheClock: boolean;
  start: string;
  end: string;
  alertThreshold: string;
  maxAiMessagesPerStay: string;
  maxCost: string;
}

const draftOf = (saved: Settings): Draft => ({
  mode: saved.mode,
  humanTopics: saved.humanTopics,
  aroundTheClock: saved.businessHours === null,
  start: saved.businessHours?.start ?? '08:00',
  end: saved.businessHours?.end ?? '22:00',
  alertThreshold: String(saved.alertThreshold),
  maxAiMessagesPerStay: String(saved.maxAiMessagesPerStay),
  maxCost: minorToInput(Math.round(saved.maxCostMicroUsdPerStay / MICRO_PER_CENT), 'USD'),
});

/** The draft as the API's body, with the fields that do not parse named. */
function parse(draft: Draft): { body?: Settings; invalid: Partial<Record<keyof Draft, string>> } {
  const invalid: Partial<Record<keyof Draft, string>> = {};
  const threshold = Number(draft.alertThreshold);
  if (draft.alertThreshold.trim() === '' || !Number.isFinite(threshold) || threshold < -1 || threshold > 1) invalid.alertThreshold = t.conciergeSettings.thresholdInvalid;
  if (!/^\s*\d+\s*$/.test(draft.maxAiMessagesPerStay)) invalid.maxAiMessagesPerStay = t.conciergeSettings.wholeInvalid;
  const cents = parseMoney(draft.maxCost, 'USD');
  if (cents === undefined) invalid.maxCost = t.conciergeSettings.costInvalid;
  if (!draft.aroundTheClock) {
    if (!HHMM.test(draft.start)) invalid.start = t.conciergeSettings.hoursInvalid;
    if (!HHMM.test(draft.end)) invalid.end = t.conciergeSettings.hoursInvalid;
  }
  if (Object.keys(invalid).length) return { invalid };
  return {
    invalid,
    body: {
      mode: draft.mode,
      humanTopics: draft.humanTopics,
      businessHours: draft.aroundTheClock ? null : { start: draft.start, end: draft.end },
      alertThreshold: threshold,
      maxAiMessagesPerStay: Number(draft.maxAiMessagesPerStay),
      maxCostMicroUsdPerStay: cents! * MICRO_PER_CENT,
    },
  };
}

function SettingsForm({ propertyId, saved }: { propertyId: string; saved: Settings }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(saved));
  const [shown, setShown] = useState(false);
  const save = useMutation({
    mutationFn: (body: Settings) => unwrap(api.PUT('/api/v1/staff/properties/{propertyId}/concierge/settings', { params: { path: { propertyId } }, body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(staffKeys.conciergeSettings(propertyId), answer);
      setDraft(draftOf(answer));
      setShown(false);
    },
  });
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const serverError = (field: string) => issues.find((issue) => issue.field === field)?.message;
  const { body, invalid } = parse(draft);
  const errorFor = (field: keyof Draft, apiField: string = field) => (shown ? invalid[field] : undefined) ?? serverError(apiField);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (body) save.mutate(body);
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <p>{t.conciergeSettings.intro}</p>
      {save.isSuccess && (
        <Alert kind="success">
          <p>{t.conciergeSettings.saved}</p>
        </Alert>
      )}
      {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
      <SelectField label={t.conciergeSettings.mode} name="mode" value={draft.mode} onChange={(event) => set({ mode: event.target.value as Settings['mode'] })}>
        {MODES.map((mode) => (
          <option key={mode} value={mode}>
            {t.conciergeSettings.modes[mode]}
          </option>
        ))}
      </SelectField>
      <fieldset className="field">
        <legend>{t.conciergeSettings.topicsLegend}</legend>
        {TOPICS.map((topic) => (
          <label className="choice" key={topic}>
            <input
              type="checkbox"
              name="humanTopics"
              value={topic}
              checked={draft.humanTopics.includes(topic)}
              onChange={(event) => set({ humanTopics: event.target.checked ? [...draft.humanTopics, topic] : draft.humanTopics.filter((other) => other !== topic) })}
            />
            {t.conciergeSettings.topics[topic]}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input type="checkbox" name="aroundTheClock" checked={draft.aroundTheClock} onChange={(event) => set({ aroundTheClock: event.target.checked })} />
        {t.conciergeSettings.hoursAround}
      </label>
      {!draft.aroundTheClock && (
        <div className="toolbar">
          <TextField label={t.conciergeSettings.hoursStart} type="time" name="start" value={draft.start} onChange={(event) => set({ start: event.target.value })} error={errorFor('start', 'businessHours.start')} />
          <TextField label={t.conciergeSettings.hoursEnd} type="time" name="end" value={draft.end} onChange={(event) => set({ end: event.target.value })} error={errorFor('end', 'businessHours.end')} />
        </div>
      )}
      <TextField
        label={t.conciergeSettings.threshold}
        hint={t.conciergeSettings.thresholdHint}
        name="alertThreshold"
        inputMode="decimal"
        value={draft.alertThreshold}
        onChange={(event) => set({ alertThreshold: event.target.value })}
        error={errorFor('alertThreshold')}
      />
      <TextField
        label={t.conciergeSettings.maxMessages}
        hint={t.conciergeSettings.capsHint}
        name="maxAiMessagesPerStay"
        inputMode="numeric"
        value={draft.maxAiMessagesPerStay}
        onChange={(event) => set({ maxAiMessagesPerStay: event.target.value })}
        error={errorFor('maxAiMessagesPerStay')}
      />
      <TextField
        label={t.conciergeSettings.maxCost}
        name="maxCost"
        inputMode="decimal"
        value={draft.maxCost}
        onChange={(event) => set({ maxCost: event.target.value })}
        error={errorFor('maxCost', 'maxCostMicroUsdPerStay')}
      />
      <Button busy={save.isPending} busyLabel={t.saving}>
        {t.conciergeSettings.save}
      </Button>
    </form>
  );
}

interface PlaceDraft {
  name: string;
  category: string;
  description: string;
  hours: string;
  distanceMeters: string;
}

const EMPTY_PLACE: PlaceDraft = { name: '', category: '', description: '', hours: '', distanceMeters: '' };
const placeDraftOf = (place: Place): PlaceDraft => ({
  name: place.name,
  category: place.category,
  description: place.description,
  hours: place.hours ?? '',
  distanceMeters: place.distanceMeters === null ? '' : String(place.distanceMeters),
});
/** Empty optional fields are null; the API checks the rest and names any field it refuses. */
const placeBody = (draft: PlaceDraft) => ({
  name: draft.name,
  category: draft.category,
  description: draft.description,
  hours: draft.hours.trim() || null,
  distanceMeters: draft.distanceMeters.trim() === '' ? null : Number(draft.distanceMeters),
});

/** The places the concierge recommends: each can be edited or removed, and new ones added. */
function PlacesSection({ propertyId }: { propertyId: string }) {
  const queryClient = useQueryClient();
  const places = useQuery({
    queryKey: staffKeys.places(propertyId),
    queryFn: () => unwrap(api.GET('/api/v1/staff/properties/{propertyId}/concierge/places', { params: { path: { propertyId } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: staffKeys.places(propertyId) });
  const [editing, setEditing] = useState<string | undefined>();
  const remove = useMutation({
    mutationFn: (placeId: string) => unwrap(api.DELETE('/api/v1/staff/properties/{propertyId}/concierge/places/{placeId}', { params: { path: { propertyId, placeId } } })),
    onSuccess: refresh,
  });
  const add = (draft: PlaceDraft) => unwrap(api.POST('/api/v1/staff/properties/{propertyId}/concierge/places', { params: { path: { propertyId } }, body: placeBody(draft) }));
  const update = (placeId: string) => (draft: PlaceDraft) =>
    unwrap(api.PATCH('/api/v1/staff/properties/{propertyId}/concierge/places/{placeId}', { params: { path: { propertyId, placeId } }, body: placeBody(draft) }));

  return (
    <section className="card" aria-labelledby="places-heading">
      <h2 id="places-heading">{t.conciergeSettings.placesTitle}</h2>
      <p>{t.conciergeSettings.placesIntro}</p>
      {remove.error && <ErrorAlert error={remove.error} />}
      <QueryState query={places}>
        {(data) =>
          data.places.length === 0 ? (
            <p>{t.conciergeSettings.placesEmpty}</p>
          ) : (
            <ul className="lines" aria-label={t.conciergeSettings.placesTitle}>
              {data.places.map((place) =>
                editing === place.id ? (
                  <li key={place.id}>
                    <PlaceForm
                      initial={placeDraftOf(place)}
                      submitLabel={t.conciergeSettings.savePlace}
                      send={update(place.id)}
                      onSaved={() => {
                        setEditing(undefined);
                        return refresh();
                      }}
                      onCancel={() => setEditing(undefined)}
                    />
                  </li>
                ) : (
                  <li key={place.id}>
                    <span className="what">
                      <strong>{place.name}</strong> · {place.category}
                      <span className="when">{[place.hours, place.distanceMeters !== null && t.conciergeSettings.distance(place.distanceMeters), place.description].filter(Boolean).join(' · ')}</span>
                    </span>
                    <span className="actions">
                      <button type="button" className="button secondary" onClick={() => setEditing(place.id)}>
                        {t.conciergeSettings.edit}
                      </button>
                      <button type="button" className="button secondary" disabled={remove.isPending} onClick={() => remove.mutate(place.id)}>
                        {t.conciergeSettings.remove(place.name)}
                      </button>
                    </span>
                  </li>
                ),
              )}
            </ul>
          )
        }
      </QueryState>
      <h3>{t.conciergeSettings.addPlace}</h3>
      <PlaceForm initial={EMPTY_PLACE} submitLabel={t.conciergeSettings.addPlace} send={add} onSaved={refresh} />
    </section>
  );
}

function PlaceForm(props: { initial: PlaceDraft; submitLabel: string; send: (draft: PlaceDraft) => Promise<unknown>; onSaved: () => unknown; onCancel?: () => void }) {
  const [draft, setDraft] = useState(props.initial);
  const save = useMutation({
    mutationFn: props.send,
    onSuccess: () => {
      setDraft(props.initial);
      setShown(false);
      return props.onSaved();
    },
  });
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  const [shown, setShown] = useState(false);
  const distanceInvalid = !/^\s*\d*\s*$/.test(draft.distanceMeters);
  const errorFor = (field: string) => (field === 'distanceMeters' && shown && distanceInvalid ? t.conciergeSettings.wholeInvalid : issues.find((issue) => issue.field === field)?.message);
  const field = (name: Exclude<keyof PlaceDraft, 'description'>, label: string, extra: { inputMode?: 'numeric' } = {}) => (
    <TextField label={label} name={name} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} error={errorFor(name)} {...extra} />
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setShown(true);
        if (!distanceInvalid) save.mutate(draft);
      }}
      noValidate
    >
      {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
      {field('name', t.conciergeSettings.placeName)}
      {field('category', t.conciergeSettings.placeCategory)}
      <TextAreaField label={t.conciergeSettings.placeDescription} name="description" rows={2} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} error={errorFor('description')} />
      {field('hours', t.conciergeSettings.placeHours)}
      {field('distanceMeters', t.conciergeSettings.placeDistance, { inputMode: 'numeric' })}
      <div className="actions">
        <Button busy={save.isPending} busyLabel={t.saving}>
          {props.submitLabel}
        </Button>
        {props.onCancel && (
          <button type="button" className="button secondary" onClick={props.onCancel}>
            {t.conciergeSettings.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
