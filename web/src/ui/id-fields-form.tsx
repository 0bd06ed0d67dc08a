import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Alert, ErrorAlert } from './feedback';
import { Button, TextField } from './form';

export const ID_FIELDS = ['surname', 'givenNames', 'documentNumber', 'nationality', 'issuingCountry', 'dateOfBirth', 'dateOfExpiry', 'sex'] as const;
export type IdFieldValues = Partial<Record<(typeof ID_FIELDS)[number], string>>;

/**
 * What was read from an ID, for the guest (or the desk) to confirm or correct. Each flag the
 * reading raised is said in words above the fields: nothing is accepted silently.
 */
export function IdFieldsForm(props: {
  read: Record<string, { value: string } | undefined>;
  flags: string[];
  labels: { fields: Record<string, string>; flags: Record<string, string>; intro: string; confirm: string; busy: string };
  busy: boolean;
  error: unknown;
  onConfirm(fields: IdFieldValues): void;
}) {
  const [values, setValues] = useState<IdFieldValues>(() => Object.fromEntries(ID_FIELDS.map((name) => [name, props.read[name]?.value ?? ''])));
  const issues = props.error instanceof ApiError ? props.error.fieldIssues : [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConfirm(Object.fromEntries(Object.entries(values).filter(([, value]) => value?.trim())) as IdFieldValues);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={props.labels.intro}>
      <p>{props.labels.intro}</p>
      {props.flags.length > 0 && (
        <Alert kind="warning">
          {props.flags.map((flag) => (
            <p key={flag}>{props.labels.flags[flag] ?? flag}</p>
          ))}
        </Alert>
      )}
      {props.error !== null && issues.length === 0 && <ErrorAlert error={props.error} />}
      {ID_FIELDS.map((name) => (
        <TextField
          key={name}
          label={props.labels.fields[name] ?? name}
          name={name}
          type={name.startsWith('date') ? 'date' : 'text'}
          value={values[name] ?? ''}
          autoComplete="off"
          error={issues.find((issue) => issue.field === `fields.${name}`)?.message}
          onChange={(event) => setValues((old) => ({ ...old, [name]: event.target.value }))}
        />
      ))}
      <Button busy={props.busy} busyLabel={props.labels.busy}>
        {props.labels.confirm}
      </Button>
    </form>
  );
}
