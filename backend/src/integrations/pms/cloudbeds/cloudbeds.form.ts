/**
 * Cloudbeds v1.x runs on PHP and reads form bodies only, with nested values in bracketed names
 * (`items[0][appItemID]=ik-spa`). JSON bodies are silently ignored there, so every v1.3 write goes
 * through this encoder.
 */
export type FormInput = string | number | boolean | undefined | FormInput[] | { [key: string]: FormInput };

export function toForm(fields: Record<string, FormInput>): URLSearchParams {
  const form = new URLSearchParams();
  const add = (name: string, value: FormInput): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((entry, index) => add(`${name}[${index}]`, entry));
    } else if (typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) add(`${name}[${key}]`, entry);
    } else {
      form.append(name, String(value));
    }
  };
  for (const [name, value] of Object.entries(fields)) add(name, value);
  return form;
}
