import { useId } from 'react';
import type { IntegrationKind } from '../api/client';
import { t } from '../i18n';
import type { FormField, FormValues } from './schema-form';

interface Props {
  idPrefix: string;
  fields: FormField[];
  values: FormValues;
  onChange(path: string, value: string): void;
  secretFields: Set<string>;
  secrets: IntegrationKind['secrets'];
  sources: IntegrationKind['sources'];
  errorFor(path: string): string | undefined;
}

/** The inputs of a provider's settings; secrets are write-only and show only whether they are set. */
export function SchemaFields(props: Props) {
  return (
    <>
      {props.fields.map((field) => (
        <SchemaField key={field.path} field={field} {...props} />
      ))}
    </>
  );
}

function SchemaField({ field, idPrefix, values, onChange, secretFields, secrets, sources, errorFor }: Props & { field: FormField }) {
  const id = `${idPrefix}${field.path.replace(/\./g, '-')}${useId()}`;
  const isSecret = !field.path.includes('.') && secretFields.has(field.name);
  const secret = secrets[field.name];
  const source = isSecret ? secret?.source : sources[field.path];
  const error = errorFor(field.path);

  if (field.children) {
    return (
      <fieldset>
        <legend>
          {field.label}
          {source && <SourceBadge source={source} />}
        </legend>
        {field.schema.description && <p className="hint">{field.schema.description}</p>}
        {field.children.map((child) => (
          <SchemaField
            key={child.path}
            field={child}
            {...{ idPrefix, values, onChange, secretFields, secrets, sources, errorFor }}
            fields={[]}
          />
        ))}
      </fieldset>
    );
  }

  const value = values[field.path] ?? '';
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error && errorId].filter(Boolean).join(' ');
  const placeholder = field.schema.default !== undefined && typeof field.schema.default !== 'object' ? String(field.schema.default) : undefined;
  const common = { id, name: field.path, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined } as const;

  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required && <span className="hint"> ({t.admin.required})</span>}
        {isSecret && (
          <>
            {' '}
            <span className={`badge ${secret?.set ? 'ok' : 'bad'}`}>{secret?.set ? t.admin.secretSet : t.admin.secretNotSet}</span>
          </>
        )}
        {source && <SourceBadge source={source} />}
      </label>
      <span className="hint" id={hintId}>
        {[field.schema.description, isSecret && t.admin.secretHint].filter(Boolean).join(' ')}
      </span>
      {field.kind === 'boolean' ? (
        <input {...common} type="checkbox" checked={value === 'true'} onChange={(event) => onChange(field.path, String(event.target.checked))} />
      ) : field.kind === 'select' ? (
        <select {...common} value={value} onChange={(event) => onChange(field.path, event.target.value)}>
          <option value="" />
          {field.schema.enum?.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      ) : field.kind === 'json' ? (
        <textarea {...common} rows={3} value={value} onChange={(event) => onChange(field.path, event.target.value)} />
      ) : (
        <input
          {...common}
          type={isSecret ? 'password' : field.kind === 'number' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
          autoComplete={isSecret ? 'new-password' : 'off'}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(field.path, event.target.value)}
        />
      )}
      {error && (
        <span className="error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Where a value in effect comes from: saved here, the server's environment, or the default. */
function SourceBadge({ source }: { source: string }) {
  return (
    <>
      {' '}
      <span className="badge">{t.admin.sourceBadge(t.admin.source[source] ?? source)}</span>
    </>
  );
}
