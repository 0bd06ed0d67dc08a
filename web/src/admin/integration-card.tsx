import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type IntegrationKind } from '../api/client';
import { t } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, SelectField } from '../ui/form';
import { staffKeys } from '../staff/staff-context';
import { buildField, fieldsOf, initialValues, JsonFieldError, type FormField, type FormValues, type JsonSchema } from './schema-form';
import { SchemaFields } from './schema-fields';

type Draft = { provider: string; config: Record<string, unknown> };

/** One kind (PMS, spa, …): provider choice, its settings form, test connection and save. */
export function IntegrationCard({ propertyId, integration }: { propertyId: string; integration: IntegrationKind }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [provider, setProvider] = useState(integration.provider);
  const definition = integration.providers.find((candidate) => candidate.id === provider);
  const isCurrent = provider === integration.provider;
  const fields = useMemo(() => fieldsOf((definition?.configSchema ?? {}) as JsonSchema), [definition]);
  const secretFields = new Set(definition?.secretFields ?? []);
  const publicFields = fields.filter((field) => !secretFields.has(field.name));
  const initial = useMemo(() => (isCurrent ? initialValues(fields, integration.config) : {}), [fields, isCurrent, integration.config]);
  const [values, setValues] = useState<FormValues>(initial);
  const [jsonError, setJsonError] = useState<string>();

  const chooseProvider = (id: string) => {
    setProvider(id);
    setValues(id === integration.provider ? initialValues(fieldsOf((integration.providers.find((p) => p.id === id)?.configSchema ?? {}) as JsonSchema), integration.config) : {});
    test.reset();
    save.reset();
  };

  /**
   * A PUT replaces the saved settings, so it carries every saved value plus what was edited; values
   * that come from the environment or a default stay out and keep their source.
   */
  const draft = (): Draft => {
    const config: Record<string, unknown> = {};
    for (const field of fields) {
      const value = buildField(field, values);
      if (value === undefined) continue;
      const unchanged = isCurrent && JSON.stringify(value) === JSON.stringify(buildField(field, initial));
      if (!unchanged || secretFields.has(field.name) || integration.sources[field.name] === 'saved') config[field.name] = value;
    }
    return { provider, config };
  };
  const withDraft = (action: (body: Draft) => void) => {
    try {
      setJsonError(undefined);
      action(draft());
    } catch (error) {
      if (error instanceof JsonFieldError) setJsonError(error.path);
      else throw error;
    }
  };

  const test = useMutation({
    mutationFn: (body: Draft) =>
      unwrap(api.POST('/api/v1/admin/properties/{propertyId}/integrations/{kind}/test', { params: { path: { propertyId, kind: integration.kind } }, body })),
  });
  const save = useMutation({
    mutationFn: (body: Draft) =>
      unwrap(api.PUT('/api/v1/admin/properties/{propertyId}/integrations/{kind}', { params: { path: { propertyId, kind: integration.kind } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.integrations(propertyId) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    withDraft((body) => save.mutate(body));
  };
  const issues = save.error instanceof ApiError ? save.error.fieldIssues : [];
  // A test with settings missing names each one beside its field, as a refused save does.
  const fieldIssues = [...issues, ...(test.data?.issues ?? [])];
  const errorFor = (path: string) =>
    jsonError === path
      ? t.admin.invalidJson
      : fieldIssues.filter((issue) => issue.field.replace(/^config\./, '') === path).map((issue) => issue.message).join(' ') || undefined;

  return (
    <section className="card" aria-labelledby={headingId} data-kind={integration.kind}>
      <h2 id={headingId}>{t.admin.kinds[integration.kind] ?? integration.kind}</h2>
      <p className="hint">
        {t.admin.inEffect(t.admin.source[integration.providerSource] ?? integration.providerSource)}
        {integration.lastHealth && ` · ${t.admin.lastHealth(integration.lastHealth.ok, formatDateTime(integration.lastHealth.checkedAt))}`}
      </p>
      <form onSubmit={submit} noValidate>
        <SelectField label={t.admin.provider} name="provider" value={provider} onChange={(event) => chooseProvider(event.target.value)} error={errorFor('provider')}>
          {integration.providers.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </SelectField>
        {fields.length === 0 ? (
          <p>{t.admin.noSettings}</p>
        ) : (
          <SchemaFields
            idPrefix={`${integration.kind}-`}
            fields={[...publicFields, ...fields.filter((field) => secretFields.has(field.name))] satisfies FormField[]}
            values={values}
            onChange={(path, value) => setValues((current) => ({ ...current, [path]: value }))}
            secretFields={secretFields}
            secrets={isCurrent ? integration.secrets : {}}
            sources={isCurrent ? integration.sources : {}}
            errorFor={errorFor}
          />
        )}
        {test.data && (
          <Alert kind={test.data.ok ? 'success' : 'error'}>
            <p>{test.data.ok ? t.admin.testOk(test.data.message) : t.admin.testFailed(test.data.message)}</p>
          </Alert>
        )}
        {test.error && <ErrorAlert error={test.error} />}
        {save.isSuccess && (
          <Alert kind="success">
            <p>{t.admin.saved}</p>
          </Alert>
        )}
        {save.error && <ErrorAlert error={save.error} message={issues.length ? t.errors.fixFields : undefined} />}
        <div className="actions">
          <Button type="button" className="button secondary" busy={test.isPending} busyLabel={t.admin.testing} onClick={() => withDraft((body) => test.mutate(body))}>
            {t.admin.test}
          </Button>
          <Button busy={save.isPending} busyLabel={t.saving}>
            {t.admin.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
