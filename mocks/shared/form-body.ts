/**
 * `application/x-www-form-urlencoded` bodies with bracketed names, as Cloudbeds (PHP) and Stripe
 * read them (`items[0][itemTaxes][1][taxValue]=2.5`, `expand[]=charges`): nested objects and
 * arrays. This parser does the same so the mocks accept exactly what the real APIs accept: the
 * last value wins, `name[]` appends, and a level whose keys are all indexes becomes an array
 * (ordered by index).
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const NAME = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

export function parseFormBody(raw: string): FormObject {
  const root: FormObject = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    const match = NAME.exec(name);
    if (!match) continue;
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    assign(root, path, value);
  }
  return toArrays(root) as FormObject;
}

function assign(container: FormObject, path: string[], value: string): void {
  let node = container;
  path.forEach((segment, depth) => {
    const key = segment === '' ? String(Object.keys(node).length) : segment;
    if (depth === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as FormObject;
  });
}

function toArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, toArrays(value[k]!)]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]!);
  }
  return converted;
}
