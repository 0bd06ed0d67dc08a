import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type AdminStaffUser } from '../api/client';
import { t } from '../i18n';
import { Alert, ErrorAlert } from '../ui/feedback';
import { Button, SelectField, TextField } from '../ui/form';
import { staffKeys, useStaff } from '../staff/staff-context';

type Role = AdminStaffUser['role'];
const ROLES = Object.keys(t.staffUsers.roles) as Role[];

/** Field messages from a 400/403/409 `details`; `propertyIds.0` belongs to the `propertyIds` group. */
function fieldErrors(error: unknown) {
  const issues = error instanceof ApiError ? error.fieldIssues : [];
  return {
    any: issues.length > 0,
    for: (field: string) =>
      issues
        .filter((issue) => issue.field === field || issue.field.startsWith(`${field}.`))
        .map((issue) => issue.message)
        .join(' ') || undefined,
  };
}

function RoleField({ value, onChange, error, disabled, hint }: { value: Role; onChange(role: Role): void; error?: string | undefined; disabled?: boolean; hint?: string }) {
  return (
    <SelectField label={t.staffUsers.role} name="role" value={value} onChange={(event) => onChange(event.target.value as Role)} error={error} disabled={disabled} hint={hint}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t.staffUsers.roles[role]}
        </option>
      ))}
    </SelectField>
  );
}

/** One checkbox per property the admin manages; the error is tied to the group. */
function PropertyChoices({ value, onChange, error }: { value: string[]; onChange(ids: string[]): void; error?: string | undefined }) {
  const { me } = useStaff();
  const errorId = useId();
  return (
    <fieldset className="field" aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>{t.staffUsers.properties}</legend>
      {me.properties.map((property) => (
        <label className="choice" key={property.id}>
          <input
            type="checkbox"
            name="propertyIds"
            value={property.id}
            checked={value.includes(property.id)}
            onChange={(event) => onChange(event.target.checked ? [...value, property.id] : value.filter((id) => id !== property.id))}
          />
          {property.name}
        </label>
      ))}
      {error && (
        <span className="error" id={errorId}>
          {error}
        </span>
      )}
    </fieldset>
  );
}

export function CreateStaffUserForm() {
  const { propertyId } = useStaff();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('front_desk');
  const [propertyIds, setPropertyIds] = useState<string[]>([propertyId]);
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/admin/staff-users', { body: { email, name, role, propertyIds, password } })),
    onSuccess: () => {
      setEmail('');
      setName('');
      setPassword('');
      return queryClient.invalidateQueries({ queryKey: staffKeys.staffUsers });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.staffUsers.createTitle}</h2>
      <form onSubmit={submit} noValidate>
        <TextField label={t.staffUsers.email} name="email" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} error={errors.for('email')} />
        <TextField label={t.staffUsers.name} name="name" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} error={errors.for('name')} />
        <RoleField value={role} onChange={setRole} error={errors.for('role')} />
        <PropertyChoices value={propertyIds} onChange={setPropertyIds} error={errors.for('propertyIds')} />
        <TextField
          label={t.staffUsers.password}
          hint={t.staffUsers.passwordHint}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.for('password')}
        />
        {create.isSuccess && (
          <Alert kind="success">
            <p>{t.staffUsers.created(create.data.name)}</p>
          </Alert>
        )}
        {create.error && <ErrorAlert error={create.error} message={errors.any ? t.errors.fixFields : undefined} />}
        <div className="actions">
          <Button busy={create.isPending} busyLabel={t.saving}>
            {t.staffUsers.create}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** Name, role and properties of an existing user; properties the admin does not manage stay as they are. */
export function EditStaffUserForm({ user, onDone }: { user: AdminStaffUser; onDone(): void }) {
  const { me } = useStaff();
  const queryClient = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const self = user.id === me.id;
  const managed = new Set(me.properties.map((property) => property.id));
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [propertyIds, setPropertyIds] = useState(user.properties.map((property) => property.id).filter((id) => managed.has(id)));
  // Opening the form moves focus to it, so keyboard and screen reader users land where they work.
  useEffect(() => headingRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/v1/admin/staff-users/{staffId}', { params: { path: { staffId: user.id } }, body: { name, role, propertyIds } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: staffKeys.staffUsers });
      if (self) await queryClient.invalidateQueries({ queryKey: staffKeys.me });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <section className="card" aria-labelledby={headingId} data-editing={user.email}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t.staffUsers.editTitle(user.name)}
      </h2>
      <form onSubmit={submit} noValidate>
        <TextField label={t.staffUsers.name} name="name" value={name} onChange={(event) => setName(event.target.value)} error={errors.for('name')} />
        <RoleField value={role} onChange={setRole} error={errors.for('role')} disabled={self} hint={self ? t.staffUsers.ownRoleHint : undefined} />
        <PropertyChoices value={propertyIds} onChange={setPropertyIds} error={errors.for('propertyIds')} />
        {save.error && <ErrorAlert error={save.error} message={errors.any ? t.errors.fixFields : undefined} />}
        <div className="actions">
          <Button busy={save.isPending} busyLabel={t.saving}>
            {t.staffUsers.save}
          </Button>
          <button type="button" className="button secondary" onClick={onDone}>
            {t.staffUsers.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
