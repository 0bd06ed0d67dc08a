import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, type RequestCategory } from '../api/client';
import { useMessages } from '../i18n';
import { Alert, ErrorAlert } from './feedback';
import { Button, SelectField, TextAreaField } from './form';

export interface NewRequestBody {
  category: string;
  items?: string[];
  note?: string;
}

/**
 * What to ask for (category, its items, a note): the guest's own form and the staff's on behalf
 * of a guest, which differ only in where they send it and what they say.
 */
export function NewRequestForm({
  categories,
  send,
  onSent,
  labels,
}: {
  categories: Array<Pick<RequestCategory, 'code' | 'name' | 'items'>>;
  send: (body: NewRequestBody) => Promise<unknown>;
  onSent: () => void;
  labels: { category: string; submit: string; sent: string };
}) {
  const m = useMessages();
  const [category, setCategory] = useState('');
  const [items, setItems] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const chosen = categories.find((candidate) => candidate.code === category);

  const create = useMutation({
    mutationFn: () => send({ category, ...(items.length && { items }), ...(note.trim() && { note: note.trim() }) }),
    onSuccess: () => {
      setCategory('');
      setItems([]);
      setNote('');
      onSent();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const issues = create.error instanceof ApiError ? create.error.fieldIssues : [];
  const errorFor = (field: string) => issues.find((issue) => issue.field === field)?.message;

  return (
    <form onSubmit={submit} noValidate>
      {create.isSuccess && (
        <Alert kind="success">
          <p>{labels.sent}</p>
        </Alert>
      )}
      {create.error && <ErrorAlert error={create.error} message={issues.length ? m.errors.fixFields : undefined} />}
      <SelectField
        label={labels.category}
        name="category"
        value={category}
        onChange={(event) => {
          setCategory(event.target.value);
          setItems([]);
        }}
        error={errorFor('category')}
      >
        <option value="">{m.requests.choose}</option>
        {categories.map((candidate) => (
          <option key={candidate.code} value={candidate.code}>
            {candidate.name}
          </option>
        ))}
      </SelectField>
      {chosen && chosen.items.length > 0 && (
        <fieldset>
          <legend>{m.requests.items}</legend>
          {chosen.items.map((item) => (
            <label className="choice" key={item}>
              <input
                type="checkbox"
                name="items"
                value={item}
                checked={items.includes(item)}
                onChange={(event) => setItems((current) => (event.target.checked ? [...current, item] : current.filter((other) => other !== item)))}
              />
              {item}
            </label>
          ))}
        </fieldset>
      )}
      <TextAreaField
        label={m.requests.note}
        name="note"
        rows={2}
        maxLength={1000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={errorFor('note')}
      />
      <Button busy={create.isPending} busyLabel={m.requests.sending} disabled={!category}>
        {labels.submit}
      </Button>
    </form>
  );
}
