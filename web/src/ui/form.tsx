import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField({ label, hint, error, id, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const inputId = id ?? generated;
  const describedBy = [hint && `${inputId}-hint`, error && `${inputId}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <span className="hint" id={`${inputId}-hint`}>
          {hint}
        </span>
      )}
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error && (
        <span className="error" id={`${inputId}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function SelectField({ label, hint, error, id, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId();
  const selectId = id ?? generated;
  const describedBy = [hint && `${selectId}-hint`, error && `${selectId}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      {hint && (
        <span className="hint" id={`${selectId}-hint`}>
          {hint}
        </span>
      )}
      <select id={selectId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      {error && (
        <span className="error" id={`${selectId}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled textarea, its error tied to it as TextField does. */
export function TextAreaField({ label, error, id, ...textarea }: Omit<FieldProps, 'hint'> & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <textarea id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} {...textarea} />
      {error && (
        <span className="error" id={`${fieldId}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function Button({ busy, busyLabel, children, className = 'button', ...button }: {
  busy?: boolean;
  busyLabel?: string;
} & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="submit" className={className} disabled={busy || button.disabled} aria-busy={busy || undefined} {...button}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
